"""Booking a place, cancelling it, and handing freed places to the waiting list.

Capacity is counted while holding the occurrence's row lock (`select_for_update`), so two people
can never both be given the last place; the database also refuses a second confirmed booking by
the same person. A freed place goes, in the same transaction, to the first person waiting whose
party fits.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.rate_limits import check_rate
from community.services.audit import record
from community.services.notifications import notify
from events.emails import send_booking_cancelled_email, send_booking_email
from events.errors import BookingError
from events.feeds import feeds_changed
from events.links import my_bookings_url
from events.models import Booking, Occurrence, WaitingListEntry
from events.notification_kinds import BOOKING_CANCELLED, PLACE_OFFERED
from events.permissions import can_cancel_booking
from events.recurrence import uk_local
from events.services.capacity import (
    check_bookable,
    check_request,
    count_places,
    has_room,
    lock_occurrence,
    set_places,
)
from events.services.waiting_list import add_to_waiting_list


def book_place(
    *,
    person: User,
    occurrence: Occurrence,
    companions: int = 0,
    for_person_name: str = "",
    access_needs: list[str] | tuple[str, ...] = (),
    access_notes: str = "",
    wait_if_full: bool = False,
) -> Booking | WaitingListEntry:
    """A confirmed place, or, when there is not room for the whole party: BookingError("full"),
    or with `wait_if_full` a place on the waiting list (its order is the order of the lock).
    Its date comes with it, counted (`places_left`, `waiting_count`) after the change."""
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
        earlier = _earlier_bookings(occurrence, [person.pk]).get(person.pk)
        if earlier is not None and earlier[1]:
            raise BookingError("already_booked", "You already have a place on this date.")
        count_places(occurrence)
        if not has_room(occurrence, companions=companions):
            if not wait_if_full:
                raise BookingError(
                    "full",
                    "There are no places left on this date. You can join the waiting list.",
                )
            return add_to_waiting_list(
                person=person,
                occurrence=occurrence,
                companions=companions,
                for_person_name=for_person_name,
                access_needs=needs,
                access_notes=access_notes,
            )
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    occurrence=occurrence,
                    person=person,
                    companions=companions,
                    for_person_name=for_person_name.strip(),
                    access_needs=needs,
                    access_notes=access_notes.strip()[:1000],
                    sequence=_next_sequence(earlier),
                )
        except IntegrityError as error:
            raise BookingError(
                "already_booked", "You already have a place on this date."
            ) from error
        # Booked now, so no longer waiting.
        left = WaitingListEntry.objects.filter(
            occurrence=occurrence, person=person, status=WaitingListEntry.Status.WAITING
        ).update(status=WaitingListEntry.Status.LEFT)
        set_places(
            occurrence,
            taken=occurrence.places_taken + booking.places,
            waiting=occurrence.waiting_count - left,
        )
        feeds_changed(person_ids=[person.pk])
        record(
            actor=person,
            action="events.booking.created",
            subject=booking,
            organisation=occurrence.event.organisation,
            occurrence_id=occurrence.pk,
            companions=companions,
        )
        _email_after_commit("booking_confirmed", booking)
    return booking


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
        occurrence = lock_occurrence(booking.occurrence_id)
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=booking.pk)
        )
        booking.occurrence = occurrence
        if not booking.is_confirmed:
            raise BookingError("not_booked", "This booking was already cancelled.")
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.sequence += 1  # the person's calendar entry for the date changes: cancelled
        booking.save(update_fields=["status", "cancelled_at", "sequence"])
        promote_from_waiting_list(occurrence=occurrence)
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
        if person is not None and not booking.walk_in and not occurrence.is_cancelled:
            # Their calendar took the invitation: it takes the cancellation too.
            _cancellation_after_commit(booking, by_organiser=by_organiser)
        if person is not None and by_organiser:
            notify(
                recipient=person,
                kind=BOOKING_CANCELLED.code,
                message=(
                    f"{occurrence.event.organisation.name} cancelled your place at "
                    f"{occurrence.event.title} on {uk_local(occurrence.start):%A %-d %B}."
                ),
                url=my_bookings_url(),
                about=booking,
            )
    return booking


def promote_from_waiting_list(*, occurrence: Occurrence) -> list[Booking]:
    """Give free places to the people waiting, in order. Someone whose party does not fit keeps
    their position and is passed over for now; the next person who fits gets the place.
    The caller holds the occurrence's row lock (see `lock_occurrence`); the places are counted
    here, so the date comes back counted whether or not anyone was given a place."""
    count_places(occurrence)
    promoted: list[Booking] = []
    if occurrence.is_cancelled or occurrence.start <= timezone.now():
        return promoted
    if occurrence.places_left <= 0:
        return promoted
    waiting = WaitingListEntry.objects.filter(
        occurrence=occurrence, status=WaitingListEntry.Status.WAITING
    ).select_related("person")
    earlier: dict[int, tuple[int, bool]] | None = None
    for entry in waiting.order_by("position"):
        if occurrence.places_left <= 0:
            break
        if not has_room(occurrence, companions=entry.companions):
            continue
        if earlier is None:  # once, for everyone waiting, only when someone gets a place
            earlier = _earlier_bookings(occurrence, [e.person_id for e in waiting])
        booking = Booking.objects.create(
            occurrence=occurrence,
            person=entry.person,
            companions=entry.companions,
            for_person_name=entry.for_person_name,
            access_needs=entry.access_needs,
            access_notes=entry.access_notes,
            from_waiting_list=True,
            sequence=_next_sequence(earlier.get(entry.person_id)),
        )
        entry.status = WaitingListEntry.Status.PROMOTED
        entry.save(update_fields=["status"])
        set_places(
            occurrence,
            taken=occurrence.places_taken + booking.places,
            waiting=occurrence.waiting_count - 1,
        )
        promoted.append(booking)
        notify(
            recipient=entry.person,
            kind=PLACE_OFFERED.code,
            message=(
                f"You have a place at {occurrence.event.title} on "
                f"{uk_local(occurrence.start):%A %-d %B at %H:%M}."
            ),
            url=my_bookings_url(),
            about=booking,
        )
        record(
            actor=None,
            action="events.booking.promoted",
            subject=booking,
            organisation=occurrence.event.organisation,
            occurrence_id=occurrence.pk,
            position=entry.position,
        )
        _email_after_commit("place_offered", booking)
    if promoted:
        feeds_changed(person_ids=[b.person_id for b in promoted])
    return promoted


def _earlier_bookings(occurrence: Occurrence, person_ids: list[int]) -> dict[int, tuple[int, bool]]:
    """For each of these people who ever booked this date: (the highest sequence of their
    bookings of it, whether one is confirmed now). One query however many people."""
    rows = (
        Booking.objects.filter(occurrence=occurrence, person_id__in=person_ids)
        .values("person_id")
        .annotate(
            latest=Max("sequence"),
            confirmed=Count("pk", filter=Q(status=Booking.Status.CONFIRMED)),
        )
    )
    return {row["person_id"]: (row["latest"], row["confirmed"] > 0) for row in rows}


def _next_sequence(earlier: tuple[int, bool] | None) -> int:
    """Booking a date again goes on from the last booking's calendar entry (one UID per person
    and date), so calendar apps that saw it cancelled take the new one."""
    return 0 if earlier is None else earlier[0] + 1


def _cancellation_after_commit(booking: Booking, *, by_organiser: bool) -> None:
    booking_id = booking.pk
    transaction.on_commit(
        lambda: send_booking_cancelled_email.enqueue(
            booking_id=booking_id, by_organiser=by_organiser
        )
    )


def _email_after_commit(kind: str, booking: Booking) -> None:
    transaction.on_commit(lambda: send_booking_email.enqueue(booking_id=booking.pk, kind=kind))
