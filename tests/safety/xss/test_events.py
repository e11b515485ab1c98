"""The XSS corpus through events: an event's title, summary, description, venue and travel notes
(written by staff, by page and by API, shown in the list of events and on the event's page) and a
booking's name and notes (written by the person booking, shown to staff on the register). Each
vector is its own event or booking, so nothing overwrites it and the pages are read at the end."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from events.models import Event
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import OrganisationFactory, PersonFactory, staff_of
from tests.frontend.conftest import signed_in
from tests.safety.xss.checks import WITHOUT_NUL, Tally, by_door, sample

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


def each_page(client, url: str):
    """Every page of a paged list, following the page numbers."""
    number, more = 1, True
    while more:
        page = client.get(url, {"page": number}).content.decode()
        yield number, page
        number, more = number + 1, f"page={number + 1}" in page


def test_event_texts_show_nothing_dangerous(published_event):
    harmless, _, staff = published_event
    organisation = harmless.organisation
    reader_client, page_client, api = (
        signed_in(PersonFactory()),
        signed_in(staff),
        api_client(staff),
    )
    page_baseline = reader_client.get(
        reverse("events_detail", args=[harmless.slug])
    ).content.decode()
    list_baseline = reader_client.get(reverse("events")).content.decode()
    form_baseline = page_client.post(
        reverse("events_edit", args=[harmless.slug]), {**event_form(""), "title": ""}
    ).content.decode()
    tally = Tally("event title, summary, description, venue and travel notes")
    written = []

    # Each vector is its own event, on sale next week, so the list shows them all.
    for n, (door, vector) in enumerate(by_door("event texts")):
        event = EventFactory(organisation=organisation, status=Event.Status.PUBLISHED, capacity=500)
        start = uk_time(3 + n % 20)
        OccurrenceFactory(
            event=event, start=start, end=start + datetime.timedelta(hours=2), capacity=500
        )
        written.append((vector, event))
        fields = event_form(vector)
        if door == "page":
            response = page_client.post(reverse("events_edit", args=[event.slug]), fields)
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            del fields["capacity"], fields["kind"], fields["address"], fields["postcode"]
            response = api.patch(f"/api/v1/events/{event.slug}/", fields, format="json")
            tally.api_write(vector, response)
            # The API's answer to the write was checked; the page-door events are read below.
            continue
        tally.check_api(vector, api.get(f"/api/v1/events/{event.slug}/").json())

    pages = 0
    for number, page in each_page(reader_client, reverse("events")):
        tally.check_page(f"events page {number}", page, list_baseline)
        pages = number
    assert pages > 1
    for vector, event in sample(written):
        event.refresh_from_db()  # in case a new title gave it a new address
        page = reader_client.get(reverse("events_detail", args=[event.slug])).content.decode()
        tally.check_page(vector, page, page_baseline)
    tally.assert_clean(at_least=WITHOUT_NUL)


def test_booking_names_and_notes_show_nothing_dangerous(published_event):
    event, occurrence, staff = published_event
    staff_client = signed_in(staff)
    register_url = reverse("events_register", args=[event.slug, occurrence.pk])
    book_url = reverse("events_book", args=[event.slug, occurrence.pk])
    register_baseline = staff_client.get(register_url).content.decode()
    tally = Tally("booking name and access notes")

    for door, vector in by_door("booking"):
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
