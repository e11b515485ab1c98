"""Handing freed places to the people waiting, in order: straight away, or, when the event
offers places, as an offer held until it expires (see events.services.offers for accepting,
declining and passing on offers). Anyone passed over because their party does not fit is told
once. The helpers every booking path shares (earlier bookings of a date, the next calendar
sequence, the e-mail after commit) live here too, as the lowest module that needs them.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from community.services.audit import record
from community.services.notifications import notify, notify_many
from events.emails import send_booking_email, send_offer_email
from events.feeds import feeds_changed
from events.links import my_bookings_url
from events.models import Booking, Event, Occurrence, WaitingListEntry
from events.models.bookings import places_for
from events.notification_kinds import PASSED_OVER, PLACE_OFFER, PLACE_OFFERED
from events.recurrence import uk_local
from events.services.access_requests import open_access_requests
from events.services.capacity import closes_at, count_places, has_room, take_places
from events.services.waiting_list import already_booked_error

WAITING = WaitingListEntry.Status.WAITING
OFFERED = WaitingListEntry.Status.OFFERED

# For each person who ever booked a date: the highest sequence of their bookings of it, and
# whom they hold a confirmed place for (attendee keys).
Earlier = tuple[int, frozenset[str]]


def promote_from_waiting_list(*, occurrence: Occurrence) -> list[Booking]:
    """Give free places to the people waiting, in order: straight away, or, when the event
    offers places (`Event.WaitingListMode.OFFER`), as an offer held for them until it expires.
    Someone whose party does not fit keeps their position and is passed over for now (told
    once, `passed_over_at`); the next person who fits gets the place. An entry waiting for more
    places on a booking raises that booking's companions instead of making another booking.
    The caller holds the occurrence's row lock (see `lock_occurrence`); the places are counted
    here, so the date comes back counted whether or not anyone was given a place."""
    count_places(occurrence)
    promoted: list[Booking] = []
    now = timezone.now()
    if occurrence.is_cancelled or occurrence.start <= now:
        return promoted
    if occurrence.places_left <= 0:
        return promoted
    offering = occurrence.event.waiting_list_mode == Event.WaitingListMode.OFFER
    waiting = list(
        WaitingListEntry.objects.filter(occurrence=occurrence, status=WAITING)
        .select_related("person", "adds_to")
        .order_by("position")
    )
    earlier: dict[int, Earlier] | None = None
    passed_over: list[WaitingListEntry] = []
    for entry in waiting:
        if occurrence.places_left <= 0:
            break
        if entry.adds_to is not None and not entry.adds_to.is_confirmed:
            entry.status = WaitingListEntry.Status.LEFT
            entry.save(update_fields=["status"])
            take_places(occurrence, places=0, waiting=-1)
            continue
        places = entry.places
        if not has_room(occurrence, companions=0, mode=mode_of(entry), places=places):
            if entry.passed_over_at is None:
                passed_over.append(entry)
            continue
        if offering:
            _offer(occurrence, entry, places=places, now=now)
            continue
        if entry.adds_to_id is not None:
            add_places(occurrence, entry, places=places)
            continue
        if earlier is None:  # once, for everyone waiting, only when someone gets a place
            earlier = earlier_bookings(occurrence, [e.person_id for e in waiting])
        booking = booking_from_entry(occurrence, entry, earlier.get(entry.person_id))
        earlier[entry.person_id] = (
            booking.sequence,
            earlier.get(entry.person_id, (0, frozenset()))[1] | {booking.attendee_key},
        )
        take_places(occurrence, places=booking.places, mode=booking.attendance_mode, waiting=-1)
        promoted.append(booking)
        notify(
            recipient=entry.person,
            kind=PLACE_OFFERED.code,
            message=(
                f"You have a place {for_whom(booking)}at {occurrence.event.title} on "
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
        email_after_commit("place_offered", booking)
    if passed_over:
        _tell_passed_over(occurrence, passed_over, now=now)
    if promoted:
        feeds_changed(person_ids=[b.person_id for b in promoted if b.person_id is not None])
    return promoted


def mode_of(entry: WaitingListEntry) -> str:
    """The way of attending an entry waits for places in: for more places on a booking, the
    booking's (it may have changed since the entry was made), else the entry's own."""
    if entry.adds_to_id is not None and entry.adds_to is not None:
        return entry.adds_to.attendance_mode
    return entry.attendance_mode


def booking_from_entry(
    occurrence: Occurrence, entry: WaitingListEntry, earlier: Earlier | None
) -> Booking:
    """The booking a waiting-list entry becomes (promoted, or an offer accepted)."""
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                occurrence=occurrence,
                person=entry.person,
                companions=entry.companions,
                for_person_name=entry.for_person_name,
                attendee_key=entry.attendee_key,
                attendance_mode=entry.attendance_mode,
                access_needs=entry.access_needs,
                access_notes=entry.access_notes,
                from_waiting_list=True,
                sequence=next_sequence(earlier),
            )
    except IntegrityError as error:
        raise already_booked_error(entry.for_person_name) from error
    entry.status = WaitingListEntry.Status.PROMOTED
    entry.save(update_fields=["status"])
    open_access_requests(booking)
    return booking


def add_places(occurrence: Occurrence, entry: WaitingListEntry, *, places: int) -> Booking:
    """An entry for more places on a booking is given them: the booking grows (under the lock)."""
    booking = entry.adds_to
    assert booking is not None
    booking.companions = entry.companions
    booking.save(update_fields=["companions"])
    if entry.status == WAITING:
        take_places(occurrence, places=places, mode=booking.attendance_mode, waiting=-1)
    entry.status = WaitingListEntry.Status.PROMOTED
    entry.save(update_fields=["status"])
    notify(
        recipient=entry.person,
        kind=PLACE_OFFERED.code,
        message=(
            f"You now have {places_for(booking.companions)} places {for_whom(booking)}at "
            f"{occurrence.event.title} on {uk_local(occurrence.start):%A %-d %B at %H:%M}."
        ),
        url=my_bookings_url(),
        about=booking,
    )
    record(
        actor=None,
        action="events.booking.more_places",
        subject=booking,
        organisation=occurrence.event.organisation,
        occurrence_id=occurrence.pk,
        companions=booking.companions,
    )
    if booking.person_id is not None:
        feeds_changed(person_ids=[booking.person_id])
    return booking


def offer_url(entry: WaitingListEntry) -> str:
    """The page where the person accepts or declines a place offered to them."""
    try:
        return reverse("events_offer", args=[entry.pk])
    except NoReverseMatch:  # the page is not routed (yet): their bookings list shows offers
        return my_bookings_url()


def _offer(
    occurrence: Occurrence, entry: WaitingListEntry, *, places: int, now: datetime.datetime
) -> None:
    """Hold the places for the entry until the offer expires: `offer_hours` from now, but never
    after bookings close (or, when they already have, the start)."""
    expires = now + datetime.timedelta(hours=max(1, occurrence.event.offer_hours))
    close = closes_at(occurrence)
    expires = min(expires, close if close > now else occurrence.start)
    entry.status = OFFERED
    entry.offer_expires_at = expires
    entry.attendance_mode = mode_of(entry)  # the places are held in the way they will attend
    entry.save(update_fields=["status", "offer_expires_at", "attendance_mode"])
    take_places(occurrence, places=places, mode=mode_of(entry), waiting=-1)
    path = offer_url(entry)
    what = "A place" if places == 1 else f"{places} places"
    if entry.adds_to_id is not None:
        what = "1 more place" if places == 1 else f"{places} more places"
    # An offer may last an hour: it is e-mailed at once, whatever the person chose for their
    # other news, and the notification stays on the site (no second e-mail, no digest).
    notify_many(
        recipients=[entry.person],
        kind=PLACE_OFFER.code,
        emailed_separately=[entry.person_id],
        message=(
            f"{what} came free at {occurrence.event.title} on "
            f"{uk_local(occurrence.start):%A %-d %B at %H:%M}. Accept by "
            f"{uk_local(expires):%H:%M on %A %-d %B}, or it goes to the next person waiting."
        ),
        url=path,
        about=entry,
    )
    entry_id = entry.pk
    transaction.on_commit(lambda: send_offer_email.enqueue(entry_id=entry_id, offer_path=path))
    record(
        actor=None,
        action="events.waiting_list.offered",
        subject=entry,
        organisation=occurrence.event.organisation,
        occurrence_id=occurrence.pk,
        position=entry.position,
    )


def _tell_passed_over(
    occurrence: Occurrence, entries: list[WaitingListEntry], *, now: datetime.datetime
) -> None:
    """Tell each person passed over, once, why: their group needs more places than came free
    (or, on a hybrid date, none came free in their way of attending). People with the same
    news are told in one batch, so this does not grow with the number waiting."""
    day = f"{occurrence.event.title} on {uk_local(occurrence.start):%A %-d %B}"
    batches: dict[str, list[WaitingListEntry]] = {}
    for entry in entries:
        places = entry.places
        if places <= occurrence.places_left:
            how = "online" if mode_of(entry) == "online" else "in-person"
            reason = f"but not an {how} place"
        elif entry.adds_to_id is not None:
            reason = f"but you asked for {places} more places"
        else:
            reason = f"but your group needs {places} places"
        message = f"A place came free at {day}, {reason}. You keep your place in the queue."
        batches.setdefault(message, []).append(entry)
    for message, batch in batches.items():
        notify_many(
            recipients=[entry.person for entry in batch],
            kind=PASSED_OVER.code,
            message=message,
            url=my_bookings_url(),
            about=occurrence,
        )
    WaitingListEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(
        passed_over_at=now
    )


def earlier_bookings(occurrence: Occurrence, person_ids: list[int]) -> dict[int, Earlier]:
    """For each of these people who ever booked this date: (the highest sequence of their
    bookings of it, whom they hold a confirmed place for now). One query however many people."""
    rows = (
        Booking.objects.filter(occurrence=occurrence, person_id__in=person_ids)
        .order_by()
        .values("person_id", "attendee_key")
        .annotate(
            latest=Max("sequence"),
            confirmed=Count("pk", filter=Q(status=Booking.Status.CONFIRMED)),
        )
    )
    earlier: dict[int, Earlier] = {}
    for row in rows:
        latest, keys = earlier.get(row["person_id"], (0, frozenset()))
        if row["confirmed"]:
            keys = keys | {row["attendee_key"]}
        earlier[row["person_id"]] = (max(latest, row["latest"]), keys)
    return earlier


def next_sequence(earlier: Earlier | None) -> int:
    """Booking a date again (or for someone else too) goes on from the person's last booking's
    calendar entry (one UID per person and date), so calendar apps take the new one."""
    return 0 if earlier is None else earlier[0] + 1


def for_whom(booking: Booking) -> str:
    return f"for {booking.for_person_name} " if booking.for_person_name else ""


def email_after_commit(kind: str, booking: Booking) -> None:
    if booking.person_id is None:
        return  # a booking by name: nobody to e-mail
    transaction.on_commit(lambda: send_booking_email.enqueue(booking_id=booking.pk, kind=kind))
