"""Rules the pages and the API reach through the same function: how a series repeats, in words;
the places a booking takes; drafts hidden from feeds; signed in and active; and the API
answering from what the booking services return, without reading the date again."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from events.models import Booking, Series
from events.services.bookings import book_place
from events.services.series import create_series
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory, staff_of
from tests.frontend.conftest import page_text

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def api_as(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def page_as(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_api_says_how_an_event_repeats_in_the_words_of_its_page():
    event = EventFactory(kind="drop_in")
    staff = staff_of(event.organisation)
    create_series(
        creator=staff,
        event=event,
        rule="FREQ=MONTHLY;BYDAY=-1FR",
        start_date=timezone.localdate() + datetime.timedelta(days=1),
        start_time=datetime.time(10, 0),
        count=6,
    )

    words = APIClient().get(reverse("api:event-detail", args=[event.slug])).json()
    page = page_text(page_as(staff).get(reverse("events_series", args=[event.slug])))

    assert words["repeats_in_words"] == "The last Friday of every month, 6 times"
    assert words["repeats_in_words"] in page


def test_an_event_that_does_not_repeat_has_no_words_for_it():
    event = OccurrenceFactory().event
    body = APIClient().get(reverse("api:event-detail", args=[event.slug])).json()
    assert body["repeats_in_words"] is None


# Far enough ahead for a long series, within the latest date an event may have (events.limits).
UNTIL_YEAR = datetime.date.today().year + 3


def test_making_an_event_repeat_answers_with_the_rule_in_words():
    event = EventFactory(kind="drop_in")
    response = api_as(staff_of(event.organisation)).post(
        reverse("api:event-series", args=[event.slug]),
        {
            "rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            "start_date": f"{timezone.localdate() + datetime.timedelta(days=1)}",
            "start_time": "18:30",
            "until": f"{UNTIL_YEAR}-12-31",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["repeats_in_words"] == (
        f"Every other Wednesday, until 31 December {UNTIL_YEAR}"
    )


def test_the_rule_in_words_is_in_the_schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    for component in ("EventDetail", "Series"):
        field = schema[component]["properties"]["repeats_in_words"]
        assert field["type"] == "string" and field["readOnly"] is True


@time_machine.travel(datetime.datetime(2026, 12, 1, 20, 30, tzinfo=UTC))
def test_a_series_made_on_the_evening_of_its_first_date_starts_next_time_on_page_and_api():
    # 20:30 on 1 December 2026, the first Tuesday of the month (UK winter time is UTC).
    by_page, by_api = EventFactory(kind="drop_in"), EventFactory(kind="drop_in")
    staff = staff_of(by_page.organisation)
    by_api.organisation = by_page.organisation
    by_api.save()
    answers = {
        "repeats": "monthly", "weekday": "1", "week": "1", "starts_on": "2026-12-01",
        "start_time": "10:00", "end_time": "12:00", "ends": "count", "count": "4",
    }  # fmt: skip
    page = page_as(staff).post(reverse("events_series", args=[by_page.slug]), answers)
    api = api_as(staff).post(
        reverse("api:event-series", args=[by_api.slug]),
        {"rule": "FREQ=MONTHLY;BYDAY=1TU", "start_date": "2026-12-01", "start_time": "10:00"},
        format="json",
    )

    assert (page.status_code, api.status_code) == (302, 201)
    for event in (by_page, by_api):
        first = event.occurrences.order_by("start").first()
        assert first.start == datetime.datetime(2027, 1, 5, 10, tzinfo=UTC)
    # The picker counts its four sessions from the first still to come.
    assert by_page.occurrences.count() == 4
    assert Series.objects.get(event=by_page).start_date == datetime.date(2027, 1, 5)


def test_a_companion_takes_a_place_on_the_page_and_in_the_api():
    occurrence = OccurrenceFactory(capacity=3)
    person = PersonFactory()
    page_as(person).post(
        reverse("events_book", args=[occurrence.event.slug, occurrence.pk]),
        {"for_whom": "me", "companion": "on"},
    )
    assert Booking.objects.get(person=person).places == 2

    answer = api_as(PersonFactory()).post(
        reverse("api:booking-list"),
        {"occurrence": occurrence.pk, "companions": 1, "wait_if_full": True},
        format="json",
    )
    assert answer.json()["outcome"] == "waiting"  # one place left, a party of two
    listed = APIClient().get(reverse("api:occurrence-detail", args=[occurrence.pk])).json()
    assert (listed["places_left"], listed["waiting_count"]) == (1, 1)


def test_booking_answers_from_the_service_without_reading_the_date_again(
    django_assert_num_queries,
):
    occurrence = OccurrenceFactory(capacity=1)
    first, second = api_as(PersonFactory()), api_as(PersonFactory())
    url = reverse("api:booking-list")

    # Before the services answered with the date counted: 16 and 14. The booking's access
    # to-do items are cleared and read back (two queries, whatever the date).
    with django_assert_num_queries(17):
        booked = first.post(url, {"occurrence": occurrence.pk}, format="json").json()
    with django_assert_num_queries(13):
        waiting = second.post(
            url, {"occurrence": occurrence.pk, "wait_if_full": True}, format="json"
        ).json()

    assert booked["booking"]["occurrence"]["places_left"] == 0
    assert booked["booking"]["occurrence"]["waiting_count"] == 0
    assert waiting["waiting"]["place_in_queue"] == 1
    assert waiting["waiting"]["occurrence"]["waiting_count"] == 1


def test_cancelling_answers_with_the_place_gone_to_the_next_person():
    occurrence = OccurrenceFactory(capacity=1)
    person = PersonFactory()
    booking = book_place(person=person, occurrence=occurrence)
    book_place(person=PersonFactory(), occurrence=occurrence, wait_if_full=True)

    answer = api_as(person).post(reverse("api:booking-cancel", args=[booking.pk])).json()

    assert answer["status"] == "cancelled"
    assert (answer["occurrence"]["places_left"], answer["occurrence"]["waiting_count"]) == (0, 0)


def test_a_draft_is_in_no_feed_and_not_found_by_the_public():
    draft = OccurrenceFactory(event__status="draft")
    public = OccurrenceFactory(event__organisation=draft.event.organisation)
    slug, organisation = draft.event.slug, draft.event.organisation
    staff = page_as(staff_of(organisation))

    assert Client().get(reverse("event_feed", args=[slug])).status_code == 404
    assert staff.get(reverse("event_feed", args=[slug])).status_code == 404  # feeds have no session
    assert Client().get(reverse("events_detail", args=[slug])).status_code == 404
    assert APIClient().get(reverse("api:event-detail", args=[slug])).status_code == 404
    programme = Client().get(reverse("organisation_feed", args=[organisation.slug])).content
    assert public.uid.encode() in programme and draft.uid.encode() not in programme


def test_a_closed_account_cannot_book_on_the_page_or_through_the_api():
    occurrence = OccurrenceFactory()
    closed = PersonFactory(is_active=False)

    answer = api_as(closed).post(
        reverse("api:booking-list"), {"occurrence": occurrence.pk}, format="json"
    )
    page = page_as(closed).post(
        reverse("events_book", args=[occurrence.event.slug, occurrence.pk]), {"for_whom": "me"}
    )

    assert answer.status_code == 403 and answer.json()["code"] == "not_allowed"
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    assert not Booking.objects.exists()


# 7 January 2027 is a Thursday; UK winter time is UTC.
@time_machine.travel(datetime.datetime(2027, 1, 6, 12, 0, tzinfo=UTC))
@pytest.mark.parametrize(
    ("rule", "dates", "until", "count"),
    [
        ("FREQ=WEEKLY;BYDAY=TH;UNTIL=20270225", 8, "2027-02-25", None),
        # The form RFC 5545 asks for with a zoned start, as Google, Outlook and Apple write it.
        ("FREQ=WEEKLY;BYDAY=TH;UNTIL=20270225T100000Z", 8, "2027-02-25", None),
        # An UNTIL before that day's 10:00 start leaves the day out, as a calendar app would.
        ("FREQ=WEEKLY;BYDAY=TH;UNTIL=20270225T093000Z", 7, "2027-02-24", None),
        ("FREQ=WEEKLY;BYDAY=TH;COUNT=4", 4, None, 4),
    ],
)
def test_an_end_written_inside_the_rule_is_honoured_and_answered(rule, dates, until, count):
    event = EventFactory(kind="drop_in")
    response = api_as(staff_of(event.organisation)).post(
        reverse("api:event-series", args=[event.slug]),
        {"rule": rule, "start_date": "2027-01-07", "start_time": "10:00"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["occurrences"], body["until"], body["count"]) == (dates, until, count)
    assert body["rule"] == "FREQ=WEEKLY;BYDAY=TH"
    assert event.occurrences.count() == dates


def test_an_end_given_twice_is_refused_with_its_code():
    event = EventFactory(kind="drop_in")
    response = api_as(staff_of(event.organisation)).post(
        reverse("api:event-series", args=[event.slug]),
        {
            "rule": "FREQ=WEEKLY;BYDAY=TH;COUNT=4",
            "start_date": f"{timezone.localdate() + datetime.timedelta(days=1)}",
            "start_time": "10:00",
            "until": f"{UNTIL_YEAR}-12-31",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "end_given_twice"
    assert not Series.objects.exists()
