"""Each way the API once broke its own schema, pinned one by one: an empty area or website, page
numbers below 1 or past the end, an odd slug in a nested address, and dates far in the past or
future. Every answer here is also checked against /api/schema/ by schemathesis."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.core import NOT_SET

from events.models import Occurrence
from events.services.series import create_series
from tests.api.schema_checks import CHECKS, load_schema, served_in_test_transaction
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import OrganisationFactory, PersonFactory, staff_of

pytestmark = pytest.mark.django_db
UK = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=UK)


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def api_schema(db):
    with served_in_test_transaction():
        yield load_schema()


@pytest.fixture
def national(db):
    """An organisation with no council area and no website, running an event with no area."""
    organisation = OrganisationFactory(slug="national-network", area="", website="")
    event = EventFactory(organisation=organisation, slug="online-basics", area="")
    OccurrenceFactory(event=event)
    return organisation


def answer(
    api_schema, method, path, *, person=None, path_parameters=None, query=None, body=NOT_SET
):
    """Send one request through schemathesis and check the answer against the schema."""
    media_type = None if body is NOT_SET else "application/json"
    case = api_schema[path][method].Case(
        path_parameters=path_parameters, query=query, body=body, media_type=media_type
    )
    headers = {}
    if person is not None:
        headers["Authorization"] = f"Token {Token.objects.get_or_create(user=person)[0].key}"
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    return response


def test_an_empty_area_and_website_are_documented_answers(api_schema, national):
    listed = answer(api_schema, "GET", "/api/v1/organisations/").json()["results"]
    one = answer(
        api_schema,
        "GET",
        "/api/v1/organisations/{slug}/",
        path_parameters={"slug": "national-network"},
    ).json()
    events = answer(api_schema, "GET", "/api/v1/events/").json()["results"]
    event = answer(
        api_schema, "GET", "/api/v1/events/{slug}/", path_parameters={"slug": "online-basics"}
    ).json()

    assert [(o["area"], o["website"]) for o in listed] == [("", "")]
    assert (one["area"], one["website"]) == ("", "")
    assert [e["area"] for e in events] == [""] and event["area"] == ""


def test_a_page_number_below_one_is_a_documented_400_naming_the_field(api_schema, national):
    for page in (0, -3, "two"):
        response = answer(api_schema, "GET", "/api/v1/organisations/", query={"page": page})

        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert response.json()["fields"] == {
            "page": ["Pages are numbered from 1: send a whole number."]
        }


def test_a_page_past_the_end_is_a_documented_json_404(api_schema, national):
    response = answer(api_schema, "GET", "/api/v1/events/", query={"page": 7})

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "There is no page 7 of this list."}
    assert answer(api_schema, "GET", "/api/v1/events/", query={"page": "last"}).status_code == 200


def test_a_cursor_we_never_gave_out_is_a_documented_json_404(api_schema):
    response = answer(
        api_schema, "GET", "/api/v1/notifications/", person=PersonFactory(), query={"cursor": "x"}
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organisations/leeds%0A/memberships/",
        "/api/v1/organisations/leeds/memberships/1%0A/",
        "/api/v1/events/a%0Ab/",
        "/api/v1/occurrences/1%0A/register/",
    ],
)
def test_an_odd_slug_or_id_in_a_nested_address_is_a_json_404(path):
    response = APIClient().get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.fixture
def organiser_and_event(db):
    event = EventFactory(slug="becoming-an-employer")
    return staff_of(event.organisation), event


@pytest.mark.parametrize(
    ("start", "field"),
    [("9999-01-01T10:00:00+00:00", "start"), ("1999-12-31T10:00:00+00:00", "start")],
)
def test_a_date_outside_2000_to_five_years_ahead_is_refused_with_a_code(
    api_schema, organiser_and_event, start, field
):
    staff, event = organiser_and_event
    begins = datetime.datetime.fromisoformat(start)
    response = answer(
        api_schema,
        "POST",
        "/api/v1/events/{slug}/dates/",
        person=staff,
        path_parameters={"slug": event.slug},
        body={"start": start, "end": (begins + datetime.timedelta(hours=2)).isoformat()},
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "date_out_of_range",
        "detail": "Choose a date from 1 January 2000 to 31 December 2031.",
        "fields": {field: ["Choose a date from 1 January 2000 to 31 December 2031."]},
    }
    assert not Occurrence.objects.filter(event=event).exists()


def test_the_last_day_five_years_ahead_can_have_a_date(api_schema, organiser_and_event):
    staff, event = organiser_and_event
    response = answer(
        api_schema,
        "POST",
        "/api/v1/events/{slug}/dates/",
        person=staff,
        path_parameters={"slug": event.slug},
        body={"start": "2031-12-31T10:00:00+00:00", "end": "2031-12-31T12:00:00+00:00"},
    )

    assert response.status_code == 201


def test_a_date_cannot_be_moved_to_a_year_long_ago(api_schema, organiser_and_event):
    staff, event = organiser_and_event
    occurrence = OccurrenceFactory(event=event)
    response = answer(
        api_schema,
        "POST",
        "/api/v1/occurrences/{id}/move/",
        person=staff,
        path_parameters={"id": occurrence.pk},
        body={"start": "0283-03-06T07:06:13-00:01", "end": "0283-03-06T09:06:13-00:01"},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "date_out_of_range"
    occurrence.refresh_from_db()
    assert occurrence.start.year == 2026


@pytest.mark.parametrize(
    ("dates", "field"),
    [({"start_date": "9999-12-01"}, "start_date"), ({"until": "9999-12-31"}, "until")],
)
def test_a_series_cannot_start_or_end_in_the_year_9999(
    api_schema, organiser_and_event, dates, field
):
    staff, event = organiser_and_event
    body = {"rule": "FREQ=WEEKLY;BYDAY=MO", "start_date": "2026-12-07", "start_time": "10:00"}
    response = answer(
        api_schema,
        "POST",
        "/api/v1/events/{slug}/series/",
        person=staff,
        path_parameters={"slug": event.slug},
        body={**body, **dates},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "date_out_of_range"
    assert list(response.json()["fields"]) == [field]


def test_a_series_cannot_be_ended_or_skipped_in_the_year_9999(api_schema, organiser_and_event):
    staff, event = organiser_and_event
    create_series(
        creator=staff,
        event=event,
        rule="FREQ=WEEKLY;BYDAY=MO",
        start_date=datetime.date(2026, 12, 7),
        start_time=datetime.time(10, 0),
    )
    path_parameters = {"slug": event.slug}
    ended = answer(
        api_schema,
        "POST",
        "/api/v1/events/{slug}/series/end/",
        person=staff,
        path_parameters=path_parameters,
        body={"last_date": "9999-12-31"},
    )
    skipped = answer(
        api_schema,
        "POST",
        "/api/v1/events/{slug}/series/skip/",
        person=staff,
        path_parameters=path_parameters,
        body={"dates": ["9999-12-06"]},
    )

    assert (ended.status_code, ended.json()["code"]) == (400, "date_out_of_range")
    assert (skipped.status_code, skipped.json()["code"]) == (400, "date_out_of_range")
