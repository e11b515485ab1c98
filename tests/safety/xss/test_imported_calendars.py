"""The XSS corpus through an imported calendar: an .ics file whose entries carry the vectors in
SUMMARY and DESCRIPTION, uploaded on the import page (the service the API and the page share),
previewed, confirmed, then shown in the list of events, in the API and on a sample of the
imported events' own pages."""

import datetime

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Event
from tests.factories import OrganisationFactory, staff_of
from tests.frontend.conftest import signed_in
from tests.safety.xss.checks import VECTORS, Tally, has_nul, sample

pytestmark = pytest.mark.django_db
# A NUL byte cannot be written into an iCalendar file at all; those vectors are left out here.
IN_A_CALENDAR = [vector for vector in VECTORS if not has_nul(vector)]


def calendar(entries: list[tuple[str, str]]) -> bytes:
    """One entry per (summary, description), a day apart from next week on."""
    programme = icalendar.Calendar()
    programme.add("prodid", "-//Alongside tests//XSS//EN")
    programme.add("version", "2.0")
    first = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    for n, (summary, description) in enumerate(entries):
        entry = icalendar.Event()
        entry.add("uid", f"xss-{n}@example.org")
        entry.add("summary", summary)
        entry.add("description", description)
        entry.add("dtstart", first + datetime.timedelta(days=7 + n))
        entry.add("dtend", first + datetime.timedelta(days=7 + n, hours=2))
        programme.add_component(entry)
    return programme.to_ical()


def upload(client, organisation, source: bytes):
    file = SimpleUploadedFile("programme.ics", source, content_type="text/calendar")
    return client.post(reverse("events_import", args=[organisation.slug]), {"file": file})


def test_imported_calendar_text_shows_nothing_dangerous(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    staff = staff_of(organisation)
    staff_client = signed_in(staff)
    tally = Tally("imported calendar SUMMARY and DESCRIPTION")

    harmless = upload(staff_client, organisation, calendar([("Carers drop-in", "Tea.")]))
    preview_baseline = staff_client.get(harmless["Location"]).content.decode()
    staff_client.post(harmless["Location"])
    baseline_event = Event.objects.get(organisation=organisation)
    event_baseline = staff_client.get(
        reverse("events_detail", args=[baseline_event.slug])
    ).content.decode()
    list_baseline = staff_client.get(reverse("events")).content.decode()

    response = upload(
        staff_client, organisation, calendar([(vector, vector) for vector in IN_A_CALENDAR])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tally.check_page(
        "preview", staff_client.get(response["Location"]).content.decode(), preview_baseline
    )
    # A big file is imported by the task worker, queued after commit.
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(response["Location"])

    imported = list(
        Event.objects.filter(organisation=organisation).exclude(pk=baseline_event.pk).order_by("pk")
    )
    tally.stored = len(imported)
    # Every imported entry in the API and in the list of events; a sample of their own pages.
    api = APIClient()
    api.force_login(staff)
    for event in imported:
        tally.check_api(event.title, api.get(f"/api/v1/events/{event.slug}/").json())
    number, more = 1, True
    while more:
        page = staff_client.get(reverse("events"), {"page": number}).content.decode()
        tally.check_page(f"events page {number}", page, list_baseline)
        number, more = number + 1, f"page={number + 1}" in page
    for event in sample(imported):
        page = staff_client.get(reverse("events_detail", args=[event.slug])).content.decode()
        tally.check_page(event.title, page, event_baseline)
    tally.assert_clean(at_least=len(IN_A_CALENDAR) - 10)
