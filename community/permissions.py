"""Who may do what: one predicate per rule, used by the pages, the API and the WebSocket alike.

Each takes the acting person first (which may be anonymous) and answers True or False. Services
call these before they change anything; adapters call them only to decide what to show.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from typing_extensions import TypeIs

from community.models import Membership, Organisation, User

Person = User | AnonymousUser


def is_signed_in(person: Person | None) -> TypeIs[User]:
    """Signed in with an account that is still open and not barred: the base of every other
    rule, so a suspended or banned person is refused by all of them."""
    return holds_account(person) and not is_barred(person)


def holds_account(person: Person | None) -> TypeIs[User]:
    """Signed in with an account that is still open, barred or not. Only for the rights a
    person keeps whatever they did: downloading their data and deleting their account. Every
    other rule asks `is_signed_in`."""
    return bool(person is not None and person.is_authenticated and person.is_active)


def is_barred(person: Person | None) -> bool:
    """Banned, or suspended until a time still to come (community.safety.restrictions)."""
    if person is None or not person.is_authenticated:
        return False
    if getattr(person, "banned", False):
        return True
    until = getattr(person, "suspended_until", None)
    return until is not None and until > timezone.now()


def member_standing_in(person_id: int) -> User:
    """A signed-in member who is not a moderator, known by id alone: what a member's prepared
    query is built for (community.prepared_queries), its id a value like any other; moderators
    and visitors see other shapes."""
    return User(pk=person_id, is_active=True)


def is_site_admin(person: Person | None) -> bool:
    return is_signed_in(person) and person.is_superuser


def is_moderator(person: Person | None) -> bool:
    return is_signed_in(person) and (person.is_moderator or person.is_superuser)


def is_organisation_staff(person: Person | None, organisation: Organisation) -> bool:
    if not is_signed_in(person):
        return False
    return Membership.objects.filter(
        person=person, organisation=organisation, role=Membership.Role.STAFF, active=True
    ).exists()


def is_verified_staff(
    person: Person | None, organisation: Organisation | int | None = None
) -> bool:
    """Staff of a verified organisation (of this one, when given: an Organisation or its id).
    The one rule for "staff who may help moderate": only a verified organisation's staff are
    trusted with things others cannot see."""
    if not is_signed_in(person):
        return False
    memberships = verified_staff_memberships(person)
    if organisation is not None:
        organisation_id = organisation if isinstance(organisation, int) else organisation.pk
        memberships = memberships.filter(organisation_id=organisation_id)
    return memberships.exists()


def verified_staff_memberships(person: User) -> QuerySet[Membership]:
    """The active staff roles `person` holds at verified organisations: is_verified_staff's
    rule, for callers that need the organisations (the moderation queue)."""
    return Membership.objects.filter(
        person=person, role=Membership.Role.STAFF, active=True, organisation__verified=True
    )


def can_edit_organisation(person: Person | None, organisation: Organisation) -> bool:
    return is_site_admin(person) or is_organisation_staff(person, organisation)


def can_manage_events(person: Person | None, organisation: Organisation) -> bool:
    return is_site_admin(person) or is_organisation_staff(person, organisation)


def can_manage_roles(person: Person | None, organisation: Organisation) -> bool:
    """Staff vouch for the advisors they trained; site admins can step in."""
    return is_site_admin(person) or is_organisation_staff(person, organisation)


def _trained_role(person: Person | None, role: str) -> bool:
    # Which roles count is Membership.objects.trained(): the same rule gives the public badges.
    return (
        is_signed_in(person)
        and Membership.objects.trained().filter(person=person, role=role).exists()
    )


def is_verified_advisor(person: Person | None) -> bool:
    """Trained as a peer advisor by a verified organisation, and still active."""
    return _trained_role(person, Membership.Role.ADVISOR)


def is_verified_planning_partner(person: Person | None) -> bool:
    return _trained_role(person, Membership.Role.PLANNING_PARTNER)


def can_see_real_name(viewer: Person | None, person: User) -> bool:
    """Real names are private: only the person themselves and site admins ever see them."""
    return is_signed_in(viewer) and (viewer.pk == person.pk or viewer.is_superuser)


def can_edit_profile(viewer: Person | None, person: User) -> bool:
    return is_signed_in(viewer) and viewer.pk == person.pk


def can_see_about(viewer: Person | None, person: User) -> bool:
    """What a person wrote about themselves, unless a moderator hid it: then only they and
    moderators see it (their display name stays)."""
    profile = getattr(person, "profile", None)
    if profile is None or profile.visibility == "shown":
        return True
    return is_moderator(viewer) or (is_signed_in(viewer) and viewer.pk == person.pk)
