"""Places offered from the waiting list (`Event.WaitingListMode.OFFER`): accepting one in time,
declining it, and the periodic job that passes on offers not accepted in time. Each passes the
place on with `promote_from_waiting_list`, under the date's lock.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.services.audit import record
from events.errors import BookingError
from events.feeds import feeds_changed
from events.models import Booking, Occurrence, WaitingListEntry
from events.services.capacity import count_places, lock_occurrence
from events.services.promotion import (
    add_places,
    booking_from_entry,
    earlier_bookings,
    email_after_commit,
    promote_from_waiting_list,
)

OFFERED = WaitingListEntry.Status.OFFERED


def accept_offer(*, person: User, entry: WaitingListEntry) -> Booking:
    """Take a place offered from the waiting list, before the offer expires: a booking (or more
    places on the booking it was for). Too late: BookingError("offer_expired"), and the place
    has gone on to the next person."""
    # A refusal is raised after the transaction, so the place passed on is not rolled back.
    refusal: BookingError | None = None
    with transaction.atomic():
        occurrence, entry = _lock_offer(person, entry)
        now = timezone.now()
        if (
            entry.offer_expires_at is None
            or entry.offer_expires_at <= now
            or occurrence.is_cancelled
            or occurrence.start <= now
        ):
            _pass_offer(occurrence, entry, actor=person, action="events.waiting_list.offer_expired")
            refusal = BookingError(
                "offer_expired",
                "Sorry, the time to accept this place has passed. It has gone to the next "
                "person waiting.",
            )
        elif entry.adds_to_id is not None and entry.adds_to is not None:
            if not entry.adds_to.is_confirmed:
                _pass_offer(occurrence, entry, actor=person, action="events.waiting_list.left")
                refusal = BookingError("not_booked", "This booking was cancelled.")
            else:
                booking = add_places(occurrence, entry, places=entry.places)
                booking.occurrence = count_places(occurrence)
        else:
            earlier = earlier_bookings(occurrence, [person.pk]).get(person.pk)
            booking = booking_from_entry(occurrence, entry, earlier)
            count_places(occurrence)
            feeds_changed(person_ids=[person.pk])
            record(
                actor=person,
                action="events.booking.offer_accepted",
                subject=booking,
                organisation=occurrence.event.organisation,
                occurrence_id=occurrence.pk,
                position=entry.position,
            )
            email_after_commit("booking_confirmed", booking)
    if refusal is not None:
        raise refusal
    return booking


def decline_offer(*, person: User, entry: WaitingListEntry) -> WaitingListEntry:
    """Say no to a place offered from the waiting list: it goes on to the next person."""
    with transaction.atomic():
        occurrence, entry = _lock_offer(person, entry)
        _pass_offer(occurrence, entry, actor=person, action="events.waiting_list.offer_declined")
    return entry


def pass_on_expired_offers(*, now: datetime.datetime | None = None) -> int:
    """The periodic job: offers not accepted in time pass to the next person waiting. One
    transaction per date. Returns how many offers passed on."""
    now = now or timezone.now()
    dates = (
        WaitingListEntry.objects.filter(status=OFFERED, offer_expires_at__lte=now)
        .order_by("occurrence_id")
        .values_list("occurrence_id", flat=True)
        .distinct()
    )
    passed = 0
    for occurrence_id in list(dates):
        with transaction.atomic():
            occurrence = lock_occurrence(occurrence_id)
            expired = list(
                WaitingListEntry.objects.select_for_update().filter(
                    occurrence_id=occurrence_id, status=OFFERED, offer_expires_at__lte=now
                )
            )
            for entry in expired:
                entry.status = WaitingListEntry.Status.OFFER_PASSED
                entry.save(update_fields=["status"])
                record(
                    actor=None,
                    action="events.waiting_list.offer_expired",
                    subject=entry,
                    organisation=occurrence.event.organisation,
                    occurrence_id=occurrence_id,
                )
            if expired:
                promote_from_waiting_list(occurrence=occurrence)
            passed += len(expired)
    return passed


def _lock_offer(person: User, entry: WaitingListEntry) -> tuple[Occurrence, WaitingListEntry]:
    """Under the date's lock: the entry, which must be the person's and offered now."""
    if entry.person_id != person.pk:
        raise NotAllowed("This place was offered to someone else.")
    occurrence = lock_occurrence(entry.occurrence_id)
    entry = (
        WaitingListEntry.objects.select_for_update(of=("self",))
        .select_related("adds_to", "person")
        .get(pk=entry.pk)
    )
    if entry.status != OFFERED:
        raise BookingError("not_offered", "This place is not offered to you now.")
    return occurrence, entry


def _pass_offer(
    occurrence: Occurrence, entry: WaitingListEntry, *, actor: User, action: str
) -> None:
    entry.status = WaitingListEntry.Status.OFFER_PASSED
    entry.save(update_fields=["status"])
    record(
        actor=actor,
        action=action,
        subject=entry,
        organisation=occurrence.event.organisation,
        occurrence_id=occurrence.pk,
    )
    promote_from_waiting_list(occurrence=occurrence)
