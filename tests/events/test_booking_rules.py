"""Booking rules organisers expect: a close time before the start, in person or online chosen
for a hybrid event with a limit for each, and staff booking on someone's behalf (a phone call)
until the date starts."""

import datetime

import pytest
import time_machine
from django.core import mail

from community.errors import NotAllowed
from events.errors import BookingError
from events.models import Booking, Event, WaitingListEntry
from events.services.bookings import book_for_someone, book_place, cancel_booking
from events.services.waiting_list import join_waiting_list
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 1, 4, 9, 0, tzinfo=datetime.UTC)
START = datetime.datetime(2026, 1, 5, 16, 0, tzinfo=datetime.UTC)  # Monday, UK time too


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


def a_date(capacity=4, online=None, **event_fields):
    event = EventFactory(capacity=capacity, **event_fields)
    return OccurrenceFactory(
        event=event,
        start=START,
        end=START + datetime.timedelta(hours=2),
        online_capacity=online,
    )


def hybrid(capacity=4, online=1):
    return a_date(capacity=capacity, online=online, format=Event.Format.HYBRID)


def test_bookings_close_at_the_close_time_and_say_when(person):
    date = a_date(booking_closes_minutes=120)
    with time_machine.travel(START - datetime.timedelta(hours=2, minutes=1), tick=False):
        book_place(person=person, occurrence=date)
    with time_machine.travel(START - datetime.timedelta(hours=2), tick=False):
        with pytest.raises(BookingError) as booking:
            book_place(person=PersonFactory(), occurrence=date)
        with pytest.raises(BookingError) as waiting:
            join_waiting_list(person=PersonFactory(), occurrence=date)

    assert booking.value.code == waiting.value.code == "closed"
    assert booking.value.message == "Bookings for this date closed at 14:00 on Monday 5 January."


def test_with_no_close_time_bookings_stay_open_until_the_start(person):
    date = a_date()
    with time_machine.travel(START - datetime.timedelta(minutes=1), tick=False):
        book_place(person=person, occurrence=date)
    with time_machine.travel(START, tick=False), pytest.raises(BookingError) as error:
        book_place(person=PersonFactory(), occurrence=date)
    assert error.value.code == "started"


@pytest.mark.parametrize("mode", ["", "by bus"])
def test_a_hybrid_booking_must_say_in_person_or_online(person, mode):
    with pytest.raises(BookingError) as error:
        book_place(person=person, occurrence=hybrid(), attendance_mode=mode)
    assert error.value.code == "choose_mode" and error.value.field == "attendance_mode"


def test_each_way_of_attending_a_hybrid_date_has_its_own_limit(person):
    date = hybrid(capacity=3, online=1)
    online = book_place(person=person, occurrence=date, attendance_mode="online")
    assert online.attendance_mode == "online"

    with pytest.raises(BookingError) as error:
        book_place(person=PersonFactory(), occurrence=date, attendance_mode="online")
    assert error.value.code == "mode_full"
    assert error.value.message.startswith("There are no online places left")

    book_place(person=PersonFactory(), occurrence=date, attendance_mode="in_person", companions=1)
    with pytest.raises(BookingError) as full:
        book_place(person=PersonFactory(), occurrence=date, attendance_mode="in_person")
    assert full.value.code == "full"


def test_a_full_way_of_attending_can_be_waited_for_while_the_other_has_places(person):
    date = hybrid(capacity=3, online=1)
    book_place(person=PersonFactory(), occurrence=date, attendance_mode="online")

    entry = join_waiting_list(person=person, occurrence=date, attendance_mode="online")
    assert entry.attendance_mode == "online"
    with pytest.raises(BookingError) as error:
        join_waiting_list(person=PersonFactory(), occurrence=date, attendance_mode="in_person")
    assert error.value.code == "places_free"


def test_a_freed_online_place_goes_to_someone_waiting_online(person):
    date = hybrid(capacity=3, online=1)
    first = book_place(person=PersonFactory(), occurrence=date, attendance_mode="online")
    entry = book_place(person=person, occurrence=date, attendance_mode="online", wait_if_full=True)

    cancel_booking(canceller=first.person, booking=first)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.PROMOTED
    assert Booking.objects.get(person=person).attendance_mode == "online"


def test_other_formats_ignore_the_way_of_attending(person):
    booking = book_place(person=person, occurrence=a_date(), attendance_mode="online")
    assert booking.attendance_mode == ""


def test_staff_book_a_member_who_phones_and_they_get_the_confirmation(
    person, django_capture_on_commit_callbacks
):
    date = a_date()
    staff = staff_of(date.event.organisation)

    with django_capture_on_commit_callbacks(execute=True):
        booking = book_for_someone(
            staff=staff, occurrence=date, person=person, access_needs=["large_print"]
        )

    assert (booking.person, booking.booked_by, booking.access_needs) == (
        person,
        staff,
        ["large_print"],
    )
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert booking.occurrence.places_left == 3
    # Asking again is an error (what staff typed is kept), not the booking they have.
    with pytest.raises(BookingError) as again:
        book_for_someone(staff=staff, occurrence=date, person=person, companions=2)
    assert again.value.code == "already_booked" and again.value.field == "person"
    booking.refresh_from_db()
    assert booking.companions == 0


def test_staff_book_by_name_for_someone_without_an_account(
    django_capture_on_commit_callbacks,
):
    date = a_date(capacity=1)
    staff = staff_of(date.event.organisation)

    with django_capture_on_commit_callbacks(execute=True):
        booking = book_for_someone(staff=staff, occurrence=date, name="  Dev   Patel ")

    assert booking.person is None and booking.walk_in_name == "Dev Patel"
    assert booking.booked_by == staff and not booking.walk_in
    assert mail.outbox == []
    assert booking.occurrence.places_left == 0
    with pytest.raises(BookingError) as full:
        book_for_someone(staff=staff, occurrence=date, name="Ann")
    assert full.value.code == "full"
    with pytest.raises(BookingError) as no_name:
        book_for_someone(staff=staff, occurrence=date, name="  ")
    assert no_name.value.code == "name_needed" and no_name.value.field == "name"


def test_staff_book_after_the_close_time_but_not_after_the_start(person):
    date = a_date(booking_closes_minutes=240)
    staff = staff_of(date.event.organisation)
    with time_machine.travel(START - datetime.timedelta(hours=1), tick=False):
        assert book_for_someone(staff=staff, occurrence=date, person=person).is_confirmed
    later = time_machine.travel(START + datetime.timedelta(minutes=5), tick=False)
    with later, pytest.raises(BookingError) as error:
        book_for_someone(staff=staff, occurrence=date, name="Late caller")
    assert error.value.code == "started"


def test_staff_put_a_member_on_the_waiting_list_of_a_full_date(person):
    date = a_date(capacity=1)
    book_place(person=PersonFactory(), occurrence=date)
    staff = staff_of(date.event.organisation)

    entry = book_for_someone(staff=staff, occurrence=date, person=person, wait_if_full=True)
    assert isinstance(entry, WaitingListEntry) and entry.person == person


def test_only_staff_book_for_someone(person):
    date = a_date()
    with pytest.raises(NotAllowed):
        book_for_someone(staff=person, occurrence=date, name="Friend")
    assert not Booking.objects.exists()


def test_booking_a_member_who_already_has_a_place_is_refused_and_names_them():
    date = a_date()
    staff = staff_of(date.event.organisation)
    member = PersonFactory(display_name="Rosa")
    own = book_place(person=member, occurrence=date)

    with pytest.raises(BookingError) as error:
        book_for_someone(
            staff=staff, occurrence=date, person=member, companions=1, access_notes="Phoned"
        )

    assert error.value.code == "already_booked"
    assert error.value.message == "Rosa already has a place on this date: it is on the register."
    own.refresh_from_db()
    assert (own.companions, own.access_notes, own.booked_by) == (0, "", None)


def test_a_full_date_tells_staff_so_without_offering_them_the_waiting_list(person):
    date = a_date(capacity=1)
    book_place(person=PersonFactory(), occurrence=date)
    staff = staff_of(date.event.organisation)

    with pytest.raises(BookingError) as for_member:
        book_for_someone(staff=staff, occurrence=date, person=person)
    with pytest.raises(BookingError) as by_name:
        book_for_someone(staff=staff, occurrence=date, name="Ann", companions=1)

    assert for_member.value.code == by_name.value.code == "full"
    assert for_member.value.message == "There are no places left on this date."
    assert by_name.value.message == "There are not enough places left on this date for 2 people."
