"""Booking a place, booking on someone's behalf, and cancelling (or giving back) a place.
Changing a booking is events.services.booking_changes; the waiting list's promotion and
offers are events.services.promotion and events.services.offers.

Capacity is counted while holding the occurrence's row lock (`select_for_update`), so two people
can never both be given the last place; the database also refuses a second confirmed booking by
the same person for the same person attending (`attendee_key`: a carer may hold one booking for
himself and one for his mother). A freed place goes, in the same transaction, to the first
person waiting whose party fits; anyone passed over because their party does not fit is told
once.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.rate_limits import check_rate
from community.services.audit import record
from community.services.notifications import notify
from events.emails import send_booking_cancelled_email
from events.errors import BookingError
from events.feeds import feeds_changed
from events.links import my_bookings_url
from events.models import Booking, Event, Occurrence, WaitingListEntry
from events.models.bookings import attendee_key, places_for
from events.notification_kinds import BOOKING_CANCELLED
from events.permissions import can_book_for_someone, can_cancel_booking
from events.recurrence import uk_local
from events.services.access_requests import open_access_requests
from events.services.capacity import (
    check_bookable,
    check_mode,
    check_request,
    count_places,
    full_error,
    has_room,
    lock_confirmed_booking,
    lock_occurrence,
    take_places,
)
from events.services.promotion import (
    earlier_bookings,
    email_after_commit,
    for_whom,
    next_sequence,
    promote_from_waiting_list,
)
from events.services.waiting_list import (
    add_to_waiting_list,
    already_booked_error,
    drop_waiting_for_more,
)

WAITING = WaitingListEntry.Status.WAITING
OFFERED = WaitingListEntry.Status.OFFERED


def book_place(
    *,
    person: User,
    occurrence: Occurrence,
    companions: int = 0,
    for_person_name: str = "",
    access_needs: list[str] | tuple[str, ...] = (),
    access_notes: str = "",
    wait_if_full: bool = False,
    attendance_mode: str = "",
) -> Booking | WaitingListEntry:
    """A confirmed place for one person attending (the booker, or `for_person_name`), or, when
    there is not room for the whole party (in its way of attending, on a hybrid date):
    BookingError("full" or "mode_full"), or with `wait_if_full` a place on the waiting list (its
    order is the order of the lock). Its date comes with it, counted (`places_left`,
    `waiting_count`) after the change."""
    needs = check_request(
        person=person,
        companions=companions,
        access_needs=access_needs,
        for_person_name=for_person_name,
    )
    check_rate("booking", person=person)
    with transaction.atomic():
        occurrence = lock_occurrence(occurrence)
        check_bookable(occurrence)
        mode = check_mode(occurrence, attendance_mode)
        return _book_locked(
            occurrence,
            person=person,
            actor=person,
            companions=companions,
            for_person_name=for_person_name,
            needs=needs,
            access_notes=access_notes,
            mode=mode,
            wait_if_full=wait_if_full,
        )


def book_for_someone(
    *,
    staff: User,
    occurrence: Occurrence,
    person: User | None = None,
    name: str = "",
    companions: int = 0,
    access_needs: list[str] | tuple[str, ...] = (),
    access_notes: str = "",
    attendance_mode: str = "",
    wait_if_full: bool = False,
) -> Booking | WaitingListEntry:
    """Staff booking on someone's behalf (a phone call), from the register, any time before the
    date starts (the close time is for people booking themselves). With `person`: their own
    booking of the date if they have one, else a new one (`booked_by` the staff member; they
    are e-mailed it as if they had booked). Without: a booking by `name` for someone with no
    account (nobody to e-mail; no waiting list, which needs an account). Places are counted as
    for anyone else."""
    if not can_book_for_someone(staff, occurrence):
        raise NotAllowed("Only the organisation's staff can book places for other people.")
    name = " ".join(name.split())
    if person is None and not name:
        raise BookingError(
            "name_needed", "Enter the name of the person the place is for.", field="name"
        )
    if person is not None and not person.is_active:
        raise BookingError("account_closed", "This person's account is closed.", field="person")
    needs = check_request(
        person=staff, companions=companions, access_needs=access_needs, for_person_name=name
    )
    with transaction.atomic():
        occurrence = lock_occurrence(occurrence)
        check_bookable(occurrence, closing=False)
        mode = check_mode(occurrence, attendance_mode)
        if person is not None:
            if Booking.objects.filter(
                occurrence=occurrence,
                person=person,
                attendee_key="",
                status=Booking.Status.CONFIRMED,
            ).exists():
                # An error, not their booking back: what staff typed is kept to change it.
                raise BookingError(
                    "already_booked",
                    f"{person.display_name} already has a place on this date: it is on the "
                    "register.",
                    field="person",
                )
            return _book_locked(
                occurrence,
                person=person,
                actor=staff,
                booked_by=staff,
                companions=companions,
                for_person_name="",
                needs=needs,
                access_notes=access_notes,
                mode=mode,
                wait_if_full=wait_if_full,
            )
        count_places(occurrence)
        if not has_room(occurrence, companions=companions, mode=mode):
            raise _full_for_staff(occurrence, companions=companions, mode=mode)
        booking = Booking.objects.create(
            occurrence=occurrence,
            person=None,
            walk_in_name=name[:100],
            booked_by=staff,
            companions=companions,
            attendance_mode=mode,
            access_needs=needs,
            access_notes=access_notes.strip()[:1000],
        )
        take_places(occurrence, places=booking.places, mode=mode)
        open_access_requests(booking)
        record(
            actor=staff,
            action="events.booking.created",
            subject=booking,
            organisation=occurrence.event.organisation,
            occurrence_id=occurrence.pk,
            companions=companions,
            by_name=True,
        )
    return booking


def _book_locked(
    occurrence: Occurrence,
    *,
    person: User,
    actor: User,
    companions: int,
    for_person_name: str,
    needs: list[str],
    access_notes: str,
    mode: str,
    wait_if_full: bool,
    booked_by: User | None = None,
) -> Booking | WaitingListEntry:
    """`book_place` under the lock, the date checked: the place, or the waiting list."""
    key = attendee_key(for_person_name)
    earlier = earlier_bookings(occurrence, [person.pk]).get(person.pk)
    if earlier is not None and key in earlier[1]:
        raise already_booked_error(for_person_name)
    count_places(occurrence)
    if not has_room(occurrence, companions=companions, mode=mode):
        if not wait_if_full:
            if booked_by is not None:
                raise _full_for_staff(occurrence, companions=companions, mode=mode)
            raise full_error(occurrence, companions=companions, mode=mode)
        return add_to_waiting_list(
            person=person,
            occurrence=occurrence,
            companions=companions,
            for_person_name=for_person_name,
            access_needs=needs,
            access_notes=access_notes,
            attendance_mode=mode,
        )
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                occurrence=occurrence,
                person=person,
                booked_by=booked_by,
                companions=companions,
                for_person_name=" ".join(for_person_name.split()),
                attendee_key=key,
                attendance_mode=mode,
                access_needs=needs,
                access_notes=access_notes.strip()[:1000],
                sequence=next_sequence(earlier),
            )
    except IntegrityError as error:
        raise already_booked_error(for_person_name) from error
    # Booked now, so this person attending no longer waits (nor holds an offered place).
    mine = WaitingListEntry.objects.filter(
        occurrence=occurrence, person=person, attendee_key=key, adds_to__isnull=True
    )
    left = mine.filter(status=WAITING).update(status=WaitingListEntry.Status.LEFT)
    offer_left = 0
    if occurrence.event.waiting_list_mode == Event.WaitingListMode.OFFER:
        offer_left = mine.filter(status=OFFERED).update(status=WaitingListEntry.Status.LEFT)
    take_places(occurrence, places=booking.places, mode=mode, waiting=-left)
    open_access_requests(booking)
    feeds_changed(person_ids=[person.pk])
    record(
        actor=actor,
        action="events.booking.created",
        subject=booking,
        organisation=occurrence.event.organisation,
        occurrence_id=occurrence.pk,
        companions=companions,
        **({"booked_by": booked_by.pk} if booked_by is not None else {}),
    )
    email_after_commit("booking_confirmed", booking)
    if offer_left:  # the place they were offered is free for the next person
        promote_from_waiting_list(occurrence=occurrence)
    return booking


def _full_for_staff(occurrence: Occurrence, *, companions: int, mode: str) -> BookingError:
    """`full_error` for staff booking for someone: the same codes, without "you can join the
    waiting list", which the staff form cannot do."""
    error = full_error(occurrence, companions=companions, mode=mode)
    if error.code != "full":
        return error
    needed = places_for(companions)
    if needed == 1:
        return BookingError("full", "There are no places left on this date.")
    return BookingError(
        "full",
        f"There are not enough places left on this date for {needed} people.",
        field="companions",
    )


def cancel_booking(*, canceller: User, booking: Booking) -> Booking:
    """Cancel one's own booking (or, for staff, someone's); the place goes straight on."""
    if not can_cancel_booking(canceller, booking):
        raise NotAllowed("You can only cancel your own booking.")
    return _cancel(booking, actor=canceller)


def give_back_place(*, token: str) -> Booking:
    """The one-click link in the e-mail: the token is the key, no sign-in needed."""
    booking = Booking.objects.filter(give_back_token=token).select_related("person").first()
    if booking is None:
        raise BookingError("unknown_link", "This link is not valid. It may be out of date.")
    return _cancel(booking, actor=booking.person)


def _cancel(booking: Booking, *, actor: User | None) -> Booking:
    """The booking comes back with its date, counted after the change (see `book_place`)."""
    with transaction.atomic():
        booking = lock_confirmed_booking(
            booking, cancelled_words="This booking was already cancelled."
        )
        occurrence = booking.occurrence
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = timezone.now()
        # The person's calendar entry for the date (one per person and date) changes: cancelled,
        # or, while another of their places on it stays, still there.
        still_going = _keep_calendar_entry(booking)
        booking.save(update_fields=["status", "cancelled_at", "sequence"])
        drop_waiting_for_more(booking)
        promote_from_waiting_list(occurrence=occurrence)
        if booking.person_id is not None:
            feeds_changed(person_ids=[booking.person_id])
        record(
            actor=actor,
            action="events.booking.cancelled",
            subject=booking,
            organisation=occurrence.event.organisation,
            occurrence_id=occurrence.pk,
        )
        person = booking.person  # loaded with the booking above: no query
        by_organiser = person is not None and actor is not None and actor.pk != person.pk
        if (
            person is not None
            and not booking.walk_in
            and not occurrence.is_cancelled
            and not still_going
        ):
            # Their calendar took the invitation: it takes the cancellation too.
            _cancellation_after_commit(booking, by_organiser=by_organiser)
        if person is not None and by_organiser:
            notify(
                recipient=person,
                kind=BOOKING_CANCELLED.code,
                message=(
                    f"{occurrence.event.organisation.name} cancelled the place "
                    f"{for_whom(booking)}at {occurrence.event.title} on "
                    f"{uk_local(occurrence.start):%A %-d %B}."
                ),
                url=my_bookings_url(),
                about=booking,
            )
    return booking


def _keep_calendar_entry(booking: Booking) -> bool:
    """For a booking being cancelled: raise the sequence of the person's calendar entry for the
    date past every booking of theirs on it. When another of their bookings of the date stays
    confirmed, it takes that sequence too (the entry stays, changed) and True is returned: no
    cancellation goes to their calendar."""
    if booking.person_id is None:
        booking.sequence += 1
        return False
    theirs = Booking.objects.filter(
        occurrence_id=booking.occurrence_id, person_id=booking.person_id
    )
    top = theirs.aggregate(top=Max("sequence"))["top"] or 0
    booking.sequence = max(booking.sequence, top) + 1
    others = theirs.filter(status=Booking.Status.CONFIRMED).exclude(pk=booking.pk)
    return others.update(sequence=booking.sequence) > 0


def _cancellation_after_commit(booking: Booking, *, by_organiser: bool) -> None:
    booking_id = booking.pk
    transaction.on_commit(
        lambda: send_booking_cancelled_email.enqueue(
            booking_id=booking_id, by_organiser=by_organiser
        )
    )
