"""Booking a place, cancelling it, and handing freed places to the waiting list.

Capacity is counted while holding the occurrence's row lock (`select_for_update`), so two people
can never both be given the last place; the database also refuses a second confirmed booking by
the same person. A freed place goes, in the same transaction, to the first person waiting whose
party fits.
"""

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.permissions import Person
from community.services.audit import record
from community.services.notifications import notify
from events.errors import BookingError
from events.feeds import feeds_changed
from events.links import my_bookings_url
from events.models import ACCESS_NEEDS, Booking, Event, Occurrence, WaitingListEntry
from events.models.bookings import ACCESS_NEED_CODES
from events.notification_kinds import BOOKING_CANCELLED, PLACE_OFFERED
from events.permissions import can_cancel_booking
from events.recurrence import uk_local

MAX_COMPANIONS = 3


def places_taken(occurrence: Occurrence) -> int:
    taken = Booking.objects.filter(
        occurrence=occurrence, status=Booking.Status.CONFIRMED
    ).aggregate(places=Sum(F("companions") + 1))["places"]
    return taken or 0


def lock_occurrence(occurrence: Occurrence | int) -> Occurrence:
    """Within a transaction: the occurrence row, locked until commit. Only the occurrence row:
    locking the event too would make every date of a drop-in wait for each other."""
    pk = occurrence if isinstance(occurrence, int) else occurrence.pk
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event__organisation")
        .get(pk=pk)
    )


def check_request(
    *, person: Person | None, companions: int, access_needs, for_person_name: str
) -> list[str]:
    if person is None or not person.is_authenticated:
        raise NotAllowed("Sign in to book a place.")
    if not person.is_active:
        raise NotAllowed("This account is closed.")
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
    # In the order of the list, so every page and export shows them the same way.
    return [code for code, _ in ACCESS_NEEDS if code in needs]


def check_bookable(occurrence: Occurrence) -> None:
    if occurrence.event.status != Event.Status.PUBLISHED:
        raise BookingError("not_open", "This event is not open for booking.")
    if occurrence.is_cancelled:
        raise BookingError("cancelled", "This date has been cancelled.")
    if occurrence.start <= timezone.now():
        raise BookingError("started", "This date has already started.")


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
    or with `wait_if_full` a place on the waiting list (its order is the order of the lock)."""
    from events.services.waiting_list import add_to_waiting_list

    needs = check_request(
        person=person,
        companions=companions,
        access_needs=access_needs,
        for_person_name=for_person_name,
    )
    with transaction.atomic():
        occurrence = lock_occurrence(occurrence)
        check_bookable(occurrence)
        if Booking.objects.filter(
            occurrence=occurrence, person=person, status=Booking.Status.CONFIRMED
        ).exists():
            raise BookingError("already_booked", "You already have a place on this date.")
        free = occurrence.capacity - places_taken(occurrence)
        if 1 + companions > free:
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
                )
        except IntegrityError as error:
            raise BookingError(
                "already_booked", "You already have a place on this date."
            ) from error
        # Booked now, so no longer waiting.
        WaitingListEntry.objects.filter(
            occurrence=occurrence, person=person, status=WaitingListEntry.Status.WAITING
        ).update(status=WaitingListEntry.Status.LEFT)
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
    with transaction.atomic():
        occurrence = lock_occurrence(booking.occurrence_id)
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=booking.pk)
        )
        if not booking.is_confirmed:
            raise BookingError("not_booked", "This booking was already cancelled.")
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
        if occurrence.start > timezone.now() and not occurrence.is_cancelled:
            promote_from_waiting_list(occurrence=occurrence)
        feeds_changed(person_ids=[booking.person_id])
        record(
            actor=actor,
            action="events.booking.cancelled",
            subject=booking,
            organisation=occurrence.event.organisation,
            occurrence_id=occurrence.pk,
        )
        if booking.person_id and actor is not None and actor.pk != booking.person_id:
            notify(
                recipient=booking.person,
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
    The caller holds the occurrence's row lock (see `lock_occurrence`)."""
    if occurrence.is_cancelled or occurrence.start <= timezone.now():
        return []
    free = occurrence.capacity - places_taken(occurrence)
    promoted = []
    if free <= 0:
        return promoted
    waiting = WaitingListEntry.objects.filter(
        occurrence=occurrence, status=WaitingListEntry.Status.WAITING
    ).select_related("person")
    for entry in waiting.order_by("position"):
        if free <= 0:
            break
        if entry.places > free:
            continue
        booking = Booking.objects.create(
            occurrence=occurrence,
            person=entry.person,
            companions=entry.companions,
            for_person_name=entry.for_person_name,
            access_needs=entry.access_needs,
            access_notes=entry.access_notes,
            from_waiting_list=True,
        )
        entry.status = WaitingListEntry.Status.PROMOTED
        entry.save(update_fields=["status"])
        free -= entry.places
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


def _email_after_commit(kind: str, booking: Booking) -> None:
    from events.tasks import send_booking_email

    transaction.on_commit(lambda: send_booking_email.enqueue(booking_id=booking.pk, kind=kind))
