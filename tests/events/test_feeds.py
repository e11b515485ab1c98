"""Calendar feeds read back by calendar software: exactly the stored dates, at the right UK time
on both sides of the clock changes; stable UIDs; SEQUENCE and LAST-MODIFIED rising; cancelled
dates kept; the same data giving the same bytes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from django.core.cache import cache
from icalendar import Calendar

from events.feeds import event_feed, organisation_feed
from events.models import Occurrence
from events.services.occurrences import cancel_occurrence, move_occurrence
from events.services.series import create_series, fill_all_series, skip_date
from tests.events.factories import EventFactory
from tests.factories import staff_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


@pytest.fixture
def in_january_2026():
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)):
        yield


@pytest.fixture
def drop_in(in_january_2026):
    event = EventFactory(kind="drop_in", title="Carers' drop-in", slug="carers-drop-in")
    staff = staff_of(event.organisation)
    create_series(
        creator=staff,
        event=event,
        rule="FREQ=WEEKLY;BYDAY=TU",
        start_date=datetime.date(2026, 1, 6),
        start_time=datetime.time(10, 0),
        duration_minutes=120,
    )
    return event, staff


def expanded(body: bytes, start=datetime.date(2025, 12, 1), end=datetime.date(2027, 6, 1)):
    calendar = Calendar.from_ical(body)
    return recurring_ical_events.of(calendar).between(start, end)


def test_a_weekly_drop_in_stays_at_ten_oclock_uk_time_across_both_clock_changes(drop_in):
    event, _ = drop_in
    starts = {o.start.astimezone(LONDON).date(): o.start for o in event.occurrences.all()}

    # Last Tuesdays before and first after the clock changes of 29 March and 25 October 2026.
    assert starts[datetime.date(2026, 3, 24)] == datetime.datetime(2026, 3, 24, 10, tzinfo=UTC)
    assert starts[datetime.date(2026, 3, 31)] == datetime.datetime(2026, 3, 31, 9, tzinfo=UTC)
    assert starts[datetime.date(2026, 10, 20)] == datetime.datetime(2026, 10, 20, 9, tzinfo=UTC)
    assert starts[datetime.date(2026, 10, 27)] == datetime.datetime(2026, 10, 27, 10, tzinfo=UTC)
    assert {s.astimezone(LONDON).time() for s in starts.values()} == {datetime.time(10, 0)}
    # Stored at least 12 months ahead.
    assert max(starts) >= datetime.date(2027, 1, 5)


def test_the_feed_expands_to_exactly_the_stored_dates_at_their_uk_local_times(drop_in):
    event, _ = drop_in
    stored = {
        (o.uid, o.start.astimezone(LONDON), o.end.astimezone(LONDON))
        for o in Occurrence.objects.filter(event=event)
    }

    for feed in (event_feed(event=event), organisation_feed(organisation=event.organisation)):
        read_back = {(str(v["uid"]), v["dtstart"].dt, v["dtend"].dt) for v in expanded(feed.body)}
        assert read_back == stored
        for vevent in expanded(feed.body):
            assert str(vevent["dtstart"].params["TZID"]) == "Europe/London"
            assert vevent["dtstart"].dt.astimezone(LONDON).time() == datetime.time(10, 0)
            assert vevent["dtend"].dt.astimezone(LONDON).time() == datetime.time(12, 0)


def test_a_monthly_first_tuesday_series_reads_back_the_same(in_january_2026):
    event = EventFactory(kind="drop_in")
    staff = staff_of(event.organisation)
    create_series(
        creator=staff,
        event=event,
        rule="FREQ=MONTHLY;BYDAY=1TU",
        start_date=datetime.date(2026, 1, 6),
        start_time=datetime.time(10, 0),
        until=datetime.date(2026, 12, 31),
    )
    days = [v["dtstart"].dt for v in expanded(event_feed(event=event).body)]
    assert [d.date() for d in days] == [
        datetime.date(2026, month, day)
        for month, day in [(1, 6), (2, 3), (3, 3), (4, 7), (5, 5), (6, 2), (7, 7), (8, 4),
                           (9, 1), (10, 6), (11, 3), (12, 1)]
    ]  # fmt: skip
    assert {d.hour for d in days} == {10}


def test_the_feed_has_a_matching_timezone_method_name_and_no_clock_in_it(drop_in):
    event, _ = drop_in
    body = event_feed(event=event).body
    calendar = Calendar.from_ical(body)

    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["x-wr-calname"]).startswith("Carers' drop-in")
    cache.clear()
    with time_machine.travel(datetime.datetime(2026, 1, 5, 17, 0, tzinfo=UTC)):
        assert event_feed(event=event).body == body  # same data, same bytes, hours later


def test_a_cancelled_date_stays_in_the_feed_marked_cancelled_with_a_higher_sequence(drop_in):
    event, staff = drop_in
    occurrence = event.occurrences.order_by("start")[2]
    before = _vevent(event_feed(event=event).body, occurrence.uid)

    cancel_occurrence(canceller=staff, occurrence=occurrence, reason="Room flooded")

    after = _vevent(event_feed(event=event).body, occurrence.uid)
    assert str(before["status"]) == "CONFIRMED" and str(after["status"]) == "CANCELLED"
    assert after["sequence"] > before["sequence"]
    assert after["last-modified"].dt > before["last-modified"].dt
    assert after["dtstamp"].dt == after["last-modified"].dt


def test_a_moved_date_keeps_its_uid_and_moves_in_the_feed(drop_in):
    event, staff = drop_in
    occurrence = event.occurrences.order_by("start")[1]
    new_start = datetime.datetime(2026, 1, 14, 14, 0, tzinfo=LONDON)

    move_occurrence(
        mover=staff,
        occurrence=occurrence,
        start=new_start,
        end=new_start + datetime.timedelta(hours=1),
    )

    moved = _vevent(event_feed(event=event).body, occurrence.uid)
    assert moved["dtstart"].dt == new_start
    assert moved["sequence"] == 1


def test_a_skipped_date_is_cancelled_and_not_refilled(drop_in):
    event, staff = drop_in
    series = event.series
    skip_date(editor=staff, series=series, date=datetime.date(2026, 2, 10))
    fill_all_series()

    on_that_day = [
        o
        for o in event.occurrences.all()
        if o.start.astimezone(LONDON).date() == datetime.date(2026, 2, 10)
    ]
    assert [o.status for o in on_that_day] == ["cancelled"]


def test_the_periodic_fill_keeps_twelve_months_stored_as_time_passes(drop_in):
    event, _ = drop_in
    with time_machine.travel(datetime.datetime(2026, 7, 1, 9, 0, tzinfo=UTC)):
        added = fill_all_series()
        last = event.occurrences.order_by("-start").first().start.date()
        assert added > 0
        assert last >= datetime.date(2027, 7, 1)
        assert fill_all_series() == 0  # nothing twice


def _vevent(body: bytes, uid: str):
    matches = [v for v in Calendar.from_ical(body).walk("VEVENT") if str(v["uid"]) == uid]
    assert len(matches) == 1
    return matches[0]
