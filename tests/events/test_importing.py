"""Importing a programme from an .ics file: a preview that says what and why, then the import,
in the background with progress for a big file."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from community.errors import NotAllowed
from events.errors import ImportFileError
from events.import_plan import HORIZON_DAYS
from events.models import Event, ImportJob
from events.services.importing import confirm_import, preview_import
from events.services.series import FILL_AHEAD_DAYS
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db

PROGRAMME = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Programme//EN
BEGIN:VEVENT
UID:carers-dropin@example.org
SUMMARY:Carers' drop-in
DTSTART;TZID=Europe/London:20260106T100000
DTEND;TZID=Europe/London:20260106T120000
RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=12
EXDATE;TZID=Europe/London:20260203T100000
LOCATION:Library café, 2 High Street, Halifax
END:VEVENT
BEGIN:VEVENT
UID:carers-dropin@example.org
RECURRENCE-ID;TZID=Europe/London:20260303T100000
SUMMARY:Carers' drop-in (later start)
DTSTART;TZID=Europe/London:20260303T130000
DTEND;TZID=Europe/London:20260303T150000
END:VEVENT
BEGIN:VEVENT
UID:employer@example.org
SUMMARY:Becoming an employer
DTSTART:20260120T140000Z
DTEND:20260120T160000Z
LOCATION:https://meet.example/employer
END:VEVENT
BEGIN:VEVENT
UID:old@example.org
SUMMARY:Last year's workshop
DTSTART:20251001T100000Z
DTEND:20251001T120000Z
END:VEVENT
BEGIN:VEVENT
UID:allday@example.org
SUMMARY:Office closed
DTSTART;VALUE=DATE:20260224
END:VEVENT
BEGIN:VEVENT
UID:cancelled@example.org
SUMMARY:Cancelled talk
STATUS:CANCELLED
DTSTART:20260301T100000Z
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture(autouse=True)
def in_january_2026():
    with time_machine.travel(datetime.datetime(2026, 1, 2, 9, 0, tzinfo=datetime.UTC)):
        yield


def test_the_preview_says_what_will_be_created_and_why_the_rest_is_skipped(organisation):
    staff = staff_of(organisation)
    job = preview_import(importer=staff, organisation=organisation, source=PROGRAMME)

    rows = {row["uid"]: row for row in job.preview}
    assert rows["carers-dropin@example.org"]["action"] == "create"
    assert rows["carers-dropin@example.org"]["dates"] == 11  # 12, one skipped
    assert rows["carers-dropin@example.org"]["moved_dates"] == 1
    assert rows["employer@example.org"]["action"] == "create"
    assert "past" in rows["old@example.org"]["reason"]
    assert "all-day" in rows["allday@example.org"]["reason"]
    assert "cancelled" in rows["cancelled@example.org"]["reason"]
    assert job.total == 2
    assert Event.objects.count() == 0  # nothing until confirmed


def test_confirming_creates_the_events_with_their_dates_in_uk_time(organisation):
    staff = staff_of(organisation)
    job = preview_import(importer=staff, organisation=organisation, source=PROGRAMME)

    job = confirm_import(importer=staff, job=job)

    assert job.status == ImportJob.Status.DONE and job.percent_done == 100
    drop_in = Event.objects.get(imported_uid="carers-dropin@example.org")
    starts = [timezone.localtime(o.start) for o in drop_in.occurrences.order_by("start")]
    assert len(starts) == 11
    assert datetime.date(2026, 2, 3) not in [s.date() for s in starts]
    moved = [s for s in starts if s.date() == datetime.date(2026, 3, 3)]
    assert [(s.hour, s.minute) for s in moved] == [(13, 0)]  # the file's change to one date
    assert {(s.hour, s.minute) for s in starts if s not in moved} == {(10, 0)}
    online = Event.objects.get(imported_uid="employer@example.org")
    assert online.format == "online" and online.joining_link == "https://meet.example/employer"
    assert online.status == "draft"  # staff check and publish it

    again = preview_import(importer=staff, organisation=organisation, source=PROGRAMME)
    assert {row["action"] for row in again.preview} == {"skip"}


def test_a_big_file_is_imported_by_the_task_worker_with_progress(
    organisation, django_capture_on_commit_callbacks
):
    staff = staff_of(organisation)
    entries = "".join(
        f"BEGIN:VEVENT\nUID:w{n}@example.org\nSUMMARY:Workshop {n}\n"
        f"DTSTART:202603{n % 28 + 1:02d}T100000Z\nDTEND:202603{n % 28 + 1:02d}T120000Z\n"
        "END:VEVENT\n"
        for n in range(30)
    )
    source = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n{entries}END:VCALENDAR\n"
    job = preview_import(importer=staff, organisation=organisation, source=source)

    with django_capture_on_commit_callbacks(execute=True):
        running = confirm_import(importer=staff, job=job)
    assert running.status == ImportJob.Status.RUNNING  # handed to the queue

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.done == 30
    assert Event.objects.filter(organisation=organisation).count() == 30


def test_only_staff_can_import_and_a_broken_file_is_explained(organisation):
    with pytest.raises(NotAllowed):
        preview_import(importer=PersonFactory(), organisation=organisation, source=PROGRAMME)
    with pytest.raises(ImportFileError) as error:
        preview_import(
            importer=staff_of(organisation), organisation=organisation, source="not a calendar"
        )
    assert error.value.field == "file"


def test_uploading_a_changed_file_again_updates_what_was_imported(organisation):
    staff = staff_of(organisation)
    confirm_import(
        importer=staff,
        job=preview_import(importer=staff, organisation=organisation, source=PROGRAMME),
    )
    drop_in = Event.objects.get(imported_uid="carers-dropin@example.org")
    before = {o.pk: timezone.localtime(o.start).date() for o in drop_in.occurrences.all()}
    changed = PROGRAMME.replace(
        "T100000\nDTEND;TZID=Europe/London:20260106T120000",
        "T103000\nDTEND;TZID=Europe/London:20260106T123000",
    )
    changed = changed.replace(
        "RECURRENCE-ID;TZID=Europe/London:20260303T100000",
        "RECURRENCE-ID;TZID=Europe/London:20260303T103000",  # as the calendar app rewrites it
    ).replace("SUMMARY:Becoming an employer", "SUMMARY:Employing a personal assistant")

    job = preview_import(importer=staff, organisation=organisation, source=changed)
    rows = {row["uid"]: row for row in job.preview}
    assert rows["carers-dropin@example.org"]["action"] == "update"
    assert rows["employer@example.org"]["action"] == "update"
    assert "imported before" not in rows["carers-dropin@example.org"]["reason"]
    confirm_import(importer=staff, job=job)

    # The same dates (so their bookings stay), each now at 10:30; the moved one stays moved.
    after = {o.pk: timezone.localtime(o.start) for o in drop_in.occurrences.all()}
    assert {pk: start.date() for pk, start in after.items()} == before
    times = sorted({(s.hour, s.minute) for s in after.values()})
    assert times == [(10, 30), (13, 0)]
    assert Event.objects.get(imported_uid="employer@example.org").title == (
        "Employing a personal assistant"
    )
    assert Event.objects.filter(organisation=organisation).count() == 2


def test_the_preview_counts_what_the_series_will_hold_extra_dates_included(organisation):
    # A weekly rule without an end, over the 400 days a series stores, and two extra dates
    # (RDATE), one of them on a date the rule already gives.
    source = PROGRAMME.replace(
        "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=12\nEXDATE;TZID=Europe/London:20260203T100000\n",
        "RRULE:FREQ=WEEKLY;BYDAY=TU\nRDATE;TZID=Europe/London:20260108T100000,20260113T100000\n",
    )
    staff = staff_of(organisation)
    job = preview_import(importer=staff, organisation=organisation, source=source)
    row = next(r for r in job.preview if r["uid"] == "carers-dropin@example.org")
    # Tuesdays from 6 January 2026 to 6 February 2027 (400 days on), and Thursday 8 January.
    assert row["dates"] == 57 + 1

    confirm_import(importer=staff, job=job)

    event = Event.objects.get(imported_uid="carers-dropin@example.org")
    assert event.occurrences.count() == row["dates"]
    assert HORIZON_DAYS == FILL_AHEAD_DAYS


def test_a_rule_running_more_times_than_a_series_may_is_kept_by_its_last_day(organisation):
    source = PROGRAMME.replace(
        "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=12", "RRULE:FREQ=WEEKLY;COUNT=300"
    )
    job = preview_import(importer=staff_of(organisation), organisation=organisation, source=source)
    row = next(r for r in job.preview if r["uid"] == "carers-dropin@example.org")
    # 300 Tuesdays from 6 January 2026 end on 30 September 2031; the count becomes that day.
    assert (row["action"], row["count"], row["until"]) == ("create", None, "2031-09-30")


def test_checking_a_file_again_costs_the_same_queries_however_many_entries_were_imported(
    organisation, django_assert_max_num_queries
):
    staff = staff_of(organisation)

    def programme(entries: int) -> str:
        body = "".join(
            f"BEGIN:VEVENT\nUID:w{n}@example.org\nSUMMARY:Workshop {n}\n"
            f"DTSTART:202603{n + 1:02d}T100000Z\nDTEND:202603{n + 1:02d}T120000Z\nEND:VEVENT\n"
            for n in range(entries)
        )
        return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n{body}END:VCALENDAR\n"

    for entries in (2, 12):
        source = programme(entries)
        confirm_import(
            importer=staff,
            job=preview_import(importer=staff, organisation=organisation, source=source),
        )
        with django_assert_max_num_queries(8):
            again = preview_import(importer=staff, organisation=organisation, source=source)
        assert {row["action"] for row in again.preview} == {"skip"}
