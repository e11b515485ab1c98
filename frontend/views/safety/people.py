"""One person as moderators see them: who they are, whether they are suspended or banned, the
cases about what they wrote, and (moderators only) warning, suspending, banning and removing
everything they posted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from community import selectors as community_selectors
from community.models import User
from community.permissions import is_barred
from community.safety import permissions, restrictions, selectors
from frontend.attempts import attempt
from frontend.forms.safety import PersonActionForm
from frontend.shared.safety import PERSON_ACTION_DONE


@login_required
def moderation_person(request, person_id: int):
    viewer = request.user
    if not permissions.can_see_queue(viewer):
        raise PermissionDenied("Only moderators and organisation staff can see this.")
    person = community_selectors.people_with_badges(User.objects.filter(pk=person_id)).first()
    if person is None:
        raise Http404("No such person.")
    may_act = permissions.can_act_on_people(viewer)
    cases = selectors.cases_about(viewer=viewer, person=person)
    if not may_act and not cases:
        # Staff see a person only through a case of their organisation about them.
        raise Http404("No such person.")
    form = PersonActionForm(request.POST or None) if may_act else None
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied("Only moderators can do this.")
        if form.is_valid():
            with attempt(form) as tried:
                restrictions.act_on_person(
                    actor=viewer,
                    person=person,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                    days=form.cleaned_data["days"],
                )
            if tried.succeeded:
                done = PERSON_ACTION_DONE.get(form.cleaned_data["action"], "Done.")
                messages.success(request, done.format(name=person.display_name))
                return redirect("moderation_person", person.pk)
    context = {
        "person": person,
        "barred": is_barred(person),
        "shows_bar": may_act,  # the reason and dates of a bar are for moderators only
        "cases": cases,
        "form": form,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "frontend/safety/person.html", context, status=status)
