"""The API's operations on a repeating event as a whole: change it from a date on (preview
first), skip several dates or every bank holiday, end it; errors as JSON with stable codes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from events.models import Event, Occurrence
from events.services.bookings import book_place
from events.services.series import create_series
from tests.events.factories import EventFactory
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db
UK = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=UK)


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def series(db):
    event = EventFactory(kind=Event.Kind.DROP_IN, slug="monday-drop-in")
    return create_series(
        creator=staff_of(event.organisation),
        event=event,
        rule="FREQ=WEEKLY;BYDAY=MO",
        start_date=datetime.date(2026, 12, 7),
        start_time=datetime.time(10, 0),
        duration_minutes=120,
    )


def api_as(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def staff_api(series) -> APIClient:
    return api_as(staff_of(series.event.organisation))


def url(name: str, slug: str = "monday-drop-in") -> str:
    return reverse(f"api:series-{name}", args=[slug])


CHANGE = {
    "from_date": "2027-01-04",
    "rule": "FREQ=WEEKLY;BYDAY=MO",
    "start_time": "10:30",
    "duration_minutes": 120,
}


def _uk_times(series) -> set[datetime.time]:
    return {o.start.astimezone(UK).time() for o in series.occurrences.all()}


def test_a_preview_says_what_would_change_and_changes_nothing(series):
    book_place(person=PersonFactory(), occurrence=series.occurrences.order_by("start")[5])

    answer = staff_api(series).post(url("change"), {**CHANGE, "preview": True}, format="json")

    body = answer.json()
    assert answer.status_code == 200, body
    assert body["preview"] is True
    assert body["repeats_in_words"] == "Every Monday, 10:30 to 12:30"
    assert body["moved"][1]["booked"] == 1 and body["people_affected"] == 1
    assert body["moved"][0]["was"] == "2027-01-04T10:00:00Z"
    assert body["moved"][0]["start"] == "2027-01-04T10:30:00Z"
    assert body["cancelled"] == [] and body["added"] == []
    assert _uk_times(series) == {datetime.time(10, 0)}


def test_a_change_moves_the_dates_and_answers_the_series_as_it_is_now(series):
    answer = staff_api(series).post(url("change"), {**CHANGE, "rule": "FREQ=WEEKLY;BYDAY=TU"})

    body = answer.json()
    assert answer.status_code == 200, body
    assert body["preview"] is False
    assert body["series"]["rule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert body["series"]["start_date"] == "2027-01-04"
    assert body["series"]["start_time"] == "10:30:00"
    assert len(body["cancelled"]) == len(body["added"]) > 40
    assert Occurrence.objects.get(pk=body["cancelled"][0]["id"]).is_cancelled


def test_an_end_inside_the_rule_is_honoured_from_the_change(series):
    answer = staff_api(series).post(
        url("change"), {**CHANGE, "rule": "FREQ=WEEKLY;BYDAY=MO;COUNT=2"}
    )

    body = answer.json()
    assert answer.status_code == 200, body
    assert (body["series"]["count"], body["series"]["until"]) == (2, None)
    assert len(body["moved"]) == 2
    assert body["repeats_in_words"] == "Every Monday, 2 times, 10:30 to 12:30"


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"from_date": "2026-11-30"}, "from_date_past", "from_date"),
        ({"until": "2027-01-01"}, "until_before_start", "until"),
        ({"rule": "FREQ=MINUTELY"}, "bad_rule", "rule"),
        ({"start_time": "10:00"}, "nothing_changes", None),
        ({"duration_minutes": 2}, "invalid", "duration_minutes"),
        ({"until": "2027-03-01", "count": 3}, "until_or_count", None),
        ({"rule": "FREQ=WEEKLY;BYDAY=MO;COUNT=2", "count": 3}, "end_given_twice", "rule"),
    ],
)
def test_a_change_that_cannot_be_made_answers_a_stable_code(series, changes, code, field):
    answer = staff_api(series).post(url("change"), {**CHANGE, **changes}, format="json")

    body = answer.json()
    assert answer.status_code == 400
    assert body["code"] == code
    if field:
        assert field in body["fields"]
    assert _uk_times(series) == {datetime.time(10, 0)}


def test_skipping_dates_and_bank_holidays_cancels_them(series):
    answer = staff_api(series).post(
        url("skip"), {"dates": ["2026-12-21"], "bank_holidays": True}, format="json"
    )

    body = answer.json()
    assert answer.status_code == 200, body
    starts = [item["start"][:10] for item in body["cancelled"]]
    assert starts[:3] == ["2026-12-21", "2026-12-28", "2027-03-29"]
    assert body["series"]["skip_bank_holidays"] is True
    assert body["series"]["skipped_dates"] == ["2026-12-21"]


def test_ending_a_series_cancels_later_dates_and_again_is_refused(series):
    client = staff_api(series)

    answer = client.post(url("end"), {"last_date": "2027-01-31"}, format="json")
    again = client.post(url("end"), {"last_date": "2027-02-28"}, format="json")

    assert answer.status_code == 200
    assert answer.json()["series"]["until"] == "2027-01-31"
    assert answer.json()["cancelled"][0]["start"] == "2027-02-01T10:00:00Z"
    assert again.status_code == 400
    assert again.json() == {
        "code": "already_ends",
        "detail": "It already ends by 31 January 2027.",
        "fields": {"last_date": ["It already ends by 31 January 2027."]},
    }


def test_skipping_nothing_answers_a_code_by_the_dates(series):
    answer = staff_api(series).post(url("skip"), {}, format="json")

    assert answer.status_code == 400
    assert answer.json()["code"] == "nothing_to_skip"
    assert "dates" in answer.json()["fields"]


def test_only_the_organisations_staff_may_and_other_events_are_not_found(series):
    member = api_as(PersonFactory())
    one_off = EventFactory(slug="one-off")

    assert member.post(url("change"), CHANGE, format="json").json()["code"] == "not_allowed"
    assert member.post(url("skip"), {"bank_holidays": True}).status_code == 403
    assert member.post(url("end"), {"last_date": "2027-01-31"}).status_code == 403
    assert APIClient().post(url("end"), {"last_date": "2027-01-31"}).status_code == 401
    staff = staff_api(series)
    assert staff.post(url("end", "no-such-event"), {"last_date": "2027-01-31"}).status_code == 404
    not_repeating = api_as(staff_of(one_off.organisation)).post(
        url("end", "one-off"), {"last_date": "2027-01-31"}
    )
    assert not_repeating.status_code == 404
    assert not_repeating.json()["code"] == "not_found"


def test_a_preview_costs_the_same_queries_however_many_dates_are_booked(series):
    client = staff_api(series)
    counts = []
    for how_many in (1, 12):
        for occurrence in series.occurrences.order_by("start")[:how_many]:
            book_place(person=PersonFactory(), occurrence=occurrence)
        with CaptureQueriesContext(connection) as queries:
            answer = client.post(url("change"), {**CHANGE, "preview": True}, format="json")
        assert answer.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
