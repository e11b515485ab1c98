"""The events API: finding events and dates, booking, the waiting list, organisers' changes and
registers, with permissions from the domain layer and list queries that do not grow."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Booking, Event, Occurrence
from events.services.bookings import book_place
from tests.events.factories import EventFactory, OccurrenceFactory, online_event
from tests.factories import PersonFactory, advisor_of, staff_of, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def signed_in(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def test_the_event_list_filters_by_theme_step_free_and_bsl(api):
    employing = theme()
    wanted = EventFactory(step_free=True, bsl_interpreter=True)
    wanted.themes.add(employing)
    OccurrenceFactory(event=wanted)
    OccurrenceFactory(event=EventFactory(step_free=False, bsl_interpreter=True))
    OccurrenceFactory(event=EventFactory(step_free=True, bsl_interpreter=False))
    OccurrenceFactory(event=EventFactory(status="draft", step_free=True, bsl_interpreter=True))

    response = api.get(
        reverse("api:event-list"), {"step_free": "true", "bsl": "true", "theme": employing.slug}
    )

    assert response.status_code == 200
    assert [e["slug"] for e in response.json()["results"]] == [wanted.slug]
    assert response.json()["results"][0]["themes"] == [
        {"slug": employing.slug, "name": employing.name}
    ]


def test_the_event_list_filters_by_area_format_and_date_range(api):
    soon = timezone.now() + datetime.timedelta(days=3)
    later = timezone.now() + datetime.timedelta(days=40)
    leeds_online = OccurrenceFactory(event=online_event(area="leeds"), start=soon)
    OccurrenceFactory(event=online_event(area="leeds"), start=later)
    OccurrenceFactory(event=EventFactory(area="leeds"), start=soon)

    response = api.get(
        reverse("api:event-list"),
        {
            "area": "leeds",
            "event_format": "online",
            "date_from": timezone.localdate().isoformat(),
            "date_to": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 200, response.json()
    assert [e["slug"] for e in response.json()["results"]] == [leeds_online.event.slug]


def test_list_queries_do_not_grow_with_rows(api, django_assert_num_queries):
    def rows(n):
        for _ in range(n):
            event = EventFactory()
            event.themes.add(theme())
            occurrence = OccurrenceFactory(event=event)
            book_place(person=PersonFactory(), occurrence=occurrence)

    rows(3)
    with django_assert_num_queries(3):  # count, page, themes
        assert len(api.get(reverse("api:event-list")).json()["results"]) == 3
    with django_assert_num_queries(2):  # count, page (places counted in the same query)
        assert len(api.get(reverse("api:occurrence-list")).json()["results"]) == 3
    rows(27)
    with django_assert_num_queries(3):
        assert len(api.get(reverse("api:event-list")).json()["results"]) == 30
    with django_assert_num_queries(2):
        assert len(api.get(reverse("api:occurrence-list")).json()["results"]) == 30


def test_my_bookings_queries_do_not_grow(django_assert_num_queries):
    person = PersonFactory()
    client = signed_in(person)
    for _ in range(5):
        book_place(person=person, occurrence=OccurrenceFactory())
    with django_assert_num_queries(3):  # count, page, what organisers said about access needs
        assert len(client.get(reverse("api:booking-list")).json()["results"]) == 5


def test_booking_through_the_api_then_cancelling(occurrence, person):
    client = signed_in(person)
    response = client.post(
        reverse("api:booking-list"),
        {"occurrence": occurrence.pk, "companions": 1, "access_needs": ["bsl_interpreter"]},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["outcome"] == "booked"
    assert body["booking"]["occurrence"]["places_left"] == occurrence.capacity - 2
    assert body["booking"]["access_needs"] == ["bsl_interpreter"]

    again = client.post(reverse("api:booking-list"), {"occurrence": occurrence.pk})
    assert again.status_code == 400 and again.json()["code"] == "already_booked"

    mine = client.get(reverse("api:booking-list")).json()["results"]
    assert [b["id"] for b in mine] == [body["booking"]["id"]]

    cancelled = client.post(reverse("api:booking-cancel", args=[body["booking"]["id"]]))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_a_full_date_puts_people_on_the_waiting_list_with_their_position(person):
    occurrence = OccurrenceFactory(capacity=1)
    book_place(person=PersonFactory(), occurrence=occurrence)
    client = signed_in(person)

    full = client.post(reverse("api:booking-list"), {"occurrence": occurrence.pk})
    assert full.status_code == 400 and full.json()["code"] == "full"

    waiting = client.post(
        reverse("api:booking-list"), {"occurrence": occurrence.pk, "wait_if_full": True}
    )
    assert waiting.status_code == 201
    assert waiting.json()["outcome"] == "waiting"
    assert waiting.json()["waiting"]["place_in_queue"] == 1
    listed = client.get(reverse("api:waiting-list-entry-list")).json()["results"]
    assert [w["place_in_queue"] for w in listed] == [1]

    left = client.delete(reverse("api:waiting-list-entry-detail", args=[listed[0]["id"]]))
    assert left.status_code == 204


def test_signed_out_people_cannot_book(api, occurrence):
    response = api.post(reverse("api:booking-list"), {"occurrence": occurrence.pk})
    assert response.status_code == 401


def test_the_joining_link_is_only_shown_to_booked_people_hosts_and_staff():
    occurrence = OccurrenceFactory(event=online_event())
    booked, stranger = PersonFactory(), PersonFactory()
    host = advisor_of(occurrence.event.organisation)
    occurrence.event.hosts.add(host)
    staff = staff_of(occurrence.event.organisation)
    book_place(person=booked, occurrence=occurrence)
    url = reverse("api:occurrence-detail", args=[occurrence.pk])

    def link(client):
        return client.get(url).json()["joining_link"]

    assert link(APIClient()) is None
    assert link(signed_in(stranger)) is None
    for person in (booked, host, staff):
        assert link(signed_in(person)) == "https://meet.example/secret-room"
    event_body = APIClient().get(reverse("api:event-detail", args=[occurrence.event.slug])).json()
    assert "joining_link" not in event_body


def test_only_the_organisations_staff_can_create_and_publish_events(organisation):
    staff = staff_of(organisation)
    advisor = advisor_of(organisation)
    payload = {"organisation": organisation.slug, "title": "Your first support plan"}

    refused = signed_in(advisor).post(reverse("api:event-list"), payload)
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"

    created = signed_in(staff).post(
        reverse("api:event-list"), {**payload, "kind": "workshop", "hosts": [advisor.pk]}
    )
    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]
    assert created.json()["status"] == "draft"
    assert APIClient().get(reverse("api:event-detail", args=[slug])).status_code == 404

    start = timezone.now() + datetime.timedelta(days=10)
    dated = signed_in(staff).post(
        reverse("api:event-add-date", args=[slug]),
        {"start": start.isoformat(), "end": (start + datetime.timedelta(hours=2)).isoformat()},
    )
    assert dated.status_code == 201, dated.json()
    published = signed_in(staff).post(reverse("api:event-publish", args=[slug]))
    assert published.json()["status"] == "published"
    assert APIClient().get(reverse("api:event-detail", args=[slug])).status_code == 200


def test_staff_make_an_event_repeat_and_cancel_and_move_dates(event):
    staff = staff_of(event.organisation)
    client = signed_in(staff)
    response = client.post(
        reverse("api:event-series", args=[event.slug]),
        {
            "rule": "FREQ=MONTHLY;BYDAY=1TU",
            "start_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "start_time": "10:00",
            "duration_minutes": 120,
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["occurrences"] >= 12
    first, second = Occurrence.objects.filter(event=event).order_by("start")[:2]

    cancelled = client.post(reverse("api:occurrence-cancel", args=[first.pk]), {"reason": "Ill"})
    assert cancelled.json()["status"] == "cancelled"
    new_start = second.start + datetime.timedelta(days=1)
    moved = client.post(
        reverse("api:occurrence-move", args=[second.pk]),
        {
            "start": new_start.isoformat(),
            "end": (new_start + datetime.timedelta(hours=1)).isoformat(),
        },
    )
    assert moved.json()["status"] == "moved"

    stranger = signed_in(PersonFactory())
    refused = stranger.post(reverse("api:occurrence-cancel", args=[second.pk]))
    assert refused.status_code == 403


def test_hosts_take_the_register_and_add_walk_ins(occurrence):
    host = advisor_of(occurrence.event.organisation)
    occurrence.event.hosts.add(host)
    member = PersonFactory()
    booking = book_place(person=member, occurrence=occurrence, access_needs=["quiet_space"])
    client = signed_in(host)

    register = client.get(reverse("api:register", args=[occurrence.pk]))
    assert register.status_code == 200
    assert register.json()[0]["access_needs"] == ["quiet_space"]

    with time_machine.travel(occurrence.start):  # the register opens when the date starts
        marked = client.patch(
            reverse("api:register-attendance", args=[occurrence.pk, booking.pk]),
            {"attended": False},
        )
        walk_in = client.post(
            reverse("api:register-walk-in", args=[occurrence.pk]), {"name": "Bea"}
        )
    assert marked.json()["attended"] is False
    assert walk_in.status_code == 201 and walk_in.json()["attended"] is True
    csv = client.get(reverse("api:register-csv", args=[occurrence.pk]))
    assert csv.status_code == 200 and b"Bea" in csv.content

    assert signed_in(member).get(reverse("api:register", args=[occurrence.pk])).status_code == 403


def test_the_personal_feed_address_can_be_fetched_and_regenerated(person):
    client = signed_in(person)
    first = client.get(reverse("api:calendar-feed")).json()
    assert first["webcal_url"].startswith("webcal://")
    second = client.post(reverse("api:calendar-feed")).json()
    assert second["url"] != first["url"]


def test_events_cancelled_by_staff_tell_everyone_booked(event, person):
    staff = staff_of(event.organisation)
    occurrence = OccurrenceFactory(event=event)
    book_place(person=person, occurrence=occurrence)
    response = signed_in(staff).post(reverse("api:event-cancel", args=[event.slug]))
    assert response.json()["status"] == "cancelled"
    assert Event.objects.get(pk=event.pk).status == "cancelled"
    assert person.notifications.filter(kind="events.occurrence_changed").count() == 1
    assert Booking.objects.get(person=person).status == "confirmed"  # kept, marked by the date


def test_event_and_date_details_cost_a_fixed_number_of_queries(django_assert_num_queries):
    occurrence = OccurrenceFactory()
    occurrence.event.themes.add(theme())
    api = APIClient()
    with django_assert_num_queries(4):  # event, themes, hosts, series
        assert api.get(reverse("api:event-detail", args=[occurrence.event.slug])).status_code == 200
    with django_assert_num_queries(1):
        assert api.get(reverse("api:occurrence-detail", args=[occurrence.pk])).status_code == 200


def test_venue_access_reads_as_words_with_bsl_in_capitals(api):
    event = EventFactory(step_free=True, hearing_loop=True, bsl_interpreter=True)
    OccurrenceFactory(event=event)

    shown = api.get(reverse("api:event-detail", args=[event.slug])).json()
    listed = api.get(reverse("api:event-list")).json()["results"][0]

    expected = ["Step-free access", "Hearing loop", "BSL interpreter available"]
    assert shown["access_features"] == expected
    assert listed["access_features"] == expected
