"""Booking a place, changing it, cancelling it, booking on someone's behalf, and handing freed
places to the waiting list (straight away, or as an offer to accept in time).

Capacity is counted while holding the occurrence's row lock (`select_for_update`), so two people
can never both be given the last place; the database also refuses a second confirmed booking by
the same person for the same person attending (`attendee_key`: a carer may hold one booking for
himself and one for his mother). A freed place goes, in the same transaction, to the first
person waiting whose party fits; anyone passed over because their party does not fit is told
once.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.rate_limits import check_rate
from community.services.audit import record
from community.services.notifications import notify, notify_many
from events.emails import send_booking_cancelled_email, send_booking_email
from events.errors import BookingError
from events.feeds import feeds_changed
from events.links import my_bookings_url
from events.models import Booking, Event, Occurrence, WaitingListEntry
from events.models.bookings import attendee_key, places_for
from events.notification_kinds import BOOKING_CANCELLED, PASSED_OVER, PLACE_OFFER, PLACE_OFFERED
from events.permissions import can_book_for_someone, can_cancel_booking
from events.recurrence import uk_local
from events.services.access_requests import open_access_requests
from events.services.capacity import (
    check_bookable,
    check_mode,
    check_request,
    closes_at,
    count_places,
    has_room,
    lock_occurrence,
    mode_full_error,
    mode_places_left,
    take_places,
)
from events.services.waiting_list import add_to_waiting_list, already_booked_error

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


# For each person who ever booked a date: the highest sequence of their bookings of it, and
# whom they hold a confirmed place for (attendee keys).
Earlier = tuple[int, frozenset[str]]


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
            own = Booking.objects.filter(
                occurrence=occurrence,
                person=person,
                attendee_key="",
                status=Booking.Status.CONFIRMED,
            ).first()
            if own is not None:
                own.occurrence = count_places(occurrence)
                return own
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
            if places_for(companions) <= occurrence.places_left:
                raise mode_full_error(mode)
            raise BookingError(
                "full",
                "There are no places left on this date. Only people with an account can join "
                "the waiting list.",
            )
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
    earlier = _earlier_bookings(occurrence, [person.pk]).get(person.pk)
    if earlier is not None and key in earlier[1]:
        raise already_booked_error(for_person_name)
    count_places(occurrence)
    if not has_room(occurrence, companions=companions, mode=mode):
        if not wait_if_full:
            raise _full_error(occurrence, companions=companions, mode=mode)
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
                sequence=_next_sequence(earlier),
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
    _email_after_commit("booking_confirmed", booking)
    if offer_left:  # the place they were offered is free for the next person
        promote_from_waiting_list(occurrence=occurrence)
    return booking


def _full_error(
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
        occurrence = lock_occurrence(booking.occurrence_id)
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=booking.pk)
        )
        booking.occurrence = occurrence
        if not booking.is_confirmed:
            raise BookingError("not_booked", "This booking was cancelled.")
        check_bookable(occurrence, closing=not staff)
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
            # Moving to the other way of attending: the whole party must fit there.
            left = mode_places_left(occurrence, mode)
            if left is not None and places_for(new_companions) > left:
                raise mode_full_error(mode)
            if more > occurrence.places_left:
                raise _full_error(occurrence, companions=new_companions, mode=mode, places=more)
            changed["attendance_mode"] = mode
            take_places(occurrence, places=-booking.places, mode=booking.attendance_mode)
            take_places(occurrence, places=booking.places, mode=mode)
            booking.attendance_mode = mode
        if more > 0 and not has_room(occurrence, companions=0, mode=mode, places=more):
            if not wait_for_more or booking.person is None:
                raise _full_error(occurrence, companions=new_companions, mode=mode, places=more)
            waiting = _wait_for_more(occurrence, booking, companions=new_companions)
        elif more != 0:
            take_places(occurrence, places=more, mode=mode)
            changed["companions"] = new_companions
            booking.companions = new_companions
        if needs != booking.access_needs or notes != booking.access_notes:
            booking.access_needs, booking.access_notes = needs, notes
            changed["access_needs"] = needs
        if companions is not None and waiting is None and _drop_waiting_for_more(booking):
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
                open_access_requests(booking)
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


def _drop_waiting_for_more(booking: Booking) -> int:
    """The booking's waiting-list entry for more places, once it no longer applies (the booking
    has as many, or was cancelled). An offered one gives its places back."""
    return WaitingListEntry.objects.filter(adds_to=booking, status__in=[WAITING, OFFERED]).update(
        status=WaitingListEntry.Status.LEFT
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
        # The person's calendar entry for the date (one per person and date) changes: cancelled,
        # or, while another of their places on it stays, still there.
        still_going = _keep_calendar_entry(booking)
        booking.save(update_fields=["status", "cancelled_at", "sequence"])
        _drop_waiting_for_more(booking)
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
                    f"{_for_whom(booking)}at {occurrence.event.title} on "
                    f"{uk_local(occurrence.start):%A %-d %B}."
                ),
                url=my_bookings_url(),
                about=booking,
            )
    return booking


def _for_whom(booking: Booking) -> str:
    return f"for {booking.for_person_name} " if booking.for_person_name else ""


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
        if not has_room(occurrence, companions=0, mode=entry.attendance_mode, places=places):
            if entry.passed_over_at is None:
                passed_over.append(entry)
            continue
        if offering:
            _offer(occurrence, entry, places=places, now=now)
            continue
        if entry.adds_to_id is not None:
            _add_places(occurrence, entry, places=places)
            continue
        if earlier is None:  # once, for everyone waiting, only when someone gets a place
            earlier = _earlier_bookings(occurrence, [e.person_id for e in waiting])
        booking = _booking_from_entry(occurrence, entry, earlier.get(entry.person_id))
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
                f"You have a place {_for_whom(booking)}at {occurrence.event.title} on "
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
    if passed_over:
        _tell_passed_over(occurrence, passed_over, now=now)
    if promoted:
        feeds_changed(person_ids=[b.person_id for b in promoted if b.person_id is not None])
    return promoted


def _booking_from_entry(
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
                sequence=_next_sequence(earlier),
            )
    except IntegrityError as error:
        raise already_booked_error(entry.for_person_name) from error
    entry.status = WaitingListEntry.Status.PROMOTED
    entry.save(update_fields=["status"])
    open_access_requests(booking)
    return booking


def _add_places(occurrence: Occurrence, entry: WaitingListEntry, *, places: int) -> Booking:
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
            f"You now have {places_for(booking.companions)} places {_for_whom(booking)}at "
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
    entry.save(update_fields=["status", "offer_expires_at"])
    take_places(occurrence, places=places, mode=entry.attendance_mode, waiting=-1)
    what = "A place" if places == 1 else f"{places} places"
    if entry.adds_to_id is not None:
        what = "1 more place" if places == 1 else f"{places} more places"
    notify(
        recipient=entry.person,
        kind=PLACE_OFFER.code,
        message=(
            f"{what} came free at {occurrence.event.title} on "
            f"{uk_local(occurrence.start):%A %-d %B at %H:%M}. Accept by "
            f"{uk_local(expires):%H:%M on %A %-d %B}, or it goes to the next person waiting."
        ),
        url=offer_url(entry),
        about=entry,
    )
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
            how = "online" if entry.attendance_mode == "online" else "in-person"
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


def accept_offer(*, person: User, entry: WaitingListEntry) -> Booking:
    """Take a place offered from the waiting list, before the offer expires: a booking (or more
    places on the booking it was for). Too late: BookingError("offer_expired"), and the place
    has gone on to the next person."""
    expired = False
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
            expired = True
        elif entry.adds_to_id is not None and entry.adds_to is not None:
            if not entry.adds_to.is_confirmed:
                _pass_offer(occurrence, entry, actor=person, action="events.waiting_list.left")
                raise BookingError("not_booked", "This booking was cancelled.")
            booking = _add_places(occurrence, entry, places=entry.places)
            booking.occurrence = count_places(occurrence)
        else:
            earlier = _earlier_bookings(occurrence, [person.pk]).get(person.pk)
            booking = _booking_from_entry(occurrence, entry, earlier)
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
            _email_after_commit("booking_confirmed", booking)
    if expired:
        raise BookingError(
            "offer_expired",
            "Sorry, the time to accept this place has passed. It has gone to the next person "
            "waiting.",
        )
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


def _earlier_bookings(occurrence: Occurrence, person_ids: list[int]) -> dict[int, Earlier]:
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


def _next_sequence(earlier: Earlier | None) -> int:
    """Booking a date again (or for someone else too) goes on from the person's last booking's
    calendar entry (one UID per person and date), so calendar apps take the new one."""
    return 0 if earlier is None else earlier[0] + 1


def _cancellation_after_commit(booking: Booking, *, by_organiser: bool) -> None:
    booking_id = booking.pk
    transaction.on_commit(
        lambda: send_booking_cancelled_email.enqueue(
            booking_id=booking_id, by_organiser=by_organiser
        )
    )


def _email_after_commit(kind: str, booking: Booking) -> None:
    if booking.person_id is None:
        return  # a booking by name: nobody to e-mail
    transaction.on_commit(lambda: send_booking_email.enqueue(booking_id=booking.pk, kind=kind))
