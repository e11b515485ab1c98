"""Reading support plans: one plan with everything its page shows, in a fixed number of queries,
and the lists of plans a person has a part in. A plan someone may not see is simply not there."""

from django.db.models import Prefetch, Q, QuerySet

from community.models import User
from community.permissions import Person, is_signed_in
from community.support.models import (
    Plan,
    PlanComment,
    PlanningSession,
    PlanRevision,
    PlanSection,
    PlanShare,
)
from community.support.plan_permissions import can_see_plan


def plan_for(*, viewer: Person | None, plan_id: int | str) -> Plan | None:
    """The plan with its sections, comments (with their authors), shares (with the people) and
    planning sessions (with both people), or None when there is no such plan or the viewer may
    not see it. The same queries however many comments or changes it has."""
    try:
        plan_id = int(plan_id)
    except (TypeError, ValueError):
        return None
    if not is_signed_in(viewer):
        return None
    plan = (
        Plan.objects.filter(pk=plan_id)
        .select_related("owner", "partner", "organisation")
        .prefetch_related(
            Prefetch("sections", queryset=PlanSection.objects.order_by("position")),
            Prefetch(
                "comments",
                queryset=PlanComment.objects.select_related("author", "resolved_by", "section"),
            ),
            Prefetch("shares", queryset=PlanShare.objects.select_related("person")),
            Prefetch(
                "sessions",
                queryset=PlanningSession.objects.select_related(
                    "appointment__organiser", "appointment__guest"
                ).order_by("appointment__starts", "pk"),
            ),
        )
        .first()
    )
    if plan is None or not can_see_plan(viewer, plan):
        return None
    return plan


def plans_for(*, person: Person | None) -> QuerySet[Plan]:
    """Every plan the person has a part in: their own, as planning partner, and shared with
    them; each once, most recently changed first."""
    if not is_signed_in(person):
        return Plan.objects.none()
    shared = PlanShare.objects.filter(person=person).values("plan_id")
    return Plan.objects.filter(
        Q(owner=person) | Q(partner=person) | Q(pk__in=shared)
    ).select_related("owner", "partner")


def plans_as_partner(*, person: User) -> QuerySet[Plan]:
    """The plans a planning partner helps with (for "My help")."""
    if not is_signed_in(person):
        return Plan.objects.none()
    return Plan.objects.filter(partner=person).select_related("owner")


def section_history(*, viewer: Person | None, plan: Plan, part: str) -> QuerySet[PlanRevision]:
    """Every saved version of one part of the plan, newest first, with who saved it. Nothing
    for someone who may not see the plan, or for a part that does not exist."""
    if part not in PlanSection.Part.values or not can_see_plan(viewer, plan):
        return PlanRevision.objects.none()
    return PlanRevision.objects.filter(section__plan=plan, section__part=part).select_related(
        "edited_by"
    )
