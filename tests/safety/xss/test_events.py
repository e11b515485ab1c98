"""The XSS corpus through events: an event's title, summary, description, venue and travel notes
(written by staff, by page and by API, shown on the event's page) and a booking's name and notes
(written by the person booking, shown to staff on the register)."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from events.models import Event
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import OrganisationFactory, PersonFactory, staff_of
from tests.frontend.conftest import signed_in
from tests.safety.xss.checks import WITHOUT_NUL, Tally, by_door

pytestmark = pytest.mark.django_db


def api_client(person):
    api = APIClient()
    api.force_login(person)
    return api


def event_form(vector: str) -> dict:
    return {
        "title": f"Workshop {vector}"[:150],
        "kind": "workshop",
        "summary": vector[:300],
        "description": vector,
        "audience": "budget_holders",
        "format": "in_person",
        "capacity": "500",
        "venue_name": vector[:150],
        "address": "1 The Headrow",
        "postcode": "LS1 3AD",
        "area": "leeds",
        "transport_notes": vector,
    }


@pytest.fixture
def published_event():
    organisation = OrganisationFactory()
    event = EventFactory(
        organisation=organisation, status=Event.Status.PUBLISHED, capacity=500, slug="xss-workshop"
    )
    start = uk_time(3)
    occurrence = OccurrenceFactory(
        event=event, start=start, end=start + datetime.timedelta(hours=2), capacity=500
    )
    return event, occurrence, staff_of(organisation)


def test_event_texts_show_nothing_dangerous(published_event):
    event, _, staff = published_event
    reader_client, page_client, api = (
        signed_in(PersonFactory()),
        signed_in(staff),
        api_client(staff),
    )
    page_url = reverse("events_detail", args=[event.slug])
    edit_url = reverse("events_edit", args=[event.slug])
    page_baseline = reader_client.get(page_url).content.decode()
    form_baseline = page_client.post(edit_url, {**event_form(""), "title": ""}).content.decode()
    tally = Tally("event title, summary, description, venue and travel notes")

    for door, vector in by_door():
        fields = event_form(vector)
        if door == "page":
            tally.page_write(
                vector, page_client.post(edit_url, fields), form_baseline=form_baseline
            )
        else:
            del fields["capacity"], fields["kind"], fields["address"], fields["postcode"]
            response = api.patch(f"/api/v1/events/{event.slug}/", fields, format="json")
            tally.api_write(vector, response)
        tally.check_page(vector, reader_client.get(page_url).content.decode(), page_baseline)
    # The API's answers to the writes above were checked as they came; one reading to finish.
    tally.check_api("event API", api.get(f"/api/v1/events/{event.slug}/").json())
    tally.assert_clean(at_least=WITHOUT_NUL)


def test_booking_names_and_notes_show_nothing_dangerous(published_event):
    event, occurrence, staff = published_event
    staff_client = signed_in(staff)
    register_url = reverse("events_register", args=[event.slug, occurrence.pk])
    book_url = reverse("events_book", args=[event.slug, occurrence.pk])
    register_baseline = staff_client.get(register_url).content.decode()
    tally = Tally("booking name and access notes")

    for door, vector in by_door():
        person = PersonFactory()
        fields = {"for_person_name": vector[:100], "access_notes": vector[:1000]}
        if door == "page":
            page_client = signed_in(person)
            form_baseline = page_client.get(book_url).content.decode()
            response = page_client.post(book_url, {"for_whom": "cared_for", **fields})
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            response = api_client(person).post(
                "/api/v1/bookings/", {"occurrence": occurrence.pk, **fields}, format="json"
            )
            tally.api_write(vector, response)

    page = staff_client.get(register_url).content.decode()
    assert "alert(1)" in page  # the notes are on the register, as text
    tally.check_page("register", page, register_baseline)
    tally.check_api(
        "register API",
        api_client(staff).get(f"/api/v1/occurrences/{occurrence.pk}/register/").json(),
    )
    tally.assert_clean(at_least=WITHOUT_NUL)
