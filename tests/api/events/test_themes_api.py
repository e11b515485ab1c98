"""Themed dates through the API: staff and the date's hosts set a date's theme with PATCH; the
dates and the feeds carry it, and the `q` filter finds it."""

import pytest
from django.urls import reverse
from icalendar import Calendar
from rest_framework.test import APIClient

from events.services.occurrences import cancel_occurrence
from events.services.themes import set_date_theme
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory, advisor_of, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def signed_in(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def theme_url(occurrence) -> str:
    return reverse("api:occurrence-theme", args=[occurrence.pk])


def test_staff_set_a_dates_theme_and_get_the_date_back(occurrence):
    staff = staff_of(occurrence.event.organisation)

    response = signed_in(staff).patch(
        theme_url(occurrence),
        {"theme": "Employing a PA", "description": "Contracts and payroll."},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == occurrence.pk
    assert (body["theme"], body["theme_description"]) == (
        "Employing a PA",
        "Contracts and payroll.",
    )
    assert body["places_left"] == occurrence.capacity


def test_a_hosts_patch_changes_only_what_it_names(occurrence):
    host = advisor_of(occurrence.event.organisation)
    occurrence.event.hosts.add(host)
    set_date_theme(editor=host, occurrence=occurrence, theme="Direct payments", description="Old")

    response = signed_in(host).patch(
        theme_url(occurrence), {"description": "Your budget."}, format="json"
    )

    assert response.status_code == 200
    occurrence.refresh_from_db()
    assert (occurrence.theme, occurrence.theme_description) == ("Direct payments", "Your budget.")


def test_an_empty_theme_takes_it_away(occurrence):
    staff = staff_of(occurrence.event.organisation)
    set_date_theme(editor=staff, occurrence=occurrence, theme="Direct payments")

    response = signed_in(staff).patch(
        theme_url(occurrence), {"theme": "", "description": ""}, format="json"
    )

    assert response.status_code == 200 and response.json()["theme"] == ""


def test_someone_else_is_refused_and_nobody_signed_out_is_let_in(api, occurrence):
    refused = signed_in(PersonFactory()).patch(
        theme_url(occurrence), {"theme": "Mine"}, format="json"
    )
    signed_out = api.patch(theme_url(occurrence), {"theme": "Mine"}, format="json")

    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    assert signed_out.status_code == 401
    occurrence.refresh_from_db()
    assert occurrence.theme == ""


def test_a_date_of_a_draft_is_not_found_for_others():
    draft = OccurrenceFactory(event=EventFactory(status="draft"))

    response = signed_in(PersonFactory()).patch(theme_url(draft), {"theme": "x"}, format="json")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"theme": "x" * 101}, "theme_too_long", "theme"),
        ({"theme": "PAs", "description": "x" * 301}, "description_too_long", "description"),
        ({"description": "Come along"}, "theme_needed", "theme"),
    ],
)
def test_bad_themes_are_refused_with_a_stable_code(occurrence, data, code, field):
    staff = staff_of(occurrence.event.organisation)

    response = signed_in(staff).patch(theme_url(occurrence), data, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert field in str(response.json())


def test_a_cancelled_date_cannot_have_a_theme(occurrence):
    staff = staff_of(occurrence.event.organisation)
    cancel_occurrence(canceller=staff, occurrence=occurrence)

    response = signed_in(staff).patch(theme_url(occurrence), {"theme": "PAs"}, format="json")

    assert response.status_code == 400 and response.json()["code"] == "cancelled"


def test_the_dates_list_carries_the_theme_and_q_finds_it(api, event):
    staff = staff_of(event.organisation)
    plain, themed = OccurrenceFactory(event=event), OccurrenceFactory(event=event)
    set_date_theme(editor=staff, occurrence=themed, theme="Wheelchair repairs")

    dates = api.get(reverse("api:occurrence-list")).json()["results"]
    found = api.get(reverse("api:occurrence-list"), {"q": "wheelchair"}).json()["results"]
    events = api.get(reverse("api:event-list"), {"q": "wheelchair"}).json()["results"]

    assert {d["id"]: d["theme"] for d in dates} == {plain.pk: "", themed.pk: "Wheelchair repairs"}
    assert [d["id"] for d in found] == [themed.pk]
    assert [e["slug"] for e in events] == [event.slug]
    assert api.get(reverse("api:event-list"), {"q": ""}).status_code == 200


def test_the_feed_has_the_theme_set_through_the_api(api, occurrence):
    staff = staff_of(occurrence.event.organisation)
    signed_in(staff).patch(
        theme_url(occurrence),
        {"theme": "Employing a PA", "description": "Contracts and payroll."},
        format="json",
    )

    feed = api.get(f"/events/{occurrence.event.slug}.ics")

    assert feed.status_code == 200
    [entry] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(entry["summary"]) == f"{occurrence.event.title}: Employing a PA"
    assert "Employing a PA. Contracts and payroll." in str(entry["description"])
