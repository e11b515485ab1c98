"""Calendar feeds read back by calendar software: exactly the stored dates, at the right UK time
on both sides of the clock changes; stable UIDs; SEQUENCE and LAST-MODIFIED rising; cancelled
dates kept; the same data giving the same bytes; a year of past dates kept, at a cost that does
not grow with them; a person's cancelled place kept, marked, until the date is over."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from events.feeds import event_feed, organisation_feed, personal_feed, uid_for
from events.models import Occurrence
from events.selectors import feed_token_for
from events.services.bookings import book_place, cancel_booking
from events.services.occurrences import add_occurrence, cancel_occurrence, move_occurrence
from events.services.series import create_series, fill_all_series, skip_date
from tests.events.factories import EventFactory, OccurrenceFactory, online_event
from tests.factories import PersonFactory, staff_of

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


def test_the_time_zone_is_two_yearly_rules_that_agree_with_the_tz_database(drop_in):
    """As Google, Outlook and Apple write it: every client reads a yearly rule, where a list of
    dates on one RDATE line is read by some (ical.js) as its first date only."""
    event, _ = drop_in
    [zone] = Calendar.from_ical(event_feed(event=event).body).walk("VTIMEZONE")
    rules = {c.name: dict(c["rrule"]) for c in zone.subcomponents}
    assert rules == {
        "DAYLIGHT": {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]},
        "STANDARD": {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]},
    }
    assert not [c for c in zone.subcomponents if "rdate" in c]
    # Through the years a feed can hold (every day, and every hour of the weeks the clocks
    # change), the rules give the tz database's offset.
    written = zone.to_tz()
    moments = [
        datetime.datetime(year, month, day, hour, tzinfo=UTC)
        for year in range(2000, 2041)
        for month in (3, 10)
        for day in range(24, 32)
        for hour in range(24)
    ]
    day = datetime.datetime(2000, 1, 1, 12, tzinfo=UTC)
    moments += [day + datetime.timedelta(days=n) for n in range(41 * 366)]
    for moment in moments:
        assert moment.astimezone(written).utcoffset() == moment.astimezone(LONDON).utcoffset()


def test_a_time_in_the_hour_the_clocks_go_back_is_written_in_utc_so_it_means_one_instant(
    in_january_2026,
):
    event = EventFactory()
    staff = staff_of(event.organisation)
    night = datetime.date(2026, 10, 25)  # 01:00-01:59 happens twice: summer time, then winter
    starts = [datetime.datetime.combine(night, datetime.time(h, 30), UTC) for h in (0, 1, 3)]
    for start in starts:
        add_occurrence(
            creator=staff, event=event, start=start, end=start + datetime.timedelta(minutes=20)
        )

    vevents = Calendar.from_ical(event_feed(event=event).body).walk("VEVENT")
    written = sorted((v["dtstart"].dt, v["dtstart"].params.get("TZID")) for v in vevents)
    assert written == [
        (starts[0], None),  # 01:30 summer time
        (starts[1], None),  # 01:30 winter time
        (datetime.datetime(2026, 10, 25, 3, 30, tzinfo=LONDON), "Europe/London"),
    ]


def test_past_dates_stay_in_the_feeds_for_a_year(drop_in):
    event, _ = drop_in
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=UTC)):
        cache.clear()
        days = {v["dtstart"].dt.date() for v in Calendar.from_ical(
            organisation_feed(organisation=event.organisation).body
        ).walk("VEVENT")}  # fmt: skip
    assert min(days) == datetime.date(2026, 1, 6)  # the first Tuesday, eleven months ago

    with time_machine.travel(datetime.datetime(2027, 1, 8, 12, 0, tzinfo=UTC)):
        cache.clear()
        days = {v["dtstart"].dt.date() for v in Calendar.from_ical(
            event_feed(event=event).body
        ).walk("VEVENT")}  # fmt: skip
    assert min(days) == datetime.date(2026, 1, 13)  # a year and a day ago is gone


def _building_costs(past_dates: int) -> tuple[int, int]:
    """Queries and bytes for the organisation's and a booked person's feed, with this many
    past dates of one event (all booked by the person) besides one to come."""
    event = EventFactory()
    person = PersonFactory()
    start = datetime.datetime(2026, 1, 6, 10, 0, tzinfo=UTC)
    for week in range(past_dates + 1):
        when = start - datetime.timedelta(weeks=week)
        occurrence = OccurrenceFactory(
            event=event, start=when, end=when + datetime.timedelta(hours=2)
        )
        with time_machine.travel(when - datetime.timedelta(days=1)):
            book_place(person=person, occurrence=occurrence)
    token = feed_token_for(person=person).token
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        size = len(organisation_feed(organisation=event.organisation).body)
        size += len(personal_feed(token=token).body)
    return len(queries), size


def test_a_year_of_past_dates_costs_no_more_queries_than_a_few(in_january_2026, rate_limits):
    rate_limits(booking="1000/600")  # one person books 53 dates here
    few_queries, few_bytes = _building_costs(3)
    many_queries, many_bytes = _building_costs(50)
    assert many_queries == few_queries
    # The size grows with the dates alone (about a kilobyte each), not with the years covered.
    assert (many_bytes - few_bytes) / 47 / 2 < 1500


def _own_entry(person, occurrence):
    body = personal_feed(token=feed_token_for(person=person).token).body
    own = [
        v for v in Calendar.from_ical(body).walk("VEVENT")
        if str(v["uid"]) == uid_for(occurrence, person.pk)
    ]  # fmt: skip
    return own[0] if own else None


def test_a_cancelled_place_stays_in_the_personal_feed_marked_cancelled_until_the_date_is_over(
    in_january_2026, person
):
    occurrence = OccurrenceFactory(
        event=online_event(),
        start=datetime.datetime(2026, 1, 20, 10, tzinfo=UTC),
        end=datetime.datetime(2026, 1, 20, 12, tzinfo=UTC),
    )
    booking = book_place(person=person, occurrence=occurrence)
    booked = _own_entry(person, occurrence)

    cancel_booking(canceller=person, booking=booking)

    cancelled = _own_entry(person, occurrence)
    assert str(booked["status"]) == "CONFIRMED" and str(cancelled["status"]) == "CANCELLED"
    assert "meet.example" in str(booked["description"])
    assert "meet.example" not in str(cancelled["description"])  # the link is for places
    assert cancelled["sequence"] > booked["sequence"]
    assert cancelled["last-modified"].dt >= booked["last-modified"].dt
    with time_machine.travel(datetime.datetime(2026, 1, 20, 23, 0, tzinfo=UTC)):
        cache.clear()
        assert _own_entry(person, occurrence) is not None  # the day itself
    with time_machine.travel(datetime.datetime(2026, 1, 21, 9, 0, tzinfo=UTC)):
        cache.clear()
        assert _own_entry(person, occurrence) is None  # over: gone


def test_booking_a_date_again_after_cancelling_shows_it_once_with_a_still_higher_sequence(
    in_january_2026, person
):
    occurrence = OccurrenceFactory()
    first = book_place(person=person, occurrence=occurrence)
    cancel_booking(canceller=person, booking=first)
    cancelled = _own_entry(person, occurrence)

    book_place(person=person, occurrence=occurrence)

    body = personal_feed(token=feed_token_for(person=person).token).body
    assert len(Calendar.from_ical(body).walk("VEVENT")) == 1
    again = _own_entry(person, occurrence)
    assert str(again["status"]) == "CONFIRMED"
    assert again["sequence"] > cancelled["sequence"]
