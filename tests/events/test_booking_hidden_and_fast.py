"""Booking and the waiting list refuse a date whose event is not shown (hidden, held or waiting
for a moderator), whoever asks, and joining the waiting list counts against the same rate limit
as booking (review findings, issue 10)."""

import pytest

from community.rate_limits import RateLimited
from community.safety.visibility import Visibility
from events.errors import BookingError
from events.models import Booking, WaitingListEntry
from events.services.bookings import book_place
from events.services.waiting_list import join_waiting_list
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db


def _date(*, capacity=10, visibility=Visibility.SHOWN):
    event = EventFactory(capacity=capacity, visibility=visibility)
    return OccurrenceFactory(event=event, capacity=capacity)


@pytest.mark.parametrize("visibility", [Visibility.HIDDEN, Visibility.HELD, Visibility.WAITING])
def test_nobody_books_a_date_of_an_event_that_is_not_shown(visibility):
    occurrence = _date(visibility=visibility)
    people = [
        PersonFactory(is_moderator=True),
        staff_of(occurrence.event.organisation),
        PersonFactory(),
    ]

    for person in people:
        with pytest.raises(BookingError) as refused:
            book_place(person=person, occurrence=occurrence)
        assert refused.value.code == "not_open"
    assert not Booking.objects.exists()


def test_nobody_joins_the_waiting_list_of_a_hidden_event():
    occurrence = _date(capacity=1)
    book_place(person=PersonFactory(), occurrence=occurrence)
    occurrence.event.visibility = Visibility.HIDDEN
    occurrence.event.save(update_fields=["visibility"])

    for person in (PersonFactory(is_moderator=True), staff_of(occurrence.event.organisation)):
        with pytest.raises(BookingError) as refused:
            join_waiting_list(person=person, occurrence=occurrence)
        assert refused.value.code == "not_open"
    assert not WaitingListEntry.objects.exists()


def test_a_shown_event_can_still_be_booked():
    occurrence = _date()
    booking = book_place(person=PersonFactory(), occurrence=occurrence)
    assert booking.status == Booking.Status.CONFIRMED


def test_joining_waiting_lists_counts_against_the_booking_limit(rate_limits):
    rate_limits(booking="2/600")
    person = PersonFactory()
    full_dates = []
    for _ in range(3):
        occurrence = _date(capacity=1)
        book_place(person=PersonFactory(), occurrence=occurrence)
        full_dates.append(occurrence)

    join_waiting_list(person=person, occurrence=full_dates[0])
    join_waiting_list(person=person, occurrence=full_dates[1])
    with pytest.raises(RateLimited) as refused:
        join_waiting_list(person=person, occurrence=full_dates[2])

    assert refused.value.code == "too_fast"
    assert WaitingListEntry.objects.filter(person=person).count() == 2
