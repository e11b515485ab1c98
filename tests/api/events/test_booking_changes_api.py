"""The bookings API for carers and booking rules: a booking per person attending, hybrid modes,
changing a booking in place (PATCH, with the waiting list for extra places), accepting or
declining an offered place, and the event's booking rules read and written."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from events.models import Booking, Event, WaitingListEntry
from events.services.bookings import book_place, cancel_booking
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db

# Wednesday 6 January 2027, 09:00 UK time.
NOW = datetime.datetime(2027, 1, 6, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def signed_in(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def a_date(**event_fields):
    event = EventFactory(**event_fields)
    start = NOW + datetime.timedelta(days=5)
    return OccurrenceFactory(
        event=event,
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=event.capacity,
        online_capacity=event.online_capacity,
    )


def book(client, occurrence, **fields):
    return client.post(reverse("api:booking-list"), {"occurrence": occurrence.pk, **fields})


def test_a_carer_books_for_his_mother_and_for_himself(db):
    carer = PersonFactory()
    client = signed_in(carer)
    date = a_date()
    mum = book(client, date, for_person_name="Mum", access_needs=["bsl_interpreter"])
    assert mum.status_code == 201, mum.json()
    assert mum.json()["booking"]["for_person_name"] == "Mum"
    assert book(client, date).status_code == 201
    again = book(client, date, for_person_name=" mum ")
    assert again.status_code == 400 and again.json()["code"] == "already_booked"
    assert Booking.objects.filter(person=carer, status="confirmed").count() == 2


def test_a_hybrid_booking_needs_a_way_of_joining(db):
    client = signed_in(PersonFactory())
    date = a_date(format=Event.Format.HYBRID, joining_link="https://meet.example/a", capacity=4)
    missing = book(client, date)
    assert missing.status_code == 400 and missing.json()["code"] == "choose_mode"
    booked = book(client, date, attendance_mode="online")
    assert booked.status_code == 201
    assert booked.json()["booking"]["attendance_mode"] == "online"
    wrong = book(client, date, attendance_mode="by_post")
    assert wrong.status_code == 400


def test_the_date_shows_in_person_and_online_places_left(db):
    date = a_date(
        format=Event.Format.HYBRID,
        joining_link="https://meet.example/a",
        capacity=5,
        online_capacity=2,
    )
    book_place(person=PersonFactory(), occurrence=date, attendance_mode="online")
    body = APIClient().get(reverse("api:occurrence-detail", args=[date.pk])).json()
    assert body["online_capacity"] == 2
    assert body["places_left_by_mode"] == {"in_person": 3, "online": 1}


def test_patch_changes_a_booking_in_place(db):
    person = PersonFactory()
    booking = book_place(person=person, occurrence=a_date())
    response = signed_in(person).patch(
        reverse("api:booking-detail", args=[booking.pk]),
        {"companions": 1, "access_needs": ["hearing_loop"], "access_notes": "Row A"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["booking"]["id"] == booking.pk
    assert body["booking"]["companions"] == 1
    assert body["booking"]["access_needs"] == ["hearing_loop"]
    assert body["waiting"] is None
    assert body["message"]
    booking.refresh_from_db()
    assert (booking.companions, booking.access_notes) == (1, "Row A")


def test_patch_for_more_places_on_a_full_date_is_refused_or_waits_keeping_the_booking(db):
    person = PersonFactory()
    date = a_date(capacity=2)
    booking = book_place(person=person, occurrence=date)
    book_place(person=PersonFactory(), occurrence=date)
    url = reverse("api:booking-detail", args=[booking.pk])
    client = signed_in(person)

    full = client.patch(url, {"companions": 1}, format="json")
    assert full.status_code == 400 and full.json()["code"] == "full"

    waiting = client.patch(url, {"companions": 1, "wait_for_more": True}, format="json")
    assert waiting.status_code == 200, waiting.json()
    body = waiting.json()
    assert body["booking"]["companions"] == 0 and body["booking"]["status"] == "confirmed"
    assert body["waiting"]["adds_to"] == booking.pk
    assert body["waiting"]["status"] == "waiting"


def test_nobody_else_can_change_my_booking(db):
    booking = book_place(person=PersonFactory(), occurrence=a_date())
    response = signed_in(PersonFactory()).patch(
        reverse("api:booking-detail", args=[booking.pk]), {"companions": 1}, format="json"
    )
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.companions == 0


def test_patch_with_bad_input_is_a_400_with_a_code(db):
    person = PersonFactory()
    booking = book_place(person=person, occurrence=a_date())
    response = signed_in(person).patch(
        reverse("api:booking-detail", args=[booking.pk]),
        {"companions": "lots", "access_needs": ["a_pony"]},
        format="json",
    )
    assert response.status_code == 400
    assert "code" in response.json()


@pytest.fixture
def offered(db):
    """A place came free on an offer-mode date; it is held for the person next in line."""
    date = a_date(capacity=1, waiting_list_mode=Event.WaitingListMode.OFFER, offer_hours=9)
    first = PersonFactory()
    booking = book_place(person=first, occurrence=date)
    person = PersonFactory()
    entry = book_place(person=person, occurrence=date, wait_if_full=True)
    cancel_booking(canceller=first, booking=booking)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    return entry


def test_accepting_an_offered_place(offered):
    client = signed_in(offered.person)
    listed = client.get(reverse("api:booking-list"))
    assert listed.status_code == 200
    response = client.post(reverse("api:waiting-list-entry-accept", args=[offered.pk]))
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "confirmed"
    assert Booking.objects.filter(person=offered.person, status="confirmed").exists()


def test_declining_an_offered_place(offered):
    client = signed_in(offered.person)
    response = client.post(reverse("api:waiting-list-entry-decline", args=[offered.pk]))
    assert response.status_code == 200
    assert response.json()["status"] == "offer_passed"


def test_an_expired_offer_cannot_be_accepted(offered):
    client = signed_in(offered.person)
    with time_machine.travel(NOW + datetime.timedelta(hours=10), tick=False):
        response = client.post(reverse("api:waiting-list-entry-accept", args=[offered.pk]))
    assert response.status_code == 400 and response.json()["code"] == "offer_expired"
    again = client.post(reverse("api:waiting-list-entry-decline", args=[offered.pk]))
    assert again.status_code == 400 and again.json()["code"] == "not_offered"


def test_someone_elses_offer_is_not_found(offered):
    client = signed_in(PersonFactory())
    for decision in ("accept", "decline"):
        url = reverse(f"api:waiting-list-entry-{decision}", args=[offered.pk])
        assert client.post(url).status_code == 404
    offered.refresh_from_db()
    assert offered.status == WaitingListEntry.Status.OFFERED


def test_the_event_api_reads_and_writes_the_booking_rules(db):
    date = a_date()
    event = date.event
    staff = staff_of(event.organisation)
    response = signed_in(staff).patch(
        reverse("api:event-detail", args=[event.slug]),
        {
            "format": "hybrid",
            "joining_link": "https://meet.example/b",
            "online_capacity": 3,
            "cost": "£2",
            "booking_closes_minutes": 60,
            "waiting_list_mode": "offer",
            "offer_hours": 48,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = APIClient().get(reverse("api:event-detail", args=[event.slug])).json()
    assert body["cost"] == "£2"
    assert body["online_capacity"] == 3
    assert body["booking_closes_minutes"] == 60
    assert body["waiting_list_mode"] == "offer"
    assert body["offer_hours"] == 48
    date.refresh_from_db()
    assert date.online_capacity == 3


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"online_capacity": 3}, "online_places_not_hybrid"),
        ({"offer_hours": 500}, "offer_hours"),
    ],
)
def test_the_event_api_refuses_rules_that_cannot_work_with_a_code(db, changes, code):
    event = a_date().event
    response = signed_in(staff_of(event.organisation)).patch(
        reverse("api:event-detail", args=[event.slug]), changes, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == code
