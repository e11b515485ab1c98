"""Who may do what with events: one predicate per rule, for the services, API and pages alike."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from community.models import Membership, User
from community.permissions import (
    Person,
    can_manage_events,
    is_moderator,
    is_signed_in,
    is_site_admin,
)
from community.safety.visibility import Visibility
from events.models import Booking, Event, Occurrence


def can_manage_event(person: Person | None, event: Event) -> bool:
    return can_manage_events(person, event.organisation)


def is_host(person: Person | None, event: Event, occurrence: Occurrence | None = None) -> bool:
    """Listed as the date's host or one of the event's (the chat room's rule). The event powers
    (register, changing a date) also need a role at the organisation: see `_register_dates`.
    Revoking someone's last role there takes them off these lists (`stop_hosting`)."""
    if not is_signed_in(person):
        return False
    if occurrence is not None and occurrence.host_id == person.pk:
        return True
    return _hosts_every_date(person, event)


def _hosts_every_date(person: User, event: Event) -> bool:
    """One of the event's own hosts. The hosts loaded with the event (the event page prefetches
    them) answer without another query."""
    if "hosts" in getattr(event, "_prefetched_objects_cache", {}):
        return any(host.pk == person.pk for host in event.hosts.all())
    return event.hosts.filter(pk=person.pk).exists()


# Published and cancelled events are public (a cancelled one stays in calendars, marked as
# cancelled); drafts are for the organisation's staff only, in pages, the API and feeds alike.
PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.CANCELLED)


def is_public(event: Event) -> bool:
    """Published (or cancelled) and not hidden by moderation."""
    return event.status in PUBLIC_STATUSES and event.visibility == Visibility.SHOWN


def public_condition(prefix: str = "") -> Q:
    """`is_public` as a query condition, on events (or, with prefix="event__", their dates)."""
    return Q(**{f"{prefix}status__in": PUBLIC_STATUSES, f"{prefix}visibility": Visibility.SHOWN})


def published_condition(prefix: str = "") -> Q:
    """Published or cancelled, hidden or not: what the organisation's own staff pages list."""
    return Q(**{f"{prefix}status__in": PUBLIC_STATUSES})


def can_moderate_event(person: Person | None, event: Event) -> bool:
    """Moderators look after every event; the organisation's staff after their own."""
    return is_moderator(person) or can_manage_event(person, event)


def can_see_event(person: Person | None, event: Event) -> bool:
    """Public events are for everyone; drafts for the organisation's staff. An event hidden by
    moderation is for its organisation's staff and moderators only (marked hidden); people
    booked on it keep their places but not the page."""
    if is_public(event):
        return True
    if event.status in PUBLIC_STATUSES and is_moderator(person):
        return True
    return can_manage_event(person, event)


def can_cancel_event(person: Person | None, event: Event) -> bool:
    """The organisation's staff, and moderators removing an event (everyone booked is told)."""
    return can_moderate_event(person, event)


def can_take_register(person: Person | None, occurrence: Occurrence) -> bool:
    """Staff, the event's hosts, and this date's own host, while they hold a role at the
    event's organisation."""
    event = occurrence.event
    manages, member = _standing(person, event)
    return occurrence.pk in _register_dates(
        person, event, [occurrence], manages=manages, member=member
    )


def can_change_date(person: Person | None, occurrence: Occurrence) -> bool:
    """Move, cancel, add a note to or theme one date: the organisation's staff, and the people
    who host that date (the event's hosts, or the date's own host). The same people as the
    register."""
    return can_take_register(person, occurrence)


def can_book_for_someone(person: Person | None, occurrence: Occurrence) -> bool:
    """Staff book places for people who phone in; hosts take the register but do not."""
    return can_manage_event(person, occurrence.event)


def can_see_access_needs(person: Person | None, occurrence: Occurrence) -> bool:
    """People's access needs are for the staff and hosts who arrange them, nobody else."""
    return can_take_register(person, occurrence)


def can_see_joining_link(person: Person | None, occurrence: Occurrence) -> bool:
    """The people who run the date, and the people with a place on it."""
    return occurrence.pk in joining_link_dates(person, occurrence.event, [occurrence])


@dataclass(frozen=True)
class DatesAccess:
    """What one person may do on several dates of one event: `manages` is can_manage_event,
    `register` and `joining_link` hold the ids of the dates where can_take_register and
    can_see_joining_link say yes."""

    manages: bool
    register: frozenset[int]
    joining_link: frozenset[int]


def dates_access(
    person: Person | None, event: Event, occurrences: Iterable[Occurrence]
) -> DatesAccess:
    """The same answers as the one-date predicates, for a page listing many dates: at most three
    queries (the person's roles at the organisation, event hosts unless prefetched, the person's
    bookings) however many dates there are. Dates of other events are left out."""
    dates = [occurrence for occurrence in occurrences if occurrence.event_id == event.pk]
    manages, member = _standing(person, event)
    register = _register_dates(person, event, dates, manages=manages, member=member)
    return DatesAccess(
        manages=manages,
        register=frozenset(register),
        joining_link=frozenset(_joining_link_dates(person, dates, register)),
    )


def joining_link_dates(
    person: Person | None, event: Event, occurrences: Iterable[Occurrence]
) -> set[int]:
    """The ids of those dates of `event` whose joining link `person` may see."""
    return set(dates_access(person, event, occurrences).joining_link)


def _standing(person: Person | None, event: Event) -> tuple[bool, bool]:
    """(manages, member) at the event's organisation in one query: `can_manage_event`, and
    whether the person may host there (`can_be_host`: an active role, or a site admin)."""
    if not is_signed_in(person):
        return False, False
    if is_site_admin(person):
        return True, True
    roles = set(host_memberships(event).filter(person=person).values_list("role", flat=True))
    return Membership.Role.STAFF in roles, bool(roles)


def _register_dates(
    person: Person | None, event: Event, dates: list[Occurrence], *, manages: bool, member: bool
) -> set[int]:
    """Hosting gives rights only while the host holds a role at the organisation (`member`):
    revoking their last role ends them, even before they are taken off the dates."""
    if not is_signed_in(person):
        return set()
    every_date = {occurrence.pk for occurrence in dates}
    if manages:
        return every_date
    if not member:
        return set()
    own_dates = {occurrence.pk for occurrence in dates if occurrence.host_id == person.pk}
    if own_dates != every_date and _hosts_every_date(person, event):
        return every_date
    return own_dates


def _joining_link_dates(
    person: Person | None, dates: list[Occurrence], register: set[int]
) -> set[int]:
    if not is_signed_in(person):
        return set()
    others = [occurrence.pk for occurrence in dates if occurrence.pk not in register]
    if not others:
        return set(register)
    booked = Booking.objects.filter(
        person=person, occurrence_id__in=others, status=Booking.Status.CONFIRMED
    ).values_list("occurrence_id", flat=True)
    return register | set(booked)


def host_memberships(event: Event) -> QuerySet[Membership]:
    """The roles that make someone a possible host of the event (site admins aside)."""
    return Membership.objects.filter(organisation_id=event.organisation_id, active=True)


def can_be_host(person: Person | None, event: Event) -> bool:
    """Hosts are the organisation's own staff and trained people."""
    if not is_signed_in(person):
        return False
    return is_site_admin(person) or host_memberships(event).filter(person=person).exists()


def can_cancel_booking(person: Person | None, booking: Booking) -> bool:
    return is_signed_in(person) and (
        booking.person_id == person.pk or can_manage_event(person, booking.occurrence.event)
    )
