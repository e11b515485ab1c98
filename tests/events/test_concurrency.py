"""Against real PostgreSQL: 60 people asking at the same moment for the last 10 places. Exactly
10 are booked, the rest wait in the order they got the lock, nobody twice; cancelling one
promotes exactly the first person waiting."""

import threading

import pytest
from django.db import connections

from events.models import Booking, WaitingListEntry
from events.services.bookings import book_place, cancel_booking
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
PEOPLE = 60
PLACES = 10


def test_sixty_simultaneous_requests_for_ten_places_book_exactly_ten_and_queue_the_rest():
    occurrence = OccurrenceFactory(capacity=PLACES)
    people = [PersonFactory() for _ in range(PEOPLE)]
    start = threading.Barrier(PEOPLE)
    outcomes: dict[int, str] = {}
    errors: list[BaseException] = []

    def ask(person):
        try:
            start.wait()
            result = book_place(person=person, occurrence=occurrence, wait_if_full=True)
            outcomes[person.pk] = "booked" if isinstance(result, Booking) else "waiting"
        except BaseException as error:  # noqa: BLE001 — reported below, never swallowed
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    confirmed = Booking.objects.filter(occurrence=occurrence, status="confirmed")
    waiting = list(
        WaitingListEntry.objects.filter(occurrence=occurrence, status="waiting").order_by(
            "position"
        )
    )
    assert confirmed.count() == PLACES
    assert len(waiting) == PEOPLE - PLACES
    # Positions are the order of the lock: contiguous, 1..50, and each row was written in
    # that order (ids rise with position).
    assert [w.position for w in waiting] == list(range(1, PEOPLE - PLACES + 1))
    assert [w.pk for w in waiting] == sorted(w.pk for w in waiting)
    everyone = [b.person_id for b in confirmed] + [w.person_id for w in waiting]
    assert sorted(everyone) == sorted(p.pk for p in people)  # nobody twice, nobody lost
    assert sorted(outcomes.values()).count("booked") == PLACES

    # Cancelling one place promotes exactly the first person waiting.
    leaving = confirmed.select_related("person").first()
    cancel_booking(canceller=leaving.person, booking=leaving)
    promoted = Booking.objects.filter(occurrence=occurrence, from_waiting_list=True)
    assert [b.person_id for b in promoted] == [waiting[0].person_id]
    assert Booking.objects.filter(occurrence=occurrence, status="confirmed").count() == PLACES


def test_simultaneous_cancellations_never_promote_more_people_than_places_freed():
    occurrence = OccurrenceFactory(capacity=5)
    booked = [PersonFactory() for _ in range(5)]
    bookings = [book_place(person=p, occurrence=occurrence) for p in booked]
    for _ in range(10):
        book_place(person=PersonFactory(), occurrence=occurrence, wait_if_full=True)
    start = threading.Barrier(5)

    def leave(booking):
        try:
            start.wait()
            cancel_booking(canceller=booking.person, booking=booking)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=leave, args=(b,)) for b in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    confirmed = Booking.objects.filter(occurrence=occurrence, status="confirmed")
    assert confirmed.count() == 5
    first_five = WaitingListEntry.objects.filter(occurrence=occurrence).order_by("position")[:5]
    assert sorted(b.person_id for b in confirmed) == sorted(e.person_id for e in first_five)
