"""Who may report, see the moderation queue and act on cases and people. Moderators act across
the site; an organisation's staff act only on their own organisation's things, and never move a
topic or act on people."""

from community.permissions import (
    Person,
    is_moderator,
    is_signed_in,
    is_verified_staff,
    verified_staff_memberships,
)
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


def staff_organisation_ids(person: Person | None) -> set[int]:
    """The verified organisations whose cases this person looks after as staff."""
    if not is_signed_in(person):
        return set()
    memberships = verified_staff_memberships(person)
    return set(memberships.values_list("organisation_id", flat=True))


def can_see_queue(person: Person | None) -> bool:
    return is_moderator(person) or is_verified_staff(person)


def can_see_case(person: Person | None, case: Case) -> bool:
    if is_moderator(person):
        return True
    return case.organisation_id is not None and is_verified_staff(person, case.organisation_id)


def can_act_on_case(person: Person | None, case: Case, action: str) -> bool:
    if is_moderator(person):
        return True
    return action in STAFF_CASE_ACTIONS and can_see_case(person, case)


def can_act_on_people(person: Person | None) -> bool:
    return is_moderator(person)


def can_read_audit_log(person: Person | None) -> bool:
    return is_moderator(person)
