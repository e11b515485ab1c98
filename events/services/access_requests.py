"""Access needs as a to-do list for the organisation: opening the things to arrange when a
booking asks for what the venue has not said it has."""

from django.db import transaction

from events.models import AccessRequest, Booking, Event
from events.models.bookings import AttendanceMode

# Needs the venue's own access list answers (Event fields of the same names).
VENUE_NEEDS = frozenset(
    {"step_free", "accessible_toilet", "hearing_loop", "bsl_interpreter", "quiet_space", "parking"}
)
# Needs that mean nothing to someone joining online: there is no room to get into.
ROOM_ONLY_NEEDS = frozenset(
    {"step_free", "accessible_toilet", "hearing_loop", "quiet_space", "parking"}
)


def needs_to_arrange(booking: Booking, event: Event) -> list[str]:
    """The booking's needs the organisation must arrange, in the booking's order: those the venue
    does not offer (easy read and large print always), and "notes" when the booker wrote any."""
    online = event.format == Event.Format.ONLINE or (
        booking.attendance_mode == AttendanceMode.ONLINE
    )
    needs = []
    for need in booking.access_needs:
        if online and need in ROOM_ONLY_NEEDS:
            continue
        if need in VENUE_NEEDS and not online and getattr(event, need):
            continue
        needs.append(need)
    if booking.access_notes.strip():
        needs.append(AccessRequest.NOTES)
    return needs


def open_access_requests(booking: Booking) -> list[AccessRequest]:
    """Within the caller's transaction, after a booking is made or changed: a to-do item for each
    need to arrange that has none yet (an item already arranged stays as it is). Returns the new
    items; the organisation's staff are told of them after commit."""
    event = booking.occurrence.event
    wanted = needs_to_arrange(booking, event)
    if not wanted:
        return []
    have = set(
        AccessRequest.objects.filter(booking=booking, need__in=wanted).values_list(
            "need", flat=True
        )
    )
    new = [AccessRequest(booking=booking, need=need) for need in wanted if need not in have]
    if new:
        AccessRequest.objects.bulk_create(new, ignore_conflicts=True)
        booking_id = booking.pk
        transaction.on_commit(lambda: _tell_staff(booking_id))
    return new


def _tell_staff(booking_id: int) -> None:
    """Filled in by the access to-do work: notify the organisation's staff at once."""
