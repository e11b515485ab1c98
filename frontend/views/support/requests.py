"""A member's requests, one request's page, and the buttons on it. Each button is a POST form
shown only to whoever may press it; the service checks again. A request the viewer may not see
is 404, whether or not it exists, so nothing leaks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from community.areas import AREA_NAMES
from community.languages import LANGUAGE_NAMES
from community.support import permissions, selectors
from community.support.models import SupportRequest
from community.support.plan_permissions import can_start_plan
from community.support.services import requests as services
from frontend.attempts import attempt
from frontend.forms.support import DidItHelpForm, HandOverForm, ReassignForm
from frontend.shared.paging import page_of
from frontend.shared.safety import show_urgent_help

State = SupportRequest.State


@login_required
def my_requests(request):
    page = page_of(selectors.my_requests(member=request.user), request)
    return render(request, "frontend/support/my_requests.html", {"page": page})


@login_required
def request_detail(request, request_id):
    return _render_detail(request, _visible_or_404(request, request_id))


def _visible_or_404(request, request_id) -> SupportRequest:
    support_request = selectors.request_for(viewer=request.user, request_id=request_id)
    if support_request is None:
        raise Http404("No such request.")
    return support_request


def _render_detail(request, support_request, status=200, **forms):
    viewer = request.user
    may = _what_viewer_may_do(viewer, support_request)
    if may["reassign"] and "reassign_form" not in forms:
        forms["reassign_form"] = ReassignForm(
            helpers=selectors.helpers_for_request(request=support_request),
            support_request=support_request,
        )
    forms.setdefault("hand_over_form", HandOverForm())
    forms.setdefault("did_it_help_form", DidItHelpForm())
    is_member = support_request.member_id == viewer.pk
    context = {
        "support_request": support_request,
        "may": may,
        "is_member": is_member,
        "in_the_conversation": is_member or support_request.advisor_id == viewer.pk,
        # Handed to the staff: it waits for them however long, so no "open until" date.
        "with_staff": permissions.is_with_the_staff(support_request),
        "area_name": AREA_NAMES.get(support_request.area, ""),
        "language_name": LANGUAGE_NAMES.get(support_request.language, ""),
        "plan": _plan_from(viewer, support_request) if may["start_plan"] else None,
        **forms,
    }
    return render(request, "frontend/support/request.html", context, status=status)


def _what_viewer_may_do(viewer, support_request) -> dict[str, bool]:
    is_member = support_request.member_id == viewer.pk
    return {
        "accept": permissions.can_accept_request(viewer, support_request),
        "withdraw": permissions.can_withdraw_request(viewer, support_request),
        "close": permissions.can_close_request(viewer, support_request),
        "hand_over": permissions.can_hand_over_request(viewer, support_request),
        "reassign": permissions.can_reassign_request(viewer, support_request),
        "see_hand_over_note": permissions.can_see_hand_over_note(viewer, support_request),
        "answer": permissions.can_answer_did_it_help(viewer, support_request)
        and support_request.helped is None,
        "send_again": permissions.can_send_again(viewer, support_request),
        "start_plan": is_member
        and support_request.wants == SupportRequest.Wants.PLAN
        and support_request.state == State.ACCEPTED
        and can_start_plan(viewer, request=support_request),
    }


def _plan_from(viewer, support_request):
    """The plan the member already started from this request, so they open it, not a second."""
    return support_request.plans.filter(owner=viewer).first()


def _back(request, support_request):
    """Back to the request, or to the staff page the button was pressed on."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(wanted)
    return redirect("support_request", support_request.pk)


def _act(request, request_id, action, done: str):
    """Press one button: run the service; its "no" shows as a message on the request page."""
    support_request = _visible_or_404(request, request_id)
    with attempt(request=request) as tried:
        result = action(support_request)
    if tried.succeeded:
        messages.success(request, done)
        return redirect("support_request", result.pk)
    return _back(request, support_request)


@login_required
@require_POST
def accept(request, request_id):
    return _act(
        request,
        request_id,
        lambda it: services.accept_request(person=request.user, request=it),
        "You took this request. We told them, and a private conversation is open for you both.",
    )


@login_required
@require_POST
def withdraw(request, request_id):
    return _act(
        request,
        request_id,
        lambda it: services.withdraw_request(member=request.user, request=it),
        "You withdrew your request. You can send it again from this page.",
    )


@login_required
@require_POST
def close(request, request_id):
    return _act(
        request,
        request_id,
        lambda it: services.close_request(person=request.user, request=it),
        "This request is closed.",
    )


@login_required
@require_POST
def send_again(request, request_id):
    def send(it):
        again = services.send_again(member=request.user, request=it)
        if again.urgent_help:
            show_urgent_help(request, again.organisation_id)  # where to get help now
        return again

    return _act(
        request,
        request_id,
        send,
        "Your request is sent again. We will tell you when someone takes it.",
    )


@login_required
@require_POST
def hand_over(request, request_id):
    support_request = _visible_or_404(request, request_id)
    form = HandOverForm(request.POST)
    if form.is_valid():
        with attempt(form) as tried:
            services.hand_over_request(
                person=request.user,
                request=support_request,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        if tried.succeeded:
            messages.success(request, "You handed this request to the staff. They have been told.")
            # They can no longer see it (it is with the staff until they give it to someone),
            # so go to My help.
            return redirect("my_help")
    return _render_detail(request, support_request, status=400, hand_over_form=form)


@login_required
@require_POST
def reassign(request, request_id):
    support_request = _visible_or_404(request, request_id)
    if not permissions.can_reassign_request(request.user, support_request):
        raise PermissionDenied
    form = ReassignForm(
        request.POST,
        helpers=selectors.helpers_for_request(request=support_request),
        support_request=support_request,
    )
    if form.is_valid():
        helper = form.chosen_helper()
        with attempt(form, field_names={"helper": "helper"}) as tried:
            services.reassign_request(staff=request.user, request=support_request, helper=helper)
        if tried.succeeded:
            messages.success(request, f"{helper.display_name} has been asked to take this request.")
            return _back(request, support_request)
    return _render_detail(request, support_request, status=400, reassign_form=form)


@login_required
@require_POST
def did_it_help(request, request_id):
    support_request = _visible_or_404(request, request_id)
    form = DidItHelpForm(request.POST)
    if form.is_valid():
        with attempt(form) as tried:
            services.answer_did_it_help(
                member=request.user,
                request=support_request,
                helped=form.cleaned_data["helped"],
                note=form.cleaned_data["note"],
            )
        if tried.succeeded:
            messages.success(request, "Thank you for telling us.")
            return redirect("support_request", support_request.pk)
    return _render_detail(request, support_request, status=400, did_it_help_form=form)
