"""Input that once broke a page or endpoint now gets a clear answer, never a 500."""

import datetime

import pytest
from django.urls import reverse

from events.errors import EventError
from events.recurrence import MAX_DATES, check_rule, local_starts
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/events/?date_to=9999-12-31",
        "/events/?date_from=0001-01-01",
        "/events/calendar/?month=9999-12",
        "/events/calendar/?month=0001-01",
        "/api/v1/events/?date_to=9999-12-31",
        "/api/v1/occurrences/?date_to=9999-12-31",
    ],
)
def test_far_off_dates_are_answered_not_crashed_on(client, url):
    assert client.get(url).status_code in {200, 400}


def test_an_id_too_big_for_the_database_is_a_clear_api_error(client):
    client.force_login(PersonFactory())
    response = client.post(
        reverse("api:notification-mark-read"),
        {"ids": [99999999999999999999]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    "rule",
    ["FREQ=DAILY;INTERVAL=0", "FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=5", "FREQ=HOURLY"],
)
def test_repeat_rules_that_would_never_end_or_flood_are_refused(rule):
    with pytest.raises(EventError) as refused:
        check_rule(rule)
    assert refused.value.code == "bad_rule"


def test_no_rule_yields_more_than_the_cap_in_one_fill():
    starts = local_starts(
        rule="FREQ=DAILY",
        start_date=datetime.date(2026, 1, 1),
        start_time=datetime.time(10),
        up_to=datetime.date(2099, 1, 1),
    )
    assert len(starts) == MAX_DATES
