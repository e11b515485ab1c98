"""An organisation's staff see their advisors and planning partners: roles, paused or not, how
many requests each holds and how long the oldest has waited (numbers and times, never what
anyone wrote); they pause or resume someone, and ask a helper to take a waiting request.
Anyone else gets 404: not even whether the organisation has helpers leaks."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from community.models import Organisation
from community.support import selectors
from community.support.models import SupportRequest
from community.support.permissions import can_see_organisation_support
from community.support.selectors import listing_of
from community.support.services.listings import pause_helper, resume_helper
from frontend.attempts import attempt
from frontend.forms.support import PauseHelperForm


@login_required
def organisation_support(request, slug):
    organisation = _organisation_or_404(request, slug)
    return _render(request, organisation)


@login_required
@require_POST
def pause(request, slug, person_id):
    organisation = _organisation_or_404(request, slug)
    summary = next(
        (
            summary
            for summary in selectors.organisation_helpers(organisation=organisation)
            if summary.person.pk == person_id
        ),
        None,
    )
    if summary is None:
        raise Http404("No such helper.")
    form = PauseHelperForm(request.POST, person_id=person_id)
    if form.is_valid():
        helper = summary.person
        with attempt(form) as tried:
            if form.cleaned_data["action"] == "pause":
                pause_helper(
                    staff=request.user,
                    organisation=organisation,
                    helper=helper,
                    reason=form.cleaned_data["reason"],
                )
                done = f"{helper.display_name} is paused: they take no new requests for now."
            else:
                resume_helper(staff=request.user, organisation=organisation, helper=helper)
                done = f"{helper.display_name} can take new requests again."
        if tried.succeeded:
            messages.success(request, done)
            return redirect("organisation_support", organisation.slug)
    return _render(request, organisation, failed_form=form, status=400)


def _organisation_or_404(request, slug) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_see_organisation_support(request.user, organisation):
        raise Http404("No such page.")
    return organisation


def _render(request, organisation, *, failed_form=None, status=200):
    helpers = selectors.organisation_helpers(organisation=organisation)
    _say_who_paused(helpers, organisation)
    for summary in helpers:
        summary.waiting_words = waiting_words(summary.oldest_open_waiting)
        if failed_form is not None and failed_form.prefix == f"pause-{summary.person.pk}":
            summary.pause_form = failed_form
        else:
            summary.pause_form = PauseHelperForm(person_id=summary.person.pk)
    requests = list(selectors.requests_for_organisation(organisation=organisation))
    now = timezone.now()
    for support_request in requests:
        support_request.waited = waiting_words(now - support_request.created)
    context = {
        "organisation": organisation,
        "helpers": helpers,
        "can_take": [summary.person for summary in helpers if not _paused(summary)],
        "waiting": [r for r in requests if r.state == SupportRequest.State.OPEN],
        "accepted_count": sum(1 for r in requests if r.state == SupportRequest.State.ACCEPTED),
        "failed_form": failed_form,
    }
    return render(request, "frontend/support/organisation.html", context, status=status)


def _say_who_paused(helpers, organisation) -> None:
    """Which organisation's staff paused each helper. Only that organisation can resume them,
    so a pause by another one is named, not offered as a "Resume" button that would fail. Their
    names cost one query, and only when someone is paused elsewhere."""
    paused_by = {}
    for summary in helpers:
        listing = listing_of(summary.person)  # joined by the selector: no query
        summary.paused_here = bool(listing and listing.paused_by_organisation_id == organisation.pk)
        if summary.paused_by_organisation and not summary.paused_here:
            paused_by[summary.person.pk] = listing.paused_by_organisation_id
    names = dict(
        Organisation.objects.filter(pk__in=set(paused_by.values())).values_list("pk", "name")
        if paused_by
        else ()
    )
    for summary in helpers:
        summary.paused_elsewhere_by = names.get(paused_by.get(summary.person.pk), "")


def _paused(summary) -> bool:
    return summary.paused or summary.paused_by_organisation


def waiting_words(waited: datetime.timedelta | None) -> str:
    """ "3 days", "5 hours", "less than an hour": how long, as people say it."""
    if waited is None:
        return ""
    if waited.days >= 1:
        return f"{waited.days} day{'s' if waited.days != 1 else ''}"
    hours = waited.seconds // 3600
    if hours >= 1:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return "less than an hour"
