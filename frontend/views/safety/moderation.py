"""The moderation queue, one case with its actions, and "Moderate" straight from a thing.
Moderators see every case; an organisation's staff see their own organisation's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.safety import moderation, permissions, selectors
from community.safety.registry import reportable_kind, reportable_kinds
from forums.selectors.categories import categories_for
from frontend.attempts import attempt
from frontend.forms.safety import CaseActionForm, QueueFilterForm
from frontend.shared.safety import ACTION_DONE, case_actions, reasons_by_case


def _queue_viewer(request):
    if not permissions.can_see_queue(request.user):
        raise PermissionDenied("Only moderators and organisation staff can see this.")
    return request.user


@login_required
def moderation_queue(request):
    viewer = _queue_viewer(request)
    kinds = [(kind.name, kind.title.capitalize()) for kind in reportable_kinds()]
    form = QueueFilterForm(request.GET, kinds=kinds)
    cases = selectors.queue_for(viewer=viewer, **form.chosen())
    reasons = reasons_by_case(cases)
    for case in cases:
        case.reasons = reasons.get(case.pk, [])
    context = {
        "form": form,
        "cases": cases,
        "may_read_audit": permissions.can_read_audit_log(viewer),
    }
    return render(request, "frontend/safety/queue.html", context)


@login_required
def moderation_case(request, case_id: int):
    viewer = _queue_viewer(request)
    case = selectors.case_for_viewer(viewer=viewer, case_id=case_id)
    if case is None:
        raise Http404("No such case.")
    actions = case_actions(viewer, case)
    categories = _categories(viewer) if any(value == "move" for value, _ in actions) else ()
    if request.method != "POST":
        form = CaseActionForm(actions=actions, categories=categories)
        return _render_case(request, case, form)
    form = CaseActionForm(request.POST, actions=actions, categories=categories)
    if form.is_valid():
        with attempt(form) as tried:
            moderation.act_on_case(
                actor=viewer,
                case=case,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                category_id=form.cleaned_data.get("category_id"),
            )
        if tried.succeeded:
            messages.success(request, ACTION_DONE.get(form.cleaned_data["action"], "Done."))
            return redirect("moderation_queue")
    return _render_case(request, case, form, status=400)


def _categories(viewer) -> list[tuple[int, str]]:
    return [(category.pk, category.name) for category in categories_for(viewer=viewer)]


def _render_case(request, case, form, status: int = 200):
    context = {"case": case, "form": form, "thing": case.described}
    return render(request, "frontend/safety/case.html", context, status=status)


@login_required
@require_POST
def moderation_thing(request, kind: str, object_id: int):
    """A "Moderate" button on a post, a message or an event: its open case, opened if none."""
    viewer = _queue_viewer(request)
    if reportable_kind(kind) is None:
        raise Http404("Nothing like that to moderate.")
    with attempt(request=request) as tried:
        case = moderation.case_for_thing(actor=viewer, kind=kind, object_id=object_id)
    if not tried.succeeded:
        return redirect("moderation_queue")
    return redirect("moderation_case", case.pk)
