"""Who may do what with a support plan. The plan is the member's: only they change it or decide
who else sees it. Their planning partner and the people they share it with read it (and comment,
when allowed); the partner's organisation's staff read it only while the member lets them.
Site admins and moderators have no way in: a plan is private, like a diary. Where a planning
session happens (an address, a phone number) is for the two people meeting, not every reader.

The predicates use a plan's prefetched shares when they are there (see plan_selectors.plan_for),
so checking a loaded plan costs no query."""

from community.models import User
from community.permissions import Person, is_organisation_staff, is_signed_in
from community.support.models import (
    Plan,
    PlanComment,
    PlanningSession,
    PlanShare,
    SupportRequest,
)


def _is_owner(viewer: Person | None, plan: Plan) -> bool:
    return is_signed_in(viewer) and viewer.pk == plan.owner_id


def _is_partner(viewer: Person | None, plan: Plan) -> bool:
    return is_signed_in(viewer) and plan.partner_id is not None and viewer.pk == plan.partner_id


def share_for(viewer: User, plan: Plan) -> PlanShare | None:
    """The viewer's share of the plan, if the member shared it with them."""
    prefetched = getattr(plan, "_prefetched_objects_cache", {}).get("shares")
    if prefetched is not None:
        return next((share for share in prefetched if share.person_id == viewer.pk), None)
    return PlanShare.objects.filter(plan=plan, person=viewer).first()


def can_see_plan(viewer: Person | None, plan: Plan) -> bool:
    if not is_signed_in(viewer):
        return False
    if _is_owner(viewer, plan) or _is_partner(viewer, plan):
        return True
    if share_for(viewer, plan) is not None:
        return True
    organisation = plan.organisation if plan.organisation_can_see else None
    return organisation is not None and is_organisation_staff(viewer, organisation)


def can_edit_plan(viewer: Person | None, plan: Plan) -> bool:
    return _is_owner(viewer, plan)


def can_comment_on_plan(viewer: Person | None, plan: Plan) -> bool:
    if _is_owner(viewer, plan) or _is_partner(viewer, plan):
        return True
    if not is_signed_in(viewer):
        return False
    share = share_for(viewer, plan)
    return share is not None and share.can_comment


def can_resolve_comment(viewer: Person | None, comment: PlanComment) -> bool:
    """The member settles comments on their plan; whoever wrote one may settle their own while
    they can still see the plan."""
    plan = comment.plan
    if _is_owner(viewer, plan):
        return True
    return (
        is_signed_in(viewer)
        and comment.author_id is not None
        and viewer.pk == comment.author_id
        and can_see_plan(viewer, plan)
    )


def can_share_plan(viewer: Person | None, plan: Plan) -> bool:
    return _is_owner(viewer, plan)


def can_change_partner(viewer: Person | None, plan: Plan) -> bool:
    """Choosing, changing or removing the planning partner decides who reads the plan: the
    member's choice alone."""
    return _is_owner(viewer, plan)


def can_see_session_details(viewer: Person | None, session: PlanningSession) -> bool:
    """Where a session is (an address, a phone number) is for the two people meeting; others
    who read the plan see only that a session is booked. Uses the prefetched appointment."""
    appointment = session.appointment
    return is_signed_in(viewer) and viewer.pk in (appointment.organiser_id, appointment.guest_id)


def can_book_planning_session(viewer: Person | None, plan: Plan) -> bool:
    """A session is between the member and their partner, so there must be a partner."""
    return plan.partner_id is not None and (_is_owner(viewer, plan) or _is_partner(viewer, plan))


def can_start_plan(viewer: Person | None, request: SupportRequest | None = None) -> bool:
    """Anyone signed in may start their own plan. From a request, it must be their request for
    help with a plan that someone has taken (that person becomes the planning partner)."""
    if not is_signed_in(viewer):
        return False
    if request is None:
        return True
    return (
        request.member_id == viewer.pk
        and request.wants == SupportRequest.Wants.PLAN
        and request.state == SupportRequest.State.ACCEPTED
        and request.advisor_id is not None
    )
