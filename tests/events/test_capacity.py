"""Places on a date, one rule everywhere: a booking takes one place plus one for each companion,
counted the same way by the booking service, the waiting list, the selectors and the models; and
the services answer with the date counted after their change."""

import datetime

import pytest
import time_machine

from community.errors import NotAllowed
from events.errors import BookingError
from events.models import Booking, WaitingListEntry
from events.models.bookings import places_for
from events.selectors import occurrence_detail, waiting_position
from events.services.bookings import book_for_someone, book_place, cancel_booking
from events.services.capacity import count_places
from events.services.occurrences import cancel_occurrence, change_occurrence
from events.services.registers import add_walk_in
from events.services.waiting_list import join_waiting_list
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db


def test_a_booking_takes_one_place_and_one_for_each_companion():
    assert [places_for(n) for n in (0, 1, 3)] == [1, 2, 4]
    occurrence = OccurrenceFactory(capacity=10)
    booking = book_place(person=PersonFactory(), occurrence=occurrence, companions=2)
    # Walk-ins are added once the date has started (the register opens at the start).
    with time_machine.travel(occurrence.start + datetime.timedelta(minutes=5)):
        walk_in = add_walk_in(
            marker=staff_of(occurrence.event.organisation),
            occurrence=occurrence,
            name="Ali",
            companions=1,
        )

    assert (booking.places, walk_in.places) == (3, 2)
    assert count_places(occurrence).places_taken == 5
    assert occurrence_detail(occurrence_id=occurrence.pk).places_left == 5


def test_a_party_that_does_not_fit_waits_and_one_that_fits_cannot_join_the_list():
    occurrence = OccurrenceFactory(capacity=3)
    book_place(person=PersonFactory(), occurrence=occurrence, companions=1)

    with pytest.raises(BookingError) as full:
        book_place(person=PersonFactory(), occurrence=occurrence, companions=1)
    assert full.value.code == "full"
    with pytest.raises(BookingError) as free:
        join_waiting_list(person=PersonFactory(), occurrence=occurrence)
    assert free.value.code == "places_free"
    assert join_waiting_list(person=PersonFactory(), occurrence=occurrence, companions=1).pk


def test_a_freed_place_goes_to_the_first_party_that_fits():
    occurrence = OccurrenceFactory(capacity=2)
    first = book_place(person=PersonFactory(), occurrence=occurrence, companions=1)
    couple = join_waiting_list(person=PersonFactory(), occurrence=occurrence, companions=1)
    # Three places: never fits in two, so keeps its place in the queue.
    trio = join_waiting_list(person=PersonFactory(), occurrence=occurrence, companions=2)

    cancelled = cancel_booking(canceller=first.person, booking=first)

    couple.refresh_from_db()
    trio.refresh_from_db()
    assert couple.status == WaitingListEntry.Status.PROMOTED
    assert trio.status == WaitingListEntry.Status.WAITING and waiting_position(entry=trio) == 1
    assert (cancelled.occurrence.places_left, cancelled.occurrence.waiting_count) == (0, 1)


def test_booking_answers_with_the_date_counted_after_the_booking():
    occurrence = OccurrenceFactory(capacity=5)
    booking = book_place(person=PersonFactory(), occurrence=occurrence, companions=1)
    assert booking.occurrence.places_taken == 2
    assert (booking.occurrence.places_left, booking.occurrence.waiting_count) == (3, 0)


def test_booking_while_waiting_leaves_the_list_and_the_count_says_so():
    occurrence = OccurrenceFactory(capacity=2)
    first = book_place(person=PersonFactory(), occurrence=occurrence)
    book_place(person=PersonFactory(), occurrence=occurrence)
    person = PersonFactory()
    join_waiting_list(person=person, occurrence=occurrence, companions=1)
    cancel_booking(canceller=first.person, booking=first)  # one place: not enough for two

    alone = book_place(person=person, occurrence=occurrence)

    assert (alone.occurrence.places_left, alone.occurrence.waiting_count) == (0, 0)
    assert not WaitingListEntry.objects.filter(status=WaitingListEntry.Status.WAITING).exists()


def test_joining_the_waiting_list_answers_with_the_place_in_the_queue():
    occurrence = OccurrenceFactory(capacity=1)
    book_place(person=PersonFactory(), occurrence=occurrence)
    first = book_place(person=PersonFactory(), occurrence=occurrence, wait_if_full=True)
    second = join_waiting_list(person=PersonFactory(), occurrence=occurrence)

    assert (first.place_in_queue, second.place_in_queue) == (1, 2)
    assert second.place_in_queue == waiting_position(entry=second)
    assert (second.occurrence.places_left, second.occurrence.waiting_count) == (0, 2)


def test_changing_a_date_answers_with_its_places_counted():
    occurrence = OccurrenceFactory(capacity=1)
    staff = staff_of(occurrence.event.organisation)
    book_place(person=PersonFactory(), occurrence=occurrence, companions=0)
    join_waiting_list(person=PersonFactory(), occurrence=occurrence, companions=1)

    bigger = change_occurrence(editor=staff, occurrence=occurrence, capacity=4)
    assert (bigger.places_taken, bigger.places_left, bigger.waiting_count) == (3, 1, 0)

    # Booked by name by staff (a phone call): counted like any place.
    by_name = book_for_someone(staff=staff, occurrence=occurrence, name="Ali")
    cancelled = cancel_occurrence(canceller=staff, occurrence=occurrence)
    assert cancelled.places_taken == 3 + by_name.places


def test_a_closed_account_cannot_book_or_wait():
    occurrence = OccurrenceFactory()
    closed = PersonFactory(is_active=False)
    with pytest.raises(NotAllowed, match="closed"):
        book_place(person=closed, occurrence=occurrence)
    with pytest.raises(NotAllowed, match="closed"):
        join_waiting_list(person=closed, occurrence=occurrence)
    assert not Booking.objects.exists()
