"""People pages: a public profile, and editing one's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from community import selectors
from community.chat.permissions import can_start_conversation
from community.permissions import can_edit_profile, can_see_about
from community.safety.selectors import blocked_by
from community.services.profiles import ensure_profile, update_profile
from frontend.attempts import attempt
from frontend.forms.profiles import ProfileForm
from frontend.shared.support import profile_help


def person_detail(request, pk):
    person = selectors.public_person(person_id=pk)
    if person is None:
        raise Http404("No such person.")
    viewer = request.user
    # Someone signed in, looking at another person: they may block them, and perhaps message.
    other = viewer.is_authenticated and viewer.pk != person.pk
    context = {
        "person": person,
        "is_me": can_edit_profile(viewer, person),
        "show_about": can_see_about(viewer, person),
        "is_other": other,
        "may_message": other and can_start_conversation(viewer, person),
        "i_blocked": other and blocked_by(person=viewer).filter(blocked=person).exists(),
        **profile_help(viewer, person),
    }
    return render(request, "frontend/people/person.html", context)


@login_required
def my_profile(request):
    if request.method != "POST":
        profile = ensure_profile(person=request.user)
        form = ProfileForm(initial=ProfileForm.initial_for(request.user, profile))
        return render(request, "frontend/people/my_profile.html", {"form": form})
    form = ProfileForm(request.POST)
    if form.is_valid():
        with attempt(form) as tried:
            update_profile(editor=request.user, person=request.user, **form.cleaned_data)
        if tried.succeeded:
            messages.success(request, "Your profile is saved.")
            return redirect("my_profile")
    # A refused change may have altered the signed-in person in memory (the header shows their
    # name), so read the stored one back.
    request.user.refresh_from_db()
    return render(request, "frontend/people/my_profile.html", {"form": form}, status=400)
