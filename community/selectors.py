"""Read-only queries about people, organisations and notifications, shaped for pages and the API."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet

from community.models import Membership, Notification, Organisation, User
from community.prepared_queries import PreparedQuery


def badge_memberships(*, at: datetime.datetime | None = None) -> QuerySet[Membership]:
    """Roles that earn a public badge: trained roles, active, from a verified organisation (at
    this moment, or now)."""
    return (
        Membership.objects.trained(at=at)
        .select_related("organisation")
        .order_by("trained_on", "pk")
    )


def people_with_badges(people: QuerySet[User]) -> QuerySet[User]:
    """Attach `badges` (a list of Membership) to each person in two queries, however many."""
    return people.select_related("profile").prefetch_related(
        Prefetch("memberships", queryset=badge_memberships(), to_attr="badges")
    )


def public_person(*, person_id: int) -> User | None:
    return people_with_badges(User.objects.filter(pk=person_id, is_active=True)).first()


def person_by_email(*, email: str) -> User | None:
    """Staff look people up by the address they were given; closed accounts are returned too,
    so that the service can say why it refuses."""
    return User.objects.filter(email__iexact=email.strip()).first()


def person_by_display_name(*, name: str) -> User | None:
    """An open account by its public name, capitals and surrounding spaces aside."""
    return User.objects.filter(display_name__iexact=name.strip(), is_active=True).first()


def organisations_list(*, area: str = "", kind: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    if area:
        organisations = organisations.filter(area=area)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("name")


def organisation_roles(*, organisation: Organisation) -> QuerySet[Membership]:
    """Everyone holding an active role at the organisation, for its page and staff tools."""
    return (
        organisation.memberships.filter(active=True)
        .select_related("person", "granted_by")
        .order_by("role", "person__display_name")
    )


def public_roles(*, organisation: Organisation) -> QuerySet[Membership]:
    """One organisation's trained people whose badges anyone may see."""
    return (
        badge_memberships()
        .filter(organisation=organisation, person__is_active=True)
        .select_related("person")
        .order_by("role", "person__display_name")
    )


# The advisor directory: the connecting-people issue moves it into community/support/.
def trained_people(*, area: str = "", organisation_slug: str = "") -> QuerySet[Membership]:
    """The directory of verified advisors and planning partners."""
    roles = badge_memberships().select_related("person", "person__profile")
    if area:
        roles = roles.filter(person__profile__area=area)
    if organisation_slug:
        roles = roles.filter(organisation__slug=organisation_slug)
    return roles.filter(person__is_active=True).order_by("person__display_name", "role")


def unread_notification_count(*, person: User) -> int:
    """On every page a signed-in person opens (the header): a prepared query."""
    counted = _UNREAD_NOTIFICATIONS.run(person_id=person.pk)
    return counted[0] if counted else 0


_UNREAD_NOTIFICATIONS = PreparedQuery(
    lambda person_id: (
        Notification.objects.filter(recipient_id=person_id, read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(unread=Count("pk"))
        .values_list("unread", flat=True)
    )
)


def unread_notification_counts(*, person_ids: Iterable[int]) -> dict[int, int]:
    """Unread counts for many people in one grouped query; people with none are left out."""
    rows = (
        Notification.objects.filter(recipient_id__in=list(person_ids), read_at__isnull=True)
        .values("recipient_id")
        .annotate(unread=Count("id"))
        .order_by()
    )
    return {row["recipient_id"]: row["unread"] for row in rows}


def notifications_for(*, person: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=person).order_by("-created", "-id")
