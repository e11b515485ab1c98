"""The import page's second door: a calendar's web address, read over real HTTP, previewed,
imported as drafts and then kept in step (until staff stop it); a bad or private address is
explained next to the field, with what was typed kept; a changed file uploaded again offers
updates, not "imported before"."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import CalendarSubscription, Event, ImportJob
from tests.events.served_calendar import ServedCalendar
from tests.frontend.conftest import page_text

NOW = datetime.datetime(2027, 1, 4, 9, 0, tzinfo=datetime.UTC)
CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:drop-in@example.org\r\nSUMMARY:Wednesday drop-in\r\n"
    "DTSTART;TZID=Europe/London:20270106T100000\r\nDTEND;TZID=Europe/London:20270106T120000\r\n"
    "RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20270224T100000Z\r\n"
    "RDATE;TZID=Europe/London:20270301T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture(autouse=True)
def in_january_2027():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def served(settings):
    settings.EVENTS_CALENDAR_PRIVATE_ADDRESSES_ALLOWED = True  # the server is on this machine
    server = ServedCalendar(CALENDAR)
    yield server
    server.close()


def test_a_calendar_address_is_previewed_imported_as_drafts_and_kept_in_step(
    staff_client, org, served
):
    asked = staff_client.post(
        reverse("events_import_address", args=[org.slug]), {"address": served.address}
    )
    assert asked.status_code == 302
    preview = page_text(staff_client.get(asked["Location"]))
    assert "What we will add (1)" in preview
    assert "Wednesday drop-in" in preview and "9 (repeats)" in preview  # 8 Wednesdays + RDATE
    assert "keep these events in step" in preview

    done = staff_client.post(asked["Location"], follow=True)
    assert "as draft" in page_text(done)
    event = Event.objects.get(imported_uid="drop-in@example.org")
    assert event.status == "draft" and event.occurrences.count() == 9

    page = staff_client.get(reverse("events_import", args=[org.slug]))
    assert "Calendars we keep in step" in page_text(page) and served.address in page_text(page)
    subscription = CalendarSubscription.objects.get()
    stopped = staff_client.post(reverse("events_import_stop", args=[org.slug, subscription.pk]))
    assert stopped.status_code == 302
    subscription.refresh_from_db()
    assert not subscription.active


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("ftp://example.org/calendar.ics", "starts with https://, http:// or webcal://"),
        ("http://192.168.1.10/calendar.ics", "on a private network"),
    ],
)
def test_an_address_we_will_not_read_is_explained_next_to_the_field(
    staff_client, org, address, message
):
    response = staff_client.post(
        reverse("events_import_address", args=[org.slug]), {"address": address}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page_text(response)
    assert 'href="#id_address"' in page  # the error summary links to the field
    assert f'value="{address}"' in page  # what was typed is kept
    assert not ImportJob.objects.exists()


def test_the_import_page_costs_the_same_queries_however_many_calendars_are_kept(
    staff_client, org, django_assert_max_num_queries
):
    url = reverse("events_import", args=[org.slug])
    staff_client.get(url)  # warm the session
    for number in range(1):
        CalendarSubscription.objects.create(organisation=org, address=f"https://a.example/{number}")
    with django_assert_max_num_queries(8) as few:
        staff_client.get(url)
    for number in range(1, 6):
        CalendarSubscription.objects.create(organisation=org, address=f"https://a.example/{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get(url)
    assert page_text(page).count("Stop keeping this calendar in step") == 6


def test_uploading_a_changed_file_again_offers_to_update_what_was_imported(staff_client, org):
    def upload(text: str):
        file = SimpleUploadedFile("programme.ics", text.encode(), content_type="text/calendar")
        return staff_client.post(reverse("events_import", args=[org.slug]), {"file": file})

    staff_client.post(upload(CALENDAR)["Location"])
    changed = upload(CALENDAR.replace("SUMMARY:Wednesday drop-in", "SUMMARY:Carers' drop-in"))
    preview = page_text(staff_client.get(changed["Location"]))

    assert "What we will add (0)" in preview and "What we will update (1)" in preview
    assert "Carers' drop-in It has changed in the calendar. 9 (repeats)" in preview
    assert "It was imported before" not in preview
    assert "Update 1 event" in preview
    staff_client.post(changed["Location"])
    assert Event.objects.get().title == "Carers' drop-in"
