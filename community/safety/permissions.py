"""Who may report, see the moderation queue and act on cases and people. Moderators act across
the site; an organisation's staff act only on their own organisation's things, and never move a
topic or act on people."""

from community.models import Membership, User
from community.permissions import Person, is_moderator, is_signed_in
from community.safety.models import Case
from community.safety.registry import reportable_kind

# What an organisation's staff may do to their own organisation's cases.
STAFF_CASE_ACTIONS = frozenset(
    {"hide", "restore", "remove", "approve", "decline", "dismiss", "lock", "unlock"}
)


def can_report(person: Person | None, kind: str, object_id: int) -> bool:
    """Anyone signed in who can see the thing may report it."""
    if not is_signed_in(person):
        return False
    registered = reportable_kind(kind)
    return registered is not None and registered.can_see(person, object_id)


def _staff_organisation_ids(person: User) -> set[int]:
    return set(
        Membership.objects.filter(
            person=person,
            role=Membership.Role.STAFF,
            active=True,
            organisation__verified=True,
        ).values_list("organisation_id", flat=True)
    )


def staff_organisation_ids(person: Person | None) -> set[int]:
    """The verified organisations whose cases this person looks after as staff."""
    if not is_signed_in(person):
        return set()
    return _staff_organisation_ids(person)


def can_see_queue(person: Person | None) -> bool:
    return is_moderator(person) or bool(staff_organisation_ids(person))


def can_see_case(person: Person | None, case: Case) -> bool:
    if is_moderator(person):
        return True
    return case.organisation_id is not None and case.organisation_id in staff_organisation_ids(
        person
    )


def can_act_on_case(person: Person | None, case: Case, action: str) -> bool:
    if is_moderator(person):
        return True
    return action in STAFF_CASE_ACTIONS and can_see_case(person, case)


def can_act_on_people(person: Person | None) -> bool:
    return is_moderator(person)


def can_read_audit_log(person: Person | None) -> bool:
    return is_moderator(person)
