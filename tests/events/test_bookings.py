"""Booking places: capacity, companions, double booking, cancelling, the waiting list."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from community.errors import NotAllowed
from community.models import AuditLogEntry, Notification
from events.errors import BookingError
from events.models import Booking, WaitingListEntry
from events.selectors import waiting_position
from events.services.bookings import book_place, cancel_booking, give_back_place
from events.services.waiting_list import join_waiting_list, leave_waiting_list
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def full_occurrence(places=2):
    occurrence = OccurrenceFactory(capacity=places)
    for _ in range(places):
        book_place(person=PersonFactory(), occurrence=occurrence)
    mail.outbox.clear()
    return occurrence


def test_booking_a_place_confirms_it_and_emails_an_ics_of_the_date(
    occurrence, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_place(
            person=person,
            occurrence=occurrence,
            for_person_name="Mum",
            access_needs=["hearing_loop", "step_free"],
            access_notes="Needs a chair near the front",
        )

    assert booking.status == Booking.Status.CONFIRMED
    assert booking.access_needs == ["step_free", "hearing_loop"]
    assert [m.to for m in mail.outbox] == [[person.email]]
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "event.ics" and mimetype.startswith("text/calendar")
    vevent = Calendar.from_ical(content).walk("VEVENT")[0]
    assert vevent["dtstart"].dt == occurrence.start
    assert "Mum" in mail.outbox[0].body
    assert booking.give_back_token in mail.outbox[0].body
    assert AuditLogEntry.objects.filter(action="events.booking.created").count() == 1


def test_a_person_cannot_book_the_same_date_twice(occurrence, person):
    book_place(person=person, occurrence=occurrence)
    with pytest.raises(BookingError) as error:
        book_place(person=person, occurrence=occurrence)
    assert error.value.code == "already_booked"
    assert Booking.objects.filter(person=person).count() == 1


def test_a_full_date_says_so_and_offers_the_waiting_list(person):
    occurrence = full_occurrence(places=2)
    with pytest.raises(BookingError) as error:
        book_place(person=person, occurrence=occurrence)
    assert error.value.code == "full"

    entry = book_place(person=person, occurrence=occurrence, wait_if_full=True)
    assert isinstance(entry, WaitingListEntry)
    assert waiting_position(entry=entry) == 1


def test_a_companion_counts_against_the_places(person):
    occurrence = OccurrenceFactory(capacity=2)
    book_place(person=person, occurrence=occurrence, companions=1)
    with pytest.raises(BookingError) as error:
        book_place(person=PersonFactory(), occurrence=occurrence)
    assert error.value.code == "full"


def test_cancelling_gives_the_place_to_the_first_person_waiting_at_once(
    person, django_capture_on_commit_callbacks
):
    occurrence = full_occurrence(places=1)
    booked = Booking.objects.get(occurrence=occurrence)
    first, second = PersonFactory(), PersonFactory()
    join_waiting_list(person=first, occurrence=occurrence)
    join_waiting_list(person=second, occurrence=occurrence)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(canceller=booked.person, booking=booked)

    promoted = Booking.objects.get(occurrence=occurrence, status="confirmed")
    assert promoted.person == first and promoted.from_waiting_list
    assert WaitingListEntry.objects.get(person=first).status == "promoted"
    second_entry = WaitingListEntry.objects.get(person=second)
    assert waiting_position(entry=second_entry) == 1
    # The first person waiting is booked; the canceller's calendar is told the place is gone.
    assert [m.to for m in mail.outbox] == [[first.email], [booked.person.email]]
    assert promoted.give_back_token in mail.outbox[0].body
    assert Notification.objects.filter(recipient=first, kind="events.place_offered").exists()


def test_someone_waiting_with_a_companion_is_passed_over_until_both_fit_but_keeps_their_place():
    occurrence = full_occurrence(places=2)
    bookings = list(Booking.objects.filter(occurrence=occurrence))
    with_companion, alone = PersonFactory(), PersonFactory()
    join_waiting_list(person=with_companion, occurrence=occurrence, companions=1)
    join_waiting_list(person=alone, occurrence=occurrence)

    cancel_booking(canceller=bookings[0].person, booking=bookings[0])

    # One place free: the pair does not fit, the next person who fits gets it.
    assert Booking.objects.get(person=alone, status="confirmed")
    entry = WaitingListEntry.objects.get(person=with_companion)
    assert entry.status == "waiting" and waiting_position(entry=entry) == 1

    cancel_booking(canceller=bookings[1].person, booking=bookings[1])
    cancel_booking(canceller=alone, booking=Booking.objects.get(person=alone, status="confirmed"))

    promoted = Booking.objects.get(person=with_companion, status="confirmed")
    assert promoted.companions == 1


def test_the_one_click_link_gives_the_place_back_to_the_next_person(person):
    occurrence = full_occurrence(places=1)
    waiting = PersonFactory()
    join_waiting_list(person=person, occurrence=occurrence)
    join_waiting_list(person=waiting, occurrence=occurrence)
    booked = Booking.objects.get(occurrence=occurrence, status="confirmed")
    cancel_booking(canceller=booked.person, booking=booked)
    offered = Booking.objects.get(person=person, status="confirmed")

    give_back_place(token=offered.give_back_token)

    assert Booking.objects.get(occurrence=occurrence, status="confirmed").person == waiting
    with pytest.raises(BookingError) as error:
        give_back_place(token=offered.give_back_token)
    assert error.value.code == "not_booked"


def test_people_cannot_cancel_other_peoples_bookings(occurrence, person):
    booking = book_place(person=person, occurrence=occurrence)
    with pytest.raises(NotAllowed):
        cancel_booking(canceller=PersonFactory(), booking=booking)


def test_drafts_cancelled_dates_and_past_dates_cannot_be_booked(person):
    draft = OccurrenceFactory(event=EventFactory(status="draft"))
    cancelled = OccurrenceFactory(status="cancelled")
    past_start = timezone.now() - datetime.timedelta(hours=1)
    past = OccurrenceFactory(start=past_start)
    for occurrence, code in ((draft, "not_open"), (cancelled, "cancelled"), (past, "started")):
        with pytest.raises(BookingError) as error:
            book_place(person=person, occurrence=occurrence)
        assert error.value.code == code


def test_joining_the_waiting_list_with_places_free_is_refused(occurrence, person):
    with pytest.raises(BookingError) as error:
        join_waiting_list(person=person, occurrence=occurrence)
    assert error.value.code == "places_free"


def test_leaving_the_waiting_list_moves_everyone_behind_up():
    occurrence = full_occurrence(places=1)
    first, second = PersonFactory(), PersonFactory()
    first_entry = join_waiting_list(person=first, occurrence=occurrence)
    second_entry = join_waiting_list(person=second, occurrence=occurrence)
    assert waiting_position(entry=second_entry) == 2

    leave_waiting_list(person=first, entry=first_entry)

    assert waiting_position(entry=second_entry) == 1


def test_unknown_access_needs_and_too_many_companions_are_refused(occurrence, person):
    with pytest.raises(BookingError) as error:
        book_place(person=person, occurrence=occurrence, access_needs=["jetpack"])
    assert error.value.field == "access_needs"
    with pytest.raises(BookingError) as error:
        book_place(person=person, occurrence=occurrence, companions=9)
    assert error.value.field == "companions"


def test_more_places_on_an_event_go_straight_to_the_waiting_list():
    from events.services.events import update_event
    from tests.factories import staff_of

    occurrence = full_occurrence(places=1)
    occurrence.event.capacity = 1
    occurrence.event.save()
    waiting = PersonFactory()
    join_waiting_list(person=waiting, occurrence=occurrence)

    update_event(editor=staff_of(occurrence.event.organisation), event=occurrence.event, capacity=2)

    occurrence.refresh_from_db()
    assert occurrence.capacity == 2
    assert Booking.objects.get(person=waiting).status == "confirmed"


def test_a_booking_rolled_back_with_its_transaction_tells_nobody(
    occurrence, person, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                book_place(person=person, occurrence=occurrence)
                raise RuntimeError("something later failed")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert not Booking.objects.filter(person=person).exists()
