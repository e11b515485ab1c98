"""Places on a date: the row lock every change of places is made under, counting places taken
and people waiting, and the checks a booking or waiting-list request must pass. Booking, the
waiting list and changes to a date all build on this module, and it on none of them.

Counting happens after the lock is held, in a statement of its own, so it sees every booking
committed before the lock was granted: two people can never both be given the last place.
"""

from collections.abc import Iterable

from django.utils import timezone

from community.errors import NotAllowed
from community.permissions import Person, is_signed_in
from community.safety.visibility import Visibility
from events.errors import BookingError
from events.limits import MAX_COMPANIONS
from events.models import ACCESS_NEEDS, Booking, Event, Occurrence, WaitingListEntry
from events.models.bookings import ACCESS_NEED_CODES, places_for, places_sum


def lock_occurrence(occurrence: Occurrence | int) -> Occurrence:
    """Within a transaction: the occurrence row, locked until commit. Only the occurrence row:
    locking the event too would make every date of a drop-in wait for each other. Its event,
    organisation and host come with it, as the pages and the API show them."""
    pk = occurrence if isinstance(occurrence, int) else occurrence.pk
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event__organisation", "host")
        .get(pk=pk)
    )


def set_places(occurrence: Occurrence, *, taken: int, waiting: int) -> Occurrence:
    """Keep the counts on the occurrence under the names `selectors.with_places` gives them
    (`places_taken`, `places_left`, `waiting_count`), so a service's answer can be shown as it
    is, without reading the date again."""
    occurrence.places_taken = taken
    occurrence.places_left = occurrence.capacity - taken
    occurrence.waiting_count = waiting
    return occurrence


def count_places(occurrence: Occurrence) -> Occurrence:
    """Under the caller's lock: the places taken and the people waiting, kept on the occurrence
    (see `set_places`). Services change the counts as they book and promote. Two plain
    aggregates, not `selectors.with_places`' correlated subqueries: this runs while the date is
    locked, and they made booking 1.7 times slower (bench/events.py)."""
    taken = Booking.objects.filter(
        occurrence_id=occurrence.pk, status=Booking.Status.CONFIRMED
    ).aggregate(n=places_sum())["n"]
    waiting = WaitingListEntry.objects.filter(
        occurrence_id=occurrence.pk, status=WaitingListEntry.Status.WAITING
    ).count()
    return set_places(occurrence, taken=taken or 0, waiting=waiting)


def has_room(occurrence: Occurrence, *, companions: int) -> bool:
    """Whether the whole party fits in the places left (counted with `count_places`)."""
    return places_for(companions) <= occurrence.places_left


def counted_from(
    occurrence: Occurrence,
    *,
    bookings: Iterable[Booking],
    waiting: Iterable[WaitingListEntry],
) -> Occurrence:
    """The counts from rows a service has read anyway: every confirmed booking of the date
    (walk-ins included) and every waiting entry."""
    return set_places(
        occurrence,
        taken=sum(booking.places for booking in bookings),
        waiting=sum(1 for _ in waiting),
    )


def check_request(
    *,
    person: Person | None,
    companions: int,
    access_needs: Iterable[str] | None,
    for_person_name: str,
) -> list[str]:
    """What a booking or waiting-list request must be, whatever the date: the access needs
    back, in the order of the list, so every page and export shows them the same way."""
    if not is_signed_in(person):
        if person is not None and person.is_authenticated:
            raise NotAllowed("This account is closed.")
        raise NotAllowed("Sign in to book a place.")
    if not 0 <= companions <= MAX_COMPANIONS:
        raise BookingError(
            "too_many_companions",
            f"You can bring up to {MAX_COMPANIONS} companions.",
            field="companions",
        )
    needs = list(dict.fromkeys(access_needs or ()))
    if set(needs) - ACCESS_NEED_CODES:
        raise BookingError(
            "unknown_access_need", "Choose access needs from the list.", field="access_needs"
        )
    if len(for_person_name) > 100:
        raise BookingError(
            "name_too_long", "Enter a name of 100 characters or fewer.", field="for_person_name"
        )
    return [code for code, _ in ACCESS_NEEDS if code in needs]


def check_bookable(occurrence: Occurrence) -> None:
    """A date people can book or wait for: a published event's, shown (not hidden, held or
    waiting for a moderator, which would let its staff and moderators book it), not cancelled,
    not started. The same words as an unpublished event: no hint that it was reported."""
    event = occurrence.event
    if event.status != Event.Status.PUBLISHED or event.visibility != Visibility.SHOWN:
        raise BookingError("not_open", "This event is not open for booking.")
    if occurrence.is_cancelled:
        raise BookingError("cancelled", "This date has been cancelled.")
    if occurrence.start <= timezone.now():
        raise BookingError("started", "This date has already started.")
