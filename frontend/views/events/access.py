"""Access needs to arrange, for an organisation's staff: the to-do list (still to arrange, or
answered) and the answer to one need (arranged, or it cannot be, with a reply the booker is
told)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from events import selectors
from events.models import AccessRequest
from events.services.access_requests import answer_access_request
from frontend.attempts import attempt
from frontend.forms.access import AccessAnswerForm
from frontend.shared.access import present
from frontend.shared.events import staff_organisation
from frontend.shared.paging import page_of

SHOWS = [("open", "To arrange"), ("done", "Answered")]
PER_PAGE = 25


@login_required
def access_requests(request, org_slug):
    organisation = staff_organisation(request, org_slug)
    show = request.GET.get("show", "open")
    if show not in dict(SHOWS):
        show = "open"
    if show == "open":
        items = selectors.access_to_arrange(organisation=organisation)
    else:
        items = selectors.access_answered(organisation=organisation)
    page = page_of(items, request, per_page=PER_PAGE)
    for item in page.object_list:
        present(item)
    context = {"organisation": organisation, "show": show, "shows": SHOWS, "page": page}
    return render(request, "frontend/events/manage/access.html", context)


@login_required
def access_answer(request, org_slug, request_id):
    organisation = staff_organisation(request, org_slug)
    item = selectors.access_request_for(organisation=organisation, request_id=request_id)
    if item is None:
        raise Http404
    if request.method != "POST":
        return _render_answer(request, organisation, present(item))
    form = AccessAnswerForm(request.POST, item=item)
    if form.is_valid():
        with attempt(form) as tried:
            answered = answer_access_request(
                staff=request.user,
                request=item,
                status=form.cleaned_data["status"],
                reply=form.cleaned_data["reply"],
            )
        if tried.succeeded:
            messages.success(request, _done_message(present(answered)))
            return redirect(reverse("events_access_requests", args=[organisation.slug]))
    return _render_answer(request, organisation, present(item, form=form), status=400)


def _render_answer(request, organisation, item, *, status=200):
    context = {"organisation": organisation, "item": item}
    return render(request, "frontend/events/manage/access_answer.html", context, status=status)


def _done_message(item: AccessRequest) -> str:
    answer = "arranged" if item.status == AccessRequest.Status.ARRANGED else "cannot be arranged"
    if item.tell_by_phone:
        return (
            f"{item.label} for {item.attendee}: {answer}. They have no account, so tell them "
            "by phone."
        )
    return f"{item.label} for {item.attendee}: {answer}. We have told {item.booking.name}."
