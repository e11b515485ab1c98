"""One plan's page, and the forms on it: comments (and resolving them), booking and cancelling
planning sessions. A form with a problem shows the whole page again with its errors. A planning
session is a one-to-one appointment that shows in both people's calendar feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from community.support import plan_permissions as can
from community.support.models import Plan
from community.support.services.plans import (
    book_planning_session,
    cancel_planning_session,
    comment_on_plan,
    resolve_comment,
)
from frontend.attempts import attempt
from frontend.forms.plans import CommentForm, SessionForm
from frontend.shared.plans import plan_or_404, upcoming_sessions

# What the service calls a field, and what the form calls it.
SESSION_FIELDS = {"starts": "day", "ends": "minutes"}


@login_required
def plan_detail(request, plan_id):
    return render_plan(request, plan_or_404(request, plan_id))


def render_plan(request, plan: Plan, *, comment_form=None, session_form=None, status=200):
    """The plan page; the comment and session views show it again with their form's errors."""
    viewer = request.user
    may_comment = can.can_comment_on_plan(viewer, plan)
    may_book = can.can_book_planning_session(viewer, plan)
    sections, general = _sections_with_comments(plan, viewer)
    context = {
        "plan": plan,
        "sections": sections,
        "general_open": [c for c in general if c.resolved_at is None],
        "general_resolved": [c for c in general if c.resolved_at is not None],
        "can_edit": can.can_edit_plan(viewer, plan),
        "can_share": can.can_share_plan(viewer, plan),
        "can_comment": may_comment,
        "can_book": may_book,
        "sessions": _sessions_for(viewer, plan),
        "comment_form": (comment_form or CommentForm()) if may_comment else None,
        "session_form": (session_form or SessionForm()) if may_book else None,
    }
    return render(request, "frontend/plans/plan.html", context, status=status)


def _sessions_for(viewer, plan: Plan):
    """The sessions to come, each saying whether this viewer is one of the two meeting: only
    they see where it is, and only they can cancel it."""
    sessions = upcoming_sessions(plan)
    for session in sessions:
        session.in_it = can.can_see_session_details(viewer, session)
    return sessions


def _sections_with_comments(plan: Plan, viewer):
    """Each section with its open and resolved comments; and the comments on the whole plan.
    Everything comes prefetched with the plan, so this asks the database nothing."""
    sections = list(plan.sections.all())
    by_section = {section.pk: section for section in sections}
    for section in sections:
        section.open_comments, section.resolved_comments = [], []
    general = []
    for comment in plan.comments.all():
        comment.can_resolve = can.can_resolve_comment(viewer, comment)
        section = by_section.get(comment.section_id)
        if section is None:
            general.append(comment)
        elif comment.resolved_at is None:
            section.open_comments.append(comment)
        else:
            section.resolved_comments.append(comment)
    return sections, general


@login_required
@require_POST
def comment_add(request, plan_id):
    plan = plan_or_404(request, plan_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        with attempt(form) as tried:
            comment = comment_on_plan(
                person=request.user,
                plan=plan,
                body=form.cleaned_data["body"],
                part=form.cleaned_data["part"],
            )
        if tried.succeeded:
            messages.success(request, "Your comment is on the plan.")
            return redirect(f"{reverse('plan', args=[plan.pk])}#comment-{comment.pk}")
    return render_plan(request, plan, comment_form=form, status=400)


@login_required
@require_POST
def comment_resolve(request, plan_id, comment_id):
    plan = plan_or_404(request, plan_id)
    comment = next((c for c in plan.comments.all() if c.pk == comment_id), None)
    if comment is None:
        raise Http404
    resolved = request.POST.get("resolved", "yes") != "no"
    with attempt(request=request) as tried:
        resolve_comment(person=request.user, comment=comment, resolved=resolved)
    if tried.succeeded:
        messages.success(
            request,
            "Marked as resolved. You can still find it under “Resolved comments”."
            if resolved
            else "The comment is open again.",
        )
    return redirect(f"{reverse('plan', args=[plan.pk])}#comment-{comment.pk}")


@login_required
@require_POST
def session_book(request, plan_id):
    plan = plan_or_404(request, plan_id)
    form = SessionForm(request.POST)
    if form.is_valid():
        with attempt(form, field_names=SESSION_FIELDS) as tried:
            session = book_planning_session(
                person=request.user,
                plan=plan,
                starts=form.starts(),
                minutes=form.cleaned_data["minutes"],
                way=form.cleaned_data["way"],
                where=form.cleaned_data["where"],
            )
        if tried.succeeded:
            other = plan.partner if request.user.pk == plan.owner_id else plan.owner
            messages.success(
                request,
                f"Your planning session is booked. We have told {other.display_name}, and it is "
                "in both your calendars.",
            )
            return redirect(f"{reverse('plan', args=[plan.pk])}#session-{session.pk}")
    return render_plan(request, plan, session_form=form, status=400)


@login_required
def session_cancel(request, plan_id, session_id):
    plan = plan_or_404(request, plan_id)
    session = next((s for s in upcoming_sessions(plan) if s.pk == session_id), None)
    if session is None:
        raise Http404
    if not can.can_book_planning_session(request.user, plan):
        raise PermissionDenied
    if not can.can_see_session_details(request.user, session):
        raise PermissionDenied  # a session from before they were the partner
    tried = attempt()
    if request.method == "POST":
        with tried:
            cancel_planning_session(person=request.user, session=session)
        if tried.succeeded:
            messages.success(
                request, "The planning session is cancelled. We have told the other person."
            )
            return redirect("plan", plan.pk)
    context = {"plan": plan, "session": session, "error": tried.message}
    return render(request, "frontend/plans/session_cancel.html", context)
