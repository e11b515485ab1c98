"""Changing a booking in place: fewer companions give places back at once, more take free
places or wait for them without losing the booking, new access needs go on the organisation's
to-do list, and only the booker or staff may change it."""

import datetime

import pytest
import time_machine

from community.errors import NotAllowed
from community.models import AuditLogEntry, Notification
from events.errors import BookingError
from events.models import AccessRequest, Booking, Event, WaitingListEntry
from events.notification_kinds import PLACE_OFFERED
from events.services.booking_changes import change_booking
from events.services.bookings import book_place, cancel_booking
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
START = datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


def a_date(capacity=4, **event_fields):
    event = EventFactory(capacity=capacity, bsl_interpreter=False, **event_fields)
    return OccurrenceFactory(event=event, start=START, end=START + datetime.timedelta(hours=2))


@pytest.fixture
def carer():
    return PersonFactory(display_name="Sam Carer")


def test_fewer_companions_give_places_to_the_first_person_waiting_at_once(carer):
    date = a_date(capacity=3)
    booking = book_place(person=carer, occurrence=date, companions=2)
    waiting = book_place(person=PersonFactory(), occurrence=date, wait_if_full=True)

    change = change_booking(changer=carer, booking=booking, companions=1)

    assert change.booking.companions == 1 and change.waiting is None
    assert change.message == "Your booking is changed."
    waiting.refresh_from_db()
    assert waiting.status == WaitingListEntry.Status.PROMOTED
    assert change.booking.occurrence.places_left == 0
    entry = AuditLogEntry.objects.get(action="events.booking.changed")
    assert entry.data["changed"] == ["companions"]


def test_more_companions_take_free_places(carer):
    date = a_date(capacity=4)
    booking = book_place(person=carer, occurrence=date)

    change = change_booking(changer=carer, booking=booking, companions=2)

    assert Booking.objects.get(pk=booking.pk).companions == 2
    assert change.booking.occurrence.places_left == 1


def test_more_companions_on_a_full_date_are_refused_and_the_booking_kept(carer):
    date = a_date(capacity=2)
    booking = book_place(person=carer, occurrence=date)
    book_place(person=PersonFactory(), occurrence=date)

    with pytest.raises(BookingError) as error:
        change_booking(changer=carer, booking=booking, companions=1)

    assert error.value.code == "full" and error.value.field == "companions"
    assert "1 more place" in error.value.message
    assert Booking.objects.get(pk=booking.pk).companions == 0


def test_waiting_for_more_places_keeps_the_booking_and_grows_it_when_one_frees(carer):
    date = a_date(capacity=2)
    booking = book_place(person=carer, occurrence=date)
    other = book_place(person=PersonFactory(), occurrence=date)

    change = change_booking(changer=carer, booking=booking, companions=1, wait_for_more=True)

    assert change.waiting is not None and change.waiting.adds_to_id == booking.pk
    assert change.waiting.places == 1 and change.waiting.companions == 1
    assert "you keep the places you have" in change.message
    assert Booking.objects.get(pk=booking.pk).companions == 0

    cancel_booking(canceller=other.person, booking=other)

    booking.refresh_from_db()
    assert booking.companions == 1 and booking.is_confirmed
    assert Booking.objects.filter(person=carer).count() == 1  # grown, not booked again
    change.waiting.refresh_from_db()
    assert change.waiting.status == WaitingListEntry.Status.PROMOTED
    note = Notification.objects.get(recipient=carer, kind=PLACE_OFFERED.code)
    assert note.message.startswith("You now have 2 places at")


def test_asking_again_for_fewer_places_drops_the_request_for_more(carer):
    date = a_date(capacity=3)
    booking = book_place(person=carer, occurrence=date, companions=1)
    book_place(person=PersonFactory(), occurrence=date)
    waiting = change_booking(changer=carer, booking=booking, companions=2, wait_for_more=True)

    change_booking(changer=carer, booking=booking, companions=0)

    waiting.waiting.refresh_from_db()
    assert waiting.waiting.status == WaitingListEntry.Status.LEFT


def test_cancelling_a_booking_drops_its_request_for_more_places(carer):
    date = a_date(capacity=2)
    booking = book_place(person=carer, occurrence=date)
    book_place(person=PersonFactory(), occurrence=date)
    change = change_booking(changer=carer, booking=booking, companions=1, wait_for_more=True)

    cancel_booking(canceller=carer, booking=booking)

    change.waiting.refresh_from_db()
    assert change.waiting.status == WaitingListEntry.Status.LEFT


def test_a_new_access_need_goes_on_the_organisations_to_do_list(carer):
    date = a_date()
    booking = book_place(person=carer, occurrence=date, for_person_name="Mary")

    change_booking(
        changer=carer, booking=booking, access_needs=["bsl_interpreter"], access_notes="A chair"
    )

    booking.refresh_from_db()
    assert booking.access_needs == ["bsl_interpreter"] and booking.access_notes == "A chair"
    needs = set(AccessRequest.objects.filter(booking=booking).values_list("need", flat=True))
    assert needs == {"bsl_interpreter", AccessRequest.NOTES}


def test_renaming_a_place_to_someone_already_booked_is_refused(carer):
    date = a_date()
    book_place(person=carer, occurrence=date, for_person_name="Mary")
    himself = book_place(person=carer, occurrence=date)

    with pytest.raises(BookingError) as error:
        change_booking(changer=carer, booking=himself, for_person_name="MARY")
    assert error.value.code == "already_booked"

    change_booking(changer=carer, booking=himself, for_person_name="Joe")
    himself.refresh_from_db()
    assert (himself.for_person_name, himself.attendee_key) == ("Joe", "joe")


def test_only_the_booker_or_staff_change_a_booking(carer):
    date = a_date()
    booking = book_place(person=carer, occurrence=date)

    with pytest.raises(NotAllowed):
        change_booking(changer=PersonFactory(), booking=booking, companions=1)
    change = change_booking(
        changer=staff_of(date.event.organisation), booking=booking, companions=1
    )
    assert change.booking.companions == 1


def test_a_cancelled_booking_cannot_be_changed(carer):
    date = a_date()
    booking = book_place(person=carer, occurrence=date)
    cancel_booking(canceller=carer, booking=booking)

    with pytest.raises(BookingError) as error:
        change_booking(changer=carer, booking=booking, companions=1)
    assert error.value.code == "not_booked"


def test_after_bookings_close_only_staff_change_a_booking(carer):
    date = a_date(booking_closes_minutes=120)
    booking = book_place(person=carer, occurrence=date)

    with time_machine.travel(START - datetime.timedelta(hours=1), tick=False):
        with pytest.raises(BookingError) as error:
            change_booking(changer=carer, booking=booking, companions=1)
        assert error.value.code == "closed"
        change_booking(changer=staff_of(date.event.organisation), booking=booking, companions=1)


def test_changing_nothing_says_so(carer):
    booking = book_place(person=carer, occurrence=a_date())
    assert change_booking(changer=carer, booking=booking).message == "Nothing changed."


def test_moving_to_a_full_way_of_attending_is_refused(carer):
    date = a_date(capacity=4, format=Event.Format.HYBRID)
    date.online_capacity = 1
    date.save()
    book_place(person=PersonFactory(), occurrence=date, attendance_mode="online")
    booking = book_place(person=carer, occurrence=date, attendance_mode="in_person")

    with pytest.raises(BookingError) as error:
        change_booking(changer=carer, booking=booking, attendance_mode="online")
    assert error.value.code == "mode_full" and error.value.field == "attendance_mode"

    change = change_booking(changer=carer, booking=booking, companions=2)
    assert change.booking.companions == 2  # in person: 3 places, all there are


def hybrid_date(capacity=4, online=2, **event_fields):
    date = a_date(capacity=capacity, format=Event.Format.HYBRID, **event_fields)
    date.online_capacity = online
    date.save()
    return date


def test_switching_mode_moves_the_request_for_more_places_so_the_online_limit_holds(carer):
    date = hybrid_date(capacity=4, online=2)  # 2 in person, 2 online
    booking = book_place(person=carer, occurrence=date, attendance_mode="in_person")
    in_person = book_place(person=PersonFactory(), occurrence=date, attendance_mode="in_person")
    book_place(person=PersonFactory(), occurrence=date, attendance_mode="online")
    waiting = change_booking(changer=carer, booking=booking, companions=1, wait_for_more=True)
    assert waiting.waiting.attendance_mode == "in_person"

    change_booking(changer=carer, booking=booking, attendance_mode="online")
    waiting.waiting.refresh_from_db()
    assert waiting.waiting.attendance_mode == "online"

    # An in-person place frees; the carer now waits for an online one, and there is none.
    cancel_booking(canceller=in_person.person, booking=in_person)
    booking.refresh_from_db()
    waiting.waiting.refresh_from_db()
    assert booking.companions == 0 and booking.attendance_mode == "online"
    assert waiting.waiting.status == WaitingListEntry.Status.WAITING
    online_places = sum(
        b.places
        for b in Booking.objects.filter(occurrence=date, status="confirmed")
        if b.attendance_mode == "online"
    )
    assert online_places == 2


def test_sending_the_same_number_of_companions_keeps_the_request_for_more(carer):
    date = a_date(capacity=2)
    booking = book_place(person=carer, occurrence=date)
    book_place(person=PersonFactory(), occurrence=date)
    waiting = change_booking(changer=carer, booking=booking, companions=1, wait_for_more=True)

    # The API sends every field: companions as the booking has them is not "fewer".
    change = change_booking(changer=carer, booking=booking, companions=0, access_notes="Ramp")

    waiting.waiting.refresh_from_db()
    assert waiting.waiting.status == WaitingListEntry.Status.WAITING
    assert change.booking.access_notes == "Ramp"


def test_switching_mode_and_adding_a_companion_on_a_full_date_can_wait_for_the_place(carer):
    date = hybrid_date(capacity=4, online=2)
    booking = book_place(person=carer, occurrence=date, attendance_mode="in_person")
    book_place(person=PersonFactory(), occurrence=date, attendance_mode="in_person")
    book_place(person=PersonFactory(), occurrence=date, attendance_mode="online")

    change = change_booking(
        changer=carer,
        booking=booking,
        attendance_mode="online",
        companions=1,
        wait_for_more=True,
    )

    assert change.waiting is not None and change.waiting.attendance_mode == "online"
    assert "you keep the places you have" in change.message
    booking.refresh_from_db()
    assert (booking.attendance_mode, booking.companions) == ("online", 0)
