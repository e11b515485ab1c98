"""Who may do what with events: one predicate per rule, for the services, API and pages alike."""

from community.models import Membership
from community.permissions import Person, _signed_in, can_manage_events, is_site_admin
from events.models import Booking, Event, Occurrence


def can_manage_event(person: Person | None, event: Event) -> bool:
    return can_manage_events(person, event.organisation)


def is_host(person: Person | None, event: Event, occurrence: Occurrence | None = None) -> bool:
    if not _signed_in(person):
        return False
    if occurrence is not None and occurrence.host_id == person.pk:
        return True
    return event.hosts.filter(pk=person.pk).exists()


def can_see_event(person: Person | None, event: Event) -> bool:
    """Drafts are for the organisation's staff; published and cancelled events are public."""
    return event.status != Event.Status.DRAFT or can_manage_event(person, event)


def can_take_register(person: Person | None, occurrence: Occurrence) -> bool:
    event = occurrence.event
    return can_manage_event(person, event) or is_host(person, event, occurrence)


def can_see_access_needs(person: Person | None, occurrence: Occurrence) -> bool:
    """People's access needs are for the staff and hosts who arrange them, nobody else."""
    return can_take_register(person, occurrence)


def can_see_joining_link(person: Person | None, occurrence: Occurrence) -> bool:
    if not _signed_in(person):
        return False
    if can_take_register(person, occurrence):
        return True
    return Booking.objects.filter(
        person=person, occurrence=occurrence, status=Booking.Status.CONFIRMED
    ).exists()


def can_be_host(person: Person | None, event: Event) -> bool:
    """Hosts are the organisation's own staff and trained people."""
    if not _signed_in(person):
        return False
    return (
        is_site_admin(person)
        or Membership.objects.filter(
            person=person, organisation_id=event.organisation_id, active=True
        ).exists()
    )


def can_cancel_booking(person: Person | None, booking: Booking) -> bool:
    return _signed_in(person) and (
        booking.person_id == person.pk or can_manage_event(person, booking.occurrence.event)
    )
