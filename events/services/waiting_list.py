"""The waiting list: joining, leaving. Positions are handed out under the occurrence's row lock,
so they follow the order people asked in and never repeat or leave gaps."""

from django.db import IntegrityError, transaction
from django.db.models import Max

from community.errors import NotAllowed
from community.models import User
from community.rate_limits import check_rate
from community.services.audit import record
from events.errors import BookingError
from events.models import Booking, Occurrence, WaitingListEntry
from events.models.bookings import attendee_key
from events.services.capacity import (
    check_bookable,
    check_mode,
    check_request,
    count_places,
    has_room,
    lock_occurrence,
    set_places,
)

WAITING = WaitingListEntry.Status.WAITING
OFFERED = WaitingListEntry.Status.OFFERED


def already_booked_error(for_person_name: str) -> BookingError:
    """The error for a second place for the same person: "You already have a place" for the
    booker, "Mary already has a place" for someone else."""
    name = " ".join(for_person_name.split())
    if not name:
        return BookingError("already_booked", "You already have a place on this date.")
    return BookingError("already_booked", f"{name} already has a place on this date.")


def join_waiting_list(
    *,
    person: User,
    occurrence: Occurrence,
    companions: int = 0,
    for_person_name: str = "",
    access_needs: list[str] | tuple[str, ...] = (),
    access_notes: str = "",
    attendance_mode: str = "",
) -> WaitingListEntry:
    """A place in the queue for a date that is full (for the whole party, in its way of
    attending on a hybrid date), one per person attending. The entry comes back with
    `place_in_queue`, and its date counted after the change."""
    needs = check_request(
        person=person,
        companions=companions,
        access_needs=access_needs,
        for_person_name=for_person_name,
    )
    check_rate("booking", person=person)  # the same allowance as booking a place
    with transaction.atomic():
        occurrence = lock_occurrence(occurrence)
        check_bookable(occurrence)
        mode = check_mode(occurrence, attendance_mode)
        if has_room(count_places(occurrence), companions=companions, mode=mode):
            raise BookingError("places_free", "There are places free: you can book one now.")
        return add_to_waiting_list(
            person=person,
            occurrence=occurrence,
            companions=companions,
            for_person_name=for_person_name,
            access_needs=needs,
            access_notes=access_notes,
            attendance_mode=mode,
        )


def add_to_waiting_list(
    *,
    person: User,
    occurrence: Occurrence,
    companions: int,
    for_person_name: str,
    access_needs: list[str],
    access_notes: str,
    attendance_mode: str = "",
) -> WaitingListEntry:
    """The caller holds the occurrence's row lock, has checked the request (and the way of
    attending, `check_mode`) and has counted the places (`count_places`). Everyone still
    waiting is ahead of a new entry, so its place in the queue follows from the count."""
    key = attendee_key(for_person_name)
    if Booking.objects.filter(
        occurrence=occurrence, person=person, attendee_key=key, status=Booking.Status.CONFIRMED
    ).exists():
        raise already_booked_error(for_person_name)
    last = WaitingListEntry.objects.filter(occurrence=occurrence).aggregate(last=Max("position"))
    try:
        with transaction.atomic():
            entry = WaitingListEntry.objects.create(
                occurrence=occurrence,
                person=person,
                companions=companions,
                for_person_name=for_person_name.strip(),
                attendee_key=key,
                attendance_mode=attendance_mode,
                access_needs=access_needs,
                access_notes=access_notes.strip()[:1000],
                position=(last["last"] or 0) + 1,
            )
    except IntegrityError as error:
        name = " ".join(for_person_name.split())
        who = f"{name} is" if name else "You are"
        raise BookingError(
            "already_waiting", f"{who} already on the waiting list for this date."
        ) from error
    entry.place_in_queue = occurrence.waiting_count + 1
    set_places(occurrence, taken=occurrence.places_taken, waiting=occurrence.waiting_count + 1)
    record(
        actor=person,
        action="events.waiting_list.joined",
        subject=entry,
        organisation=occurrence.event.organisation,
        occurrence_id=occurrence.pk,
        position=entry.position,
    )
    return entry


def leave_waiting_list(*, person: User, entry: WaitingListEntry) -> WaitingListEntry:
    if entry.person_id != person.pk:
        raise NotAllowed("You can only take yourself off a waiting list.")
    with transaction.atomic():
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != WaitingListEntry.Status.WAITING:
            raise BookingError("not_waiting", "You are no longer on this waiting list.")
        entry.status = WaitingListEntry.Status.LEFT
        entry.save(update_fields=["status"])
        record(
            actor=person,
            action="events.waiting_list.left",
            subject=entry,
            occurrence_id=entry.occurrence_id,
        )
    return entry


def drop_waiting_for_more(booking: Booking) -> int:
    """The booking's waiting-list entry for more places, once it no longer applies (the booking
    has as many, or was cancelled). An offered one gives its places back."""
    return WaitingListEntry.objects.filter(adds_to=booking, status__in=[WAITING, OFFERED]).update(
        status=WaitingListEntry.Status.LEFT
    )
