"""Changing a booking in place: the name of the person attending, companions, access needs and
notes, the way of attending a hybrid date; and waiting for more places while keeping the
booking (a waiting-list entry that `adds_to` it).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max

from community.errors import NotAllowed
from community.models import User
from community.services.audit import record
from events.feeds import feeds_changed
from events.models import Booking, Occurrence, WaitingListEntry
from events.models.bookings import attendee_key, places_for
from events.permissions import can_cancel_booking
from events.services.access_requests import open_access_requests
from events.services.capacity import (
    check_bookable,
    check_mode,
    check_request,
    count_places,
    full_error,
    has_room,
    lock_confirmed_booking,
    mode_full_error,
    mode_places_left,
    take_places,
)
from events.services.promotion import promote_from_waiting_list
from events.services.waiting_list import already_booked_error, drop_waiting_for_more

WAITING = WaitingListEntry.Status.WAITING
OFFERED = WaitingListEntry.Status.OFFERED


@dataclass
class BookingChange:
    """What `change_booking` did: the booking as it is now (its date counted), the waiting-list
    entry for more places when the date had too few (the booking is kept meanwhile), and a
    sentence to show the person."""

    booking: Booking
    waiting: WaitingListEntry | None
    message: str


def change_booking(
    *,
    changer: User,
    booking: Booking,
    companions: int | None = None,
    for_person_name: str | None = None,
    access_needs: list[str] | tuple[str, ...] | None = None,
    access_notes: str | None = None,
    attendance_mode: str | None = None,
    wait_for_more: bool = False,
) -> BookingChange:
    """Change a booking in place (the booker, or the organisation's staff); None leaves a field
    as it is. Fewer companions give places back (the waiting list is promoted at once); more
    take free places, or, when there are too few, BookingError("full"), or with
    `wait_for_more` a waiting-list entry for the extra places (`adds_to` the booking, which is
    kept meanwhile). New access needs or notes open things for the organisation to arrange."""
    if not can_cancel_booking(changer, booking):
        raise NotAllowed("You can only change your own booking.")
    staff = booking.person_id != changer.pk
    with transaction.atomic():
        booking = lock_confirmed_booking(booking, cancelled_words="This booking was cancelled.")
        occurrence = booking.occurrence
        check_bookable(occurrence, closing=not staff)
        original = booking.companions
        new_companions = booking.companions if companions is None else companions
        new_name = booking.for_person_name if for_person_name is None else for_person_name
        needs = check_request(
            person=changer,
            companions=new_companions,
            access_needs=booking.access_needs if access_needs is None else access_needs,
            for_person_name=new_name,
        )
        new_name = " ".join(new_name.split())
        notes = booking.access_notes if access_notes is None else access_notes.strip()[:1000]
        mode = (
            booking.attendance_mode
            if attendance_mode is None
            else check_mode(occurrence, attendance_mode)
        )
        changed: dict[str, object] = {}
        if booking.person_id is not None and new_name != booking.for_person_name:
            key = attendee_key(new_name)
            if (
                key != booking.attendee_key
                and Booking.objects.filter(
                    occurrence=occurrence,
                    person_id=booking.person_id,
                    attendee_key=key,
                    status=Booking.Status.CONFIRMED,
                ).exists()
            ):
                raise already_booked_error(new_name)
            booking.for_person_name, booking.attendee_key = new_name, key
            changed["for_person_name"] = new_name
        count_places(occurrence)
        waiting = None
        more = places_for(new_companions) - booking.places
        if mode != booking.attendance_mode:
            _move_mode(occurrence, booking, mode)
            changed["attendance_mode"] = mode
        if more > 0 and not has_room(occurrence, companions=0, mode=mode, places=more):
            if not wait_for_more or booking.person is None:
                raise full_error(occurrence, companions=new_companions, mode=mode, places=more)
            waiting = _wait_for_more(occurrence, booking, companions=new_companions)
        elif more != 0:
            take_places(occurrence, places=more, mode=mode)
            changed["companions"] = new_companions
            booking.companions = new_companions
        notes_changed = notes != booking.access_notes
        if needs != booking.access_needs or notes_changed:
            booking.access_needs, booking.access_notes = needs, notes
            changed["access_needs"] = needs
        if (
            companions is not None
            and companions != original
            and waiting is None
            and drop_waiting_for_more(booking)
        ):
            # The party asked for now fits: the earlier request for more places is answered.
            changed["waiting_for_more"] = False
        if changed:
            try:
                with transaction.atomic():
                    booking.save(
                        update_fields=[
                            "for_person_name",
                            "attendee_key",
                            "attendance_mode",
                            "companions",
                            "access_needs",
                            "access_notes",
                        ]
                    )
            except IntegrityError as error:
                raise already_booked_error(new_name) from error
            if "access_needs" in changed or "attendance_mode" in changed:
                # New words in the notes reopen an answered "notes" item: staff see them.
                open_access_requests(booking, notes_changed=notes_changed)
            if more < 0 or "waiting_for_more" in changed:
                promote_from_waiting_list(occurrence=occurrence)
            if booking.person_id is not None:
                feeds_changed(person_ids=[booking.person_id])
            record(
                actor=changer,
                action="events.booking.changed",
                subject=booking,
                organisation=occurrence.event.organisation,
                occurrence_id=occurrence.pk,
                changed=sorted(changed),
                companions=booking.companions,
            )
        if waiting is not None:
            extra = waiting.places
            what = "1 more place" if extra == 1 else f"{extra} more places"
            message = (
                f"There are not enough places free yet. You are on the waiting list for {what}, "
                "and you keep the places you have."
            )
            if changed:
                message = "Your other changes are saved. " + message
        elif changed:
            message = "Your booking is changed."
        else:
            message = "Nothing changed."
    return BookingChange(booking=booking, waiting=waiting, message=message)


def _move_mode(occurrence: Occurrence, booking: Booking, mode: str) -> None:
    """Under the lock: the booking moves to the other way of attending a hybrid date. The places
    it holds must fit there (any more it asks for are counted after, and may wait), and so must
    places held for it by an offer of more; its request for more places moves with it, so they
    are looked for, and taken, in the way it now attends."""
    entry = (
        WaitingListEntry.objects.select_for_update(of=("self",))
        .filter(adds_to=booking, status__in=[WAITING, OFFERED])
        .first()
    )
    held = 0
    if entry is not None and entry.status == OFFERED:
        held = max(1, entry.companions - booking.companions)
    left = mode_places_left(occurrence, mode)
    if left is not None and booking.places + held > left:
        raise mode_full_error(mode)
    take_places(occurrence, places=-(booking.places + held), mode=booking.attendance_mode)
    take_places(occurrence, places=booking.places + held, mode=mode)
    booking.attendance_mode = mode
    if entry is not None:
        entry.attendance_mode = mode
        entry.save(update_fields=["attendance_mode"])


def _wait_for_more(
    occurrence: Occurrence, booking: Booking, *, companions: int
) -> WaitingListEntry:
    """Under the lock: the booking's entry for more places (a new one, or the one it had with
    the new total). Its place in the queue is kept when it had one."""
    entry = (
        WaitingListEntry.objects.filter(adds_to=booking, status__in=[WAITING, OFFERED])
        .select_related("adds_to")
        .first()
    )
    if entry is not None:
        if entry.status == WAITING and entry.companions != companions:
            entry.companions = companions
            entry.save(update_fields=["companions"])
        return entry
    last = WaitingListEntry.objects.filter(occurrence=occurrence).aggregate(last=Max("position"))
    assert booking.person is not None
    entry = WaitingListEntry.objects.create(
        occurrence=occurrence,
        person=booking.person,
        for_person_name=booking.for_person_name,
        attendee_key=booking.attendee_key,
        attendance_mode=booking.attendance_mode,
        adds_to=booking,
        companions=companions,
        access_needs=booking.access_needs,
        access_notes=booking.access_notes,
        position=(last["last"] or 0) + 1,
    )
    take_places(occurrence, places=0, waiting=1)
    record(
        actor=booking.person,
        action="events.waiting_list.joined",
        subject=entry,
        organisation=occurrence.event.organisation,
        occurrence_id=occurrence.pk,
        position=entry.position,
        adds_to=booking.pk,
    )
    return entry
