"""Places on a date: the row lock every change of places is made under, counting places taken
and people waiting, and the checks a booking or waiting-list request must pass. Booking, the
waiting list and changes to a date all build on this module, and it on none of them.

Counting happens after the lock is held, in a statement of its own, so it sees every booking
committed before the lock was granted: two people can never both be given the last place.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Case, Count, F, IntegerField, Sum, When
from django.utils import timezone

from community.errors import NotAllowed
from community.permissions import Person, is_signed_in
from community.safety.visibility import Visibility
from events.errors import BookingError
from events.limits import MAX_COMPANIONS
from events.models import ACCESS_NEEDS, Booking, Event, Occurrence, WaitingListEntry
from events.models.bookings import ACCESS_NEED_CODES, AttendanceMode, places_for
from events.recurrence import uk_local

OFFERED = WaitingListEntry.Status.OFFERED
WAITING = WaitingListEntry.Status.WAITING
# Set on a date by `count_places`: {attendance mode: places taken}, for the limit of each way of
# attending a hybrid date. Not a model field, hence set by name.
MODE_TAKEN = "mode_taken"


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


def lock_confirmed_booking(booking: Booking, *, cancelled_words: str) -> Booking:
    """Within a transaction: a booking's date locked (`lock_occurrence`) and then the booking
    row, in that order, as every change of places takes them; the booking comes back with its
    person and its locked date. A booking cancelled meanwhile is refused with `cancelled_words`."""
    occurrence = lock_occurrence(booking.occurrence_id)
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("person").get(pk=booking.pk)
    )
    booking.occurrence = occurrence
    if not booking.is_confirmed:
        raise BookingError("not_booked", cancelled_words)
    return booking


def set_places(occurrence: Occurrence, *, taken: int, waiting: int) -> Occurrence:
    """Keep the counts on the occurrence under the names `selectors.with_places` gives them
    (`places_taken`, `places_left`, `waiting_count`), so a service's answer can be shown as it
    is, without reading the date again."""
    occurrence.places_taken = taken
    occurrence.places_left = occurrence.capacity - taken
    occurrence.waiting_count = waiting
    return occurrence


def entry_places() -> Case:
    """`WaitingListEntry.places` in the database: the whole party, or for an entry waiting for
    more places on a booking (`adds_to`), only those beyond the booking's."""
    return Case(
        When(adds_to__isnull=True, then=F("companions") + 1),
        default=F("companions") - F("adds_to__companions"),
        output_field=IntegerField(),
    )


def count_places(occurrence: Occurrence) -> Occurrence:
    """Under the caller's lock: the places taken and the people waiting, kept on the occurrence
    (see `set_places`), and the places taken in each way of attending (`mode_taken`, for a
    hybrid date). Places held for someone offered them from the waiting list count as taken.
    Two grouped aggregates, not `selectors.with_places`' correlated subqueries: this runs while
    the date is locked, and they made booking 1.7 times slower (bench/events.py)."""
    by_mode: dict[str, int] = {}
    rows = (
        Booking.objects.filter(occurrence_id=occurrence.pk, status=Booking.Status.CONFIRMED)
        .order_by()
        .values("attendance_mode")
        .annotate(n=Sum(F("companions") + 1))
    )
    for row in rows:
        by_mode[row["attendance_mode"]] = by_mode.get(row["attendance_mode"], 0) + row["n"]
    waiting = 0
    entries = (
        WaitingListEntry.objects.filter(occurrence_id=occurrence.pk, status__in=[WAITING, OFFERED])
        .order_by()
        .values("status", "attendance_mode")
        .annotate(n=Count("pk"), held=Sum(entry_places()))
    )
    for row in entries:
        if row["status"] == WAITING:
            waiting += row["n"]
        else:
            mode = row["attendance_mode"]
            by_mode[mode] = by_mode.get(mode, 0) + max(row["held"] or 0, 0)
    setattr(occurrence, MODE_TAKEN, by_mode)
    return set_places(occurrence, taken=sum(by_mode.values()), waiting=waiting)


def take_places(occurrence: Occurrence, *, places: int, mode: str = "", waiting: int = 0) -> None:
    """After booking, promoting or offering under the lock: the counts follow (`places` may be
    negative for places given back; `waiting` is the change in people waiting)."""
    by_mode = getattr(occurrence, MODE_TAKEN, None)
    if by_mode is not None:
        by_mode[mode] = by_mode.get(mode, 0) + places
    set_places(
        occurrence,
        taken=occurrence.places_taken + places,
        waiting=occurrence.waiting_count + waiting,
    )


def is_hybrid(occurrence: Occurrence) -> bool:
    return occurrence.event.format == Event.Format.HYBRID


def mode_places_left(occurrence: Occurrence, mode: str) -> int | None:
    """For a hybrid date with a limit of online places: the places left in this way of
    attending (counted with `count_places`); None where there is no limit for each way."""
    if not mode or not is_hybrid(occurrence) or occurrence.online_capacity is None:
        return None
    online = min(occurrence.online_capacity, occurrence.capacity)
    limit = online if mode == AttendanceMode.ONLINE else occurrence.capacity - online
    return limit - getattr(occurrence, MODE_TAKEN, {}).get(mode, 0)


def check_mode(occurrence: Occurrence, attendance_mode: str) -> str:
    """The way of attending a booking on this date takes: for a hybrid event, one must be chosen;
    for the others it is empty whatever was sent."""
    if not is_hybrid(occurrence):
        return ""
    if attendance_mode not in AttendanceMode.values:
        raise BookingError(
            "choose_mode",
            "Choose whether you will come in person or join online.",
            field="attendance_mode",
        )
    return attendance_mode


def mode_full_error(mode: str) -> BookingError:
    if mode == AttendanceMode.ONLINE:
        text = "There are no online places left on this date. You could come in person."
    else:
        text = "There are no in-person places left on this date. You could join online."
    return BookingError("mode_full", text, field="attendance_mode")


def full_error(
    occurrence: Occurrence, *, companions: int, mode: str, places: int | None = None
) -> BookingError:
    """The error: "full" when the date has too few places, "mode_full" when only the way of
    attending chosen has too few (a hybrid date)."""
    needed = places_for(companions) if places is None else places
    if needed <= occurrence.places_left:
        return mode_full_error(mode)
    if places is not None:
        more = "1 more place" if needed == 1 else f"{needed} more places"
        return BookingError(
            "full",
            f"There are not enough places left on this date for {more}. "
            "You can join the waiting list for them and keep your booking.",
            field="companions",
        )
    return BookingError(
        "full", "There are no places left on this date. You can join the waiting list."
    )


def has_room(
    occurrence: Occurrence, *, companions: int, mode: str = "", places: int | None = None
) -> bool:
    """Whether the whole party (or `places` more) fits in the places left (counted with
    `count_places`), and, on a hybrid date, in the places left in its way of attending."""
    needed = places_for(companions) if places is None else places
    if needed > occurrence.places_left:
        return False
    left = mode_places_left(occurrence, mode)
    return left is None or needed <= left


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


def closes_at(occurrence: Occurrence) -> datetime.datetime:
    """When bookings for the date close: the event's close time before the start."""
    minutes = occurrence.event.booking_closes_minutes or 0
    return occurrence.start - datetime.timedelta(minutes=minutes)


def check_bookable(occurrence: Occurrence, *, closing: bool = True) -> None:
    """A date people can book or wait for: a published event's, shown (not hidden, held or
    waiting for a moderator, which would let its staff and moderators book it), not cancelled,
    not started, and (unless `closing` is False: staff booking for someone) bookings not closed.
    The same words as an unpublished event: no hint that it was reported."""
    event = occurrence.event
    if event.status != Event.Status.PUBLISHED or event.visibility != Visibility.SHOWN:
        raise BookingError("not_open", "This event is not open for booking.")
    if occurrence.is_cancelled:
        raise BookingError("cancelled", "This date has been cancelled.")
    now = timezone.now()
    if occurrence.start <= now:
        raise BookingError("started", "This date has already started.")
    close = closes_at(occurrence)
    if closing and close <= now:
        raise BookingError(
            "closed", f"Bookings for this date closed at {uk_local(close):%H:%M on %A %-d %B}."
        )
