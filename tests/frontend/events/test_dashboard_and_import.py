"""The organisation's events dashboard (upcoming dates, attendance chart with its table) and
importing a programme from an .ics file."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import Event, ImportJob
from events.services.bookings import book_place
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text
from tests.frontend.events.conftest import dates_of


def test_dashboard_shows_dates_places_waiting_and_attendance(staff_client, org, drop_in):
    date = dates_of(drop_in, 1, capacity=1)[0]
    book_place(person=PersonFactory(), occurrence=date)
    book_place(person=PersonFactory(), occurrence=date, wait_if_full=True)
    response = staff_client.get(reverse("events_dashboard", args=[org.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    text = page_text(response)
    assert "Carers' drop-in" in text
    assert "0 of 1" in text  # places left
    # The chart: an image with a title and a description in words, and the same numbers as a
    # table for people who cannot see it.
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in page
    assert '<title id="chart-title">' in page and '<desc id="chart-desc">' in page
    assert "People who came, by month" in text
    assert page.count('<th scope="row">') >= 12


# ---- Importing ----

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:monthly-drop-in@example.org
SUMMARY:Monthly carers' drop-in
DTSTART;TZID=Europe/London:{first}T100000
DTEND;TZID=Europe/London:{first}T120000
RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=4
LOCATION:Carers' Centre
END:VEVENT
BEGIN:VEVENT
UID:old@example.org
SUMMARY:Last year's workshop
DTSTART;TZID=Europe/London:20200101T100000
DTEND;TZID=Europe/London:20200101T120000
END:VEVENT
END:VCALENDAR
"""


def first_tuesday_after(day: datetime.date) -> datetime.date:
    month = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return month + datetime.timedelta(days=(1 - month.weekday()) % 7)


def upload(staff_client, org, text: str, name: str = "programme.ics"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/calendar")
    return staff_client.post(reverse("events_import", args=[org.slug]), {"file": file})


def test_import_preview_then_confirm_then_done(staff_client, org):
    first = first_tuesday_after(timezone.localdate())
    response = upload(staff_client, org, ICS.format(first=f"{first:%Y%m%d}"))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    preview = staff_client.get(response["Location"])
    text = page_text(preview)
    assert "What we will add (1)" in text and "Monthly carers' drop-in" in text
    assert "What we will leave out (1)" in text
    assert "Last year's workshop All its dates are in the past." in text
    assert not Event.objects.exists()

    confirmed = staff_client.post(response["Location"])
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("events_import_progress", args=[org.slug, job.pk])
    done = staff_client.get(confirmed["Location"])
    assert "Import finished" in page_text(done)
    assert 'http-equiv="refresh"' not in done.content.decode()
    event = Event.objects.get(title="Monthly carers' drop-in")
    assert event.occurrences.count() == 4


def test_import_progress_refreshes_itself_only_when_asked(staff_client, org):
    job = ImportJob.objects.create(
        organisation=org, source="", status=ImportJob.Status.RUNNING, total=10, done=4
    )
    url = reverse("events_import_progress", args=[org.slug, job.pk])
    response = staff_client.get(url)
    page = response.content.decode()
    # A page that reloads by itself unasked fails WCAG 2.2.1, so it waits to be asked.
    assert 'http-equiv="refresh"' not in page
    assert 'value="40"' in page and "4 of 10 done (40%)" in page_text(response)
    assert "Update this page by itself every 10 seconds" in page_text(response)
    asked = staff_client.get(url, {"refresh": "on"}).content.decode()
    assert '<meta http-equiv="refresh" content="10">' in asked
    assert "Stop updating this page" in asked


def test_import_of_a_file_that_is_not_a_calendar_says_why(staff_client, org):
    response = upload(staff_client, org, "hello", name="notes.txt")
    assert response.status_code == 400
    assert "Choose a calendar file whose name ends in .ics" in page_text(response)
    response = upload(staff_client, org, "not a calendar at all")
    assert response.status_code == 400
    assert "There is a problem" in page_text(response)
    assert not ImportJob.objects.exists()


def test_another_organisations_import_is_not_found(staff_client, other_staff_client, org):
    job = ImportJob.objects.create(organisation=org, source="", total=0)
    url = reverse("events_import_preview", args=["kent-carers", job.pk])
    assert other_staff_client.get(url).status_code == 404
