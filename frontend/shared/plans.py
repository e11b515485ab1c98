"""What the support plan pages share: finding the plan (and the part of it) an address names,
or answering 404."""

from django.http import Http404
from django.utils import timezone

from community.support.models import Plan, PlanningSession, PlanSection
from community.support.plan_selectors import plan_for


def plan_or_404(request, plan_id: int) -> Plan:
    """The plan, if the viewer may see it. Missing and private look the same, so a plan's
    address tells a stranger nothing."""
    plan = plan_for(viewer=request.user, plan_id=plan_id)
    if plan is None:
        raise Http404
    return plan


def section_or_404(plan: Plan, part: str) -> PlanSection:
    # The sections come prefetched with the plan: no query.
    for section in plan.sections.all():
        if section.part == part:
            return section
    raise Http404


def upcoming_sessions(plan: Plan) -> list[PlanningSession]:
    """The plan's planning sessions still to come and not called off, soonest first. They come
    prefetched with the plan (with both people): no query."""
    now = timezone.now()
    return [
        session
        for session in plan.sessions.all()
        if session.appointment.cancelled_at is None and session.appointment.ends > now
    ]
