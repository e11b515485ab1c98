"""Realistic exports from Outlook and Google Calendar import every date a calendar app shows:
UTC UNTIL, EXDATE, RDATE, moved and cancelled single dates (RECURRENCE-ID), Outlook's Windows
zone names, a floating time, a `Z` time and a rule in New York time. The dates are checked
against `recurring-ical-events` expanding the same file, and the preview's counts against
what the import creates."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from icalendar import Calendar

from events.import_plan import HORIZON_DAYS
from events.models import Event, Occurrence, Series
from events.services.importing import confirm_import, preview_import
from tests.factories import staff_of

pytestmark = pytest.mark.django_db

CALENDARS = Path(__file__).parent / "calendars"
UK = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 15, 12, 0, tzinfo=datetime.UTC)
# The site stores dates 400 days ahead; compare well inside that.
WINDOW_END = NOW + datetime.timedelta(days=HORIZON_DAYS - 2)
OUTLOOK_UID = (
    "040000008200E00074C5B7101A82E00800000000D0F1A2B3C4D5E601000000000000000010000000"
    "A1B2C3D4E5F60718293A4B5C6D7E8F90"
)


@pytest.fixture(autouse=True)
def in_december_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def _what_a_calendar_app_shows(
    source: str,
) -> set[tuple[str, datetime.datetime, datetime.datetime]]:
    shown = set()
    calendar = Calendar.from_ical(source)
    for entry in recurring_ical_events.of(calendar).between(NOW, WINDOW_END):
        start, end = entry["DTSTART"].dt, entry["DTEND"].dt
        if not isinstance(start, datetime.datetime) or entry.get("STATUS") == "CANCELLED":
            continue
        if start.tzinfo is None:  # floating: the UK reader's own time
            start, end = start.replace(tzinfo=UK), end.replace(tzinfo=UK)
        utc = (start.astimezone(datetime.UTC), end.astimezone(datetime.UTC))
        shown.add((str(entry["UID"]), *utc))
    return shown


def _what_the_site_holds(organisation) -> set[tuple[str, datetime.datetime, datetime.datetime]]:
    dates = Occurrence.objects.filter(
        event__organisation=organisation, start__gte=NOW, start__lte=WINDOW_END
    ).exclude(status=Occurrence.Status.CANCELLED)
    return {(o.event.imported_uid, o.start, o.end) for o in dates.select_related("event")}


@pytest.mark.parametrize("export", ["outlook_export.ics", "google_export.ics"])
def test_an_export_imports_every_date_a_calendar_app_shows(organisation, export):
    source = (CALENDARS / export).read_text()
    staff = staff_of(organisation)

    job = preview_import(importer=staff, organisation=organisation, source=source)
    confirm_import(importer=staff, job=job)

    shown, held = _what_a_calendar_app_shows(source), _what_the_site_holds(organisation)
    assert len(shown) > 20
    assert shown - held == set() and held - shown == set()  # 0 mismatches


@pytest.mark.parametrize("export", ["outlook_export.ics", "google_export.ics"])
def test_the_previews_counts_are_what_the_import_creates(organisation, export):
    staff = staff_of(organisation)
    job = preview_import(
        importer=staff, organisation=organisation, source=(CALENDARS / export).read_text()
    )
    planned = {row["uid"]: row["dates"] for row in job.preview if row["action"] == "create"}

    confirm_import(importer=staff, job=job)

    for uid, dates in planned.items():
        event = Event.objects.get(imported_uid=uid)
        assert event.occurrences.exclude(status="cancelled").count() == dates
    assert Occurrence.objects.filter(status="cancelled").count() == 0
    assert job.total == len(planned) == Event.objects.count()


def test_outlooks_weekly_drop_in_keeps_its_utc_end_extra_date_and_changed_dates(organisation):
    staff = staff_of(organisation)
    job = preview_import(
        importer=staff,
        organisation=organisation,
        source=(CALENDARS / "outlook_export.ics").read_text(),
    )
    row = next(row for row in job.preview if row["uid"] == OUTLOOK_UID)
    # Thursdays 17 Dec to 10 June: 26, less 24 and 31 Dec, plus Tuesday 13 April, plus
    # Thursday 10 December (already past) put back to Friday 18 December.
    assert (row["dates"], row["moved_dates"], row["zone"]) == (26, 3, "Europe/London")
    assert row["until"] == "2027-06-10"
    confirm_import(importer=staff, job=job)

    event = Event.objects.get(imported_uid=OUTLOOK_UID)
    assert (event.status, event.postcode) == ("draft", "LS1 6DT")
    starts = [o.start.astimezone(UK) for o in event.occurrences.order_by("start")]
    assert starts[-1] == datetime.datetime(2027, 6, 10, 10, 0, tzinfo=UK)
    assert datetime.datetime(2027, 4, 13, 10, 0, tzinfo=UK) in starts
    assert datetime.datetime(2027, 2, 12, 14, 0, tzinfo=UK) in starts
    assert starts[0] == datetime.datetime(2026, 12, 17, 10, 0, tzinfo=UK)
    assert datetime.datetime(2026, 12, 18, 10, 0, tzinfo=UK) in starts
    assert datetime.date(2026, 12, 24) not in {s.date() for s in starts}


def test_a_rule_written_in_new_york_time_runs_in_new_york(organisation):
    staff = staff_of(organisation)
    job = preview_import(
        importer=staff,
        organisation=organisation,
        source=(CALENDARS / "google_export.ics").read_text(),
    )
    confirm_import(importer=staff, job=job)

    event = Event.objects.get(imported_uid="0ny4peer8call2trans@google.com")
    assert Series.objects.get(event=event).time_zone == "America/New_York"
    in_london = {
        o.start.astimezone(UK).date(): o.start.astimezone(UK).hour for o in event.occurrences.all()
    }
    # 09:00 in New York: 14:00 in London, but 13:00 in the two weeks the US moves first.
    assert in_london[datetime.date(2027, 3, 8)] == 14
    assert in_london[datetime.date(2027, 3, 15)] == 13
    assert in_london[datetime.date(2027, 3, 22)] == 13
    assert in_london[datetime.date(2027, 3, 29)] == 14
    assert max(in_london) == datetime.date(2027, 4, 26)
