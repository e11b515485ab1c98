"""People pages: a public profile, and editing one's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from community import selectors
from community.errors import CommunityError, NotAllowed
from community.services.profiles import update_profile
from frontend.forms.errors import add_community_error
from frontend.forms.profiles import ProfileForm


def person_detail(request, pk):
    person = selectors.public_person(person_id=pk)
    if person is None:
        raise Http404("No such person.")
    return render(
        request,
        "frontend/people/person.html",
        {"person": person, "is_me": request.user.is_authenticated and request.user.pk == pk},
    )


@login_required
def my_profile(request):
    if request.method != "POST":
        form = ProfileForm(initial=ProfileForm.initial_for(request.user))
        return render(request, "frontend/people/my_profile.html", {"form": form})
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            update_profile(editor=request.user, person=request.user, **form.cleaned_data)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except CommunityError as error:
            add_community_error(form, error)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("my_profile")
    # A refused change may have altered the signed-in person in memory (the header shows their
    # name), so read the stored one back.
    request.user.refresh_from_db()
    return render(request, "frontend/people/my_profile.html", {"form": form}, status=400)
