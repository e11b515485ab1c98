"""One booking per person attending: a carer books for his mother and for himself on the same
date, each place with its own access needs; the same person attending is refused twice; one
calendar entry and one reminder per person and date, however many places they hold on it."""

import datetime

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from events.errors import BookingError
from events.models import Booking, WaitingListEntry
from events.services.bookings import book_place, cancel_booking
from events.services.reminders import send_due_reminders
from events.services.waiting_list import join_waiting_list
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
START = datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def date():
    event = EventFactory(capacity=4, bsl_interpreter=False)
    return OccurrenceFactory(event=event, start=START, end=START + datetime.timedelta(hours=2))


@pytest.fixture
def carer():
    return PersonFactory(display_name="Sam Carer")


def test_a_carer_books_for_his_mother_and_for_himself_on_the_same_date(date, carer):
    mother = book_place(
        person=carer, occurrence=date, for_person_name="Mary", access_needs=["bsl_interpreter"]
    )
    himself = book_place(person=carer, occurrence=date)

    assert (mother.attendee_key, himself.attendee_key) == ("mary", "")
    assert mother.access_needs == ["bsl_interpreter"] and himself.access_needs == []
    assert himself.occurrence.places_left == 2
    assert Booking.objects.filter(person=carer, status=Booking.Status.CONFIRMED).count() == 2


def test_the_same_person_attending_cannot_be_booked_twice(date, carer):
    book_place(person=carer, occurrence=date, for_person_name="Mary")
    book_place(person=carer, occurrence=date)

    with pytest.raises(BookingError) as for_mary:
        book_place(person=carer, occurrence=date, for_person_name="  mary ")
    with pytest.raises(BookingError) as for_himself:
        book_place(person=carer, occurrence=date)

    assert for_mary.value.code == for_himself.value.code == "already_booked"
    assert for_mary.value.message == "mary already has a place on this date."
    assert for_himself.value.message == "You already have a place on this date."


def test_a_carer_waits_for_one_person_while_booked_for_another(carer):
    date = OccurrenceFactory(capacity=1, start=START, end=START + datetime.timedelta(hours=2))
    book_place(person=carer, occurrence=date)

    entry = join_waiting_list(person=carer, occurrence=date, for_person_name="Mary")
    assert entry.attendee_key == "mary"
    with pytest.raises(BookingError) as himself:
        join_waiting_list(person=carer, occurrence=date)
    assert himself.value.code == "already_booked"
    with pytest.raises(BookingError) as again:
        join_waiting_list(person=carer, occurrence=date, for_person_name="Mary")
    assert again.value.message == "Mary is already on the waiting list for this date."


def test_booking_for_someone_leaves_only_their_own_waiting_entry(carer):
    date = OccurrenceFactory(capacity=1, start=START, end=START + datetime.timedelta(hours=2))
    other = book_place(person=PersonFactory(), occurrence=date)
    for_mary = join_waiting_list(person=carer, occurrence=date, for_person_name="Mary")
    for_him = join_waiting_list(person=carer, occurrence=date)
    cancel_booking(canceller=other.person, booking=other)

    for_mary.refresh_from_db()
    for_him.refresh_from_db()
    assert for_mary.status == WaitingListEntry.Status.PROMOTED
    assert for_him.status == WaitingListEntry.Status.WAITING


def test_a_second_place_on_a_date_goes_on_from_the_persons_calendar_sequence(
    date, carer, django_capture_on_commit_callbacks
):
    first = book_place(person=carer, occurrence=date)
    with django_capture_on_commit_callbacks(execute=True):
        second = book_place(person=carer, occurrence=date, for_person_name="Mary")

    assert (first.sequence, second.sequence) == (0, 1)
    vevent = Calendar.from_ical(mail.outbox[-1].attachments[0][1]).walk("VEVENT")[0]
    assert str(vevent["uid"]) == f"booking-{date.pk}-{carer.pk}@alongside"


def test_cancelling_one_of_two_places_keeps_the_calendar_entry(
    date, carer, django_capture_on_commit_callbacks
):
    himself = book_place(person=carer, occurrence=date)
    mother = book_place(person=carer, occurrence=date, for_person_name="Mary")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(canceller=carer, booking=mother)

    assert mail.outbox == []  # no cancellation: he still goes
    himself.refresh_from_db()
    mother.refresh_from_db()
    assert himself.sequence == mother.sequence == 2  # the entry changed: it outranks both


def test_cancelling_the_last_place_on_a_date_cancels_the_calendar_entry(
    date, carer, django_capture_on_commit_callbacks
):
    himself = book_place(person=carer, occurrence=date)
    mother = book_place(person=carer, occurrence=date, for_person_name="Mary")
    cancel_booking(canceller=carer, booking=mother)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(canceller=carer, booking=himself)

    assert len(mail.outbox) == 1
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert calendar["method"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["sequence"] == 3


def test_one_reminder_per_person_and_date_lists_whom_the_places_are_for(date, carer):
    book_place(person=carer, occurrence=date)
    book_place(person=carer, occurrence=date, for_person_name="Mary", companions=1)
    lone = PersonFactory()
    book_place(person=lone, occurrence=date)
    mail.outbox.clear()

    with time_machine.travel(START - datetime.timedelta(hours=23), tick=False):
        assert send_due_reminders() == 2
        assert send_due_reminders() == 0

    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert len(mail.outbox) == 2
    carers = by_person[carer.email]
    assert "Your places are for:" in carers
    assert "- You." in carers and "- Mary and 1 companion." in carers
    assert carers.count("/events/give-back/") == 2
    assert "Your places are for:" not in by_person[lone.email]
    assert not Booking.objects.filter(person=carer, reminder_sent_at__isnull=True).exists()
