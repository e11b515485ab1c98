"""Waiting-list offers (an event's `waiting_list_mode` OFFER): a freed place is held for the
first person whose party fits until the offer expires; it counts as taken meanwhile; accepting
books it, declining or letting it expire passes it on. Anyone passed over because their group
does not fit is told why, once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.errors import NotAllowed
from community.models import Notification, NotificationPreference
from community.notification_kinds import Delivery
from community.periodic import enqueue_due_jobs, registered_jobs
from events.errors import BookingError
from events.models import Booking, Event, WaitingListEntry
from events.notification_kinds import PASSED_OVER, PLACE_OFFER
from events.selectors import occurrence_detail, places_left_by_mode
from events.services.booking_changes import change_booking
from events.services.bookings import book_place, cancel_booking
from events.services.offers import accept_offer, decline_offer, pass_on_expired_offers
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
START = datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.UTC)
OFFER = Event.WaitingListMode.OFFER


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


def full_date(capacity=1, start=START, **event_fields):
    """A date whose places are all taken; returns it and the first booking."""
    event = EventFactory(capacity=capacity, **event_fields)
    date = OccurrenceFactory(event=event, start=start, end=start + datetime.timedelta(hours=2))
    first = book_place(person=PersonFactory(), occurrence=date)
    for _ in range(capacity - 1):
        book_place(person=PersonFactory(), occurrence=date)
    return date, first


def waiting(date, companions=0):
    return book_place(
        person=PersonFactory(), occurrence=date, companions=companions, wait_if_full=True
    )


def status(entry):
    entry.refresh_from_db()
    return entry.status


def test_a_freed_place_is_offered_to_the_first_person_waiting_and_held_for_them():
    date, first = full_date(waiting_list_mode=OFFER, offer_hours=24)
    entry = waiting(date)

    cancelled = cancel_booking(canceller=first.person, booking=first)

    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert entry.offer_expires_at == NOW + datetime.timedelta(hours=24)
    assert not Booking.objects.filter(person=entry.person).exists()
    note = Notification.objects.get(recipient=entry.person, kind=PLACE_OFFER.code)
    assert "Accept by 09:00 on Tuesday 3 March" in note.message
    # The held place counts as taken, for the services and the pages alike.
    assert cancelled.occurrence.places_left == 0
    assert occurrence_detail(occurrence_id=date.pk).places_left == 0
    with pytest.raises(BookingError) as error:
        book_place(person=PersonFactory(), occurrence=date)
    assert error.value.code == "full"


def test_an_offer_never_outlasts_the_close_time():
    date, first = full_date(
        start=NOW + datetime.timedelta(hours=10),
        waiting_list_mode=OFFER,
        offer_hours=24,
        booking_closes_minutes=120,
    )
    entry = waiting(date)
    cancel_booking(canceller=first.person, booking=first)

    entry.refresh_from_db()
    assert entry.offer_expires_at == NOW + datetime.timedelta(hours=8)


def test_an_offer_after_the_close_time_lasts_until_the_start():
    date, first = full_date(
        start=NOW + datetime.timedelta(hours=3),
        waiting_list_mode=OFFER,
        booking_closes_minutes=0,
    )
    entry = waiting(date)
    date.event.booking_closes_minutes = 240
    date.event.save()
    cancel_booking(canceller=first.person, booking=first)

    entry.refresh_from_db()
    assert entry.offer_expires_at == date.start


def test_accepting_an_offer_in_time_books_the_place(django_capture_on_commit_callbacks):
    date, first = full_date(waiting_list_mode=OFFER)
    entry = waiting(date)
    cancel_booking(canceller=first.person, booking=first)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        booking = accept_offer(person=entry.person, entry=entry)

    assert booking.is_confirmed and booking.from_waiting_list
    assert status(entry) == WaitingListEntry.Status.PROMOTED
    assert booking.occurrence.places_left == 0
    assert [m.to for m in mail.outbox] == [[entry.person.email]]


def test_an_offer_accepted_too_late_has_passed_to_the_next_person():
    date, first = full_date(waiting_list_mode=OFFER, offer_hours=2)
    late, next_one = waiting(date), waiting(date)
    cancel_booking(canceller=first.person, booking=first)

    too_late = time_machine.travel(NOW + datetime.timedelta(hours=3), tick=False)
    with too_late, pytest.raises(BookingError) as error:
        accept_offer(person=late.person, entry=late)

    assert error.value.code == "offer_expired"
    assert status(late) == WaitingListEntry.Status.OFFER_PASSED
    assert status(next_one) == WaitingListEntry.Status.OFFERED
    assert not Booking.objects.filter(person=late.person).exists()


def test_declining_an_offer_passes_it_on():
    date, first = full_date(waiting_list_mode=OFFER)
    declining, next_one = waiting(date), waiting(date)
    cancel_booking(canceller=first.person, booking=first)

    decline_offer(person=declining.person, entry=declining)

    assert status(declining) == WaitingListEntry.Status.OFFER_PASSED
    assert status(next_one) == WaitingListEntry.Status.OFFERED


def test_only_the_person_offered_may_answer_and_only_while_it_is_offered():
    date, first = full_date(waiting_list_mode=OFFER)
    offered, still_waiting = waiting(date), waiting(date)
    cancel_booking(canceller=first.person, booking=first)

    with pytest.raises(NotAllowed):
        accept_offer(person=still_waiting.person, entry=offered)
    with pytest.raises(BookingError) as error:
        accept_offer(person=still_waiting.person, entry=still_waiting)
    assert error.value.code == "not_offered"


def test_expired_offers_pass_on_in_the_periodic_job():
    date, first = full_date(waiting_list_mode=OFFER, offer_hours=1)
    expiring, next_one = waiting(date), waiting(date)
    cancel_booking(canceller=first.person, booking=first)

    assert pass_on_expired_offers() == 0
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        assert pass_on_expired_offers() == 1

    assert status(expiring) == WaitingListEntry.Status.OFFER_PASSED
    assert status(next_one) == WaitingListEntry.Status.OFFERED


def test_the_offers_job_runs_every_five_minutes(django_capture_on_commit_callbacks):
    job = {job.name: job for job in registered_jobs()}["events.offers"]
    assert job.every == datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert "events.offers" in enqueue_due_jobs()


def test_booking_directly_while_holding_an_offer_passes_the_offer_on():
    date, first = full_date(capacity=2, waiting_list_mode=OFFER)
    offered, next_one = waiting(date), waiting(date)
    cancel_booking(canceller=first.person, booking=first)
    # Another place frees: the person offered books it outright.
    other = Booking.objects.filter(occurrence=date, status="confirmed").first()
    cancel_booking(canceller=other.person, booking=other)
    assert status(next_one) == WaitingListEntry.Status.OFFERED
    decline_offer(person=next_one.person, entry=next_one)

    booking = book_place(person=offered.person, occurrence=date)

    assert booking.is_confirmed
    assert status(offered) == WaitingListEntry.Status.LEFT


def test_automatic_mode_still_books_the_place_at_once():
    date, first = full_date()
    entry = waiting(date)
    cancel_booking(canceller=first.person, booking=first)
    assert status(entry) == WaitingListEntry.Status.PROMOTED


def test_a_group_that_does_not_fit_is_told_once_why_it_was_passed_over():
    date, first = full_date(capacity=2)
    group, single = waiting(date, companions=2), waiting(date)
    cancel_booking(canceller=first.person, booking=first)

    note = Notification.objects.get(recipient=group.person, kind=PASSED_OVER.code)
    assert note.message.startswith("A place came free at ")
    assert note.message.endswith(
        "on Monday 9 March, but your group needs 3 places. You keep your place in the queue."
    )
    assert status(group) == WaitingListEntry.Status.WAITING
    assert status(single) == WaitingListEntry.Status.PROMOTED

    # Another place frees: 2 free, the group of 3 still does not fit; nobody is told again.
    other = Booking.objects.filter(occurrence=date, status="confirmed").first()
    cancel_booking(canceller=other.person, booking=other)
    assert Notification.objects.filter(kind=PASSED_OVER.code).count() == 1


def test_an_offer_of_more_places_grows_the_booking_when_accepted():
    date, first = full_date(capacity=2, waiting_list_mode=OFFER)
    carer = Booking.objects.exclude(pk=first.pk).get(occurrence=date).person
    booking = Booking.objects.get(person=carer)
    change = change_booking(changer=carer, booking=booking, companions=1, wait_for_more=True)
    cancel_booking(canceller=first.person, booking=first)
    assert status(change.waiting) == WaitingListEntry.Status.OFFERED

    grown = accept_offer(person=carer, entry=change.waiting)

    assert grown.pk == booking.pk and grown.companions == 1
    assert grown.occurrence.places_left == 0


@pytest.mark.parametrize("mode", [Event.WaitingListMode.AUTOMATIC, OFFER])
def test_promoting_costs_the_same_queries_however_many_groups_are_passed_over(mode):
    def queries_with(groups):
        date, first = full_date(capacity=2, waiting_list_mode=mode)
        for _ in range(groups):
            waiting(date, companions=3)
        waiting(date)
        with CaptureQueriesContext(connection) as context:
            cancel_booking(canceller=first.person, booking=first)
        assert (
            Notification.objects.filter(kind=PASSED_OVER.code, about_id=date.pk).count() == groups
        )
        return len(context.captured_queries)

    assert queries_with(3) == queries_with(12)


def test_accepting_more_places_for_a_cancelled_booking_passes_the_offer_on_for_good():
    date, first = full_date(capacity=2, waiting_list_mode=OFFER)
    carer = Booking.objects.exclude(pk=first.pk).get(occurrence=date).person
    booking = Booking.objects.get(person=carer)
    change = change_booking(changer=carer, booking=booking, companions=1, wait_for_more=True)
    next_one = waiting(date)
    cancel_booking(canceller=first.person, booking=first)
    assert status(change.waiting) == WaitingListEntry.Status.OFFERED
    # The booking went without the offer being told (an older row, or a crash in between).
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)

    with pytest.raises(BookingError) as error:
        accept_offer(person=carer, entry=change.waiting)

    assert error.value.code == "not_booked"
    assert status(change.waiting) == WaitingListEntry.Status.OFFER_PASSED
    assert status(next_one) == WaitingListEntry.Status.OFFERED


def test_an_offer_is_e_mailed_at_once_whatever_the_person_chose(
    django_capture_on_commit_callbacks,
):
    date, first = full_date(waiting_list_mode=OFFER, offer_hours=1)
    entry = waiting(date)
    NotificationPreference.objects.create(
        person=entry.person, kind=PLACE_OFFER.code, delivery=Delivery.DIGEST
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(canceller=first.person, booking=first)

    offers = [m for m in mail.outbox if m.to == [entry.person.email]]
    assert len(offers) == 1
    assert offers[0].subject.startswith(f"Alongside: A place came free at {date.event.title}")
    assert "accept by 10:00 on Monday 2 March" in offers[0].subject
    assert f"/events/waiting/{entry.pk}/offer/" in offers[0].body
    note = Notification.objects.get(recipient=entry.person, kind=PLACE_OFFER.code)
    assert note.delivery == Delivery.IN_APP  # shown on the site; the e-mail went already


def test_offered_extra_places_count_against_their_way_of_attending():
    event = EventFactory(capacity=4, format=Event.Format.HYBRID, waiting_list_mode=OFFER)
    date = OccurrenceFactory(
        event=event, start=START, end=START + datetime.timedelta(hours=2), online_capacity=2
    )
    carer = PersonFactory()
    booking = book_place(person=carer, occurrence=date, attendance_mode="online")
    leaving = book_place(person=PersonFactory(), occurrence=date, attendance_mode="online")
    book_place(person=PersonFactory(), occurrence=date, companions=1, attendance_mode="in_person")
    change = change_booking(changer=carer, booking=booking, companions=1, wait_for_more=True)

    cancel_booking(canceller=leaving.person, booking=leaving)

    assert status(change.waiting) == WaitingListEntry.Status.OFFERED
    assert places_left_by_mode([date])[date.pk] == {"in_person": 0, "online": 0}
