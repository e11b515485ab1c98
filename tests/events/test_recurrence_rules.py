"""The rules of repeating dates, in events.recurrence and the series service: the picker's
answers as an RFC 5545 rule and back in words, "until" as the end of the UK day, the first
session, and a series that never holds a date that has already started."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.errors import EventError
from events.models import Series
from events.recurrence import (
    build_rule,
    check_rule,
    describe_rule,
    first_match,
    local_starts,
    picker_rule,
    repeats_in_words,
    take_end,
)
from events.services.series import create_series, fill_occurrences
from tests.events.factories import EventFactory
from tests.factories import staff_of

UK = ZoneInfo("Europe/London")
# 1 December 2026 is the first Tuesday of its month; 20:30 in the UK is after the 10:00 session.
FIRST_TUESDAY_EVENING = datetime.datetime(2026, 12, 1, 20, 30, tzinfo=UK)
FIRST_TUESDAY_MORNING = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=UK)


def _uk_dates(event) -> list[datetime.date]:
    return [o.start.astimezone(UK).date() for o in event.occurrences.order_by("start")]


def _first_tuesdays(event, **fields):
    return create_series(
        creator=staff_of(event.organisation),
        event=event,
        rule="FREQ=MONTHLY;BYDAY=1TU",
        start_date=datetime.date(2026, 12, 1),
        start_time=datetime.time(10, 0),
        duration_minutes=120,
        **fields,
    )


@pytest.mark.django_db
def test_a_series_created_after_todays_session_began_does_not_contain_today():
    event = EventFactory(kind="drop_in")
    with time_machine.travel(FIRST_TUESDAY_EVENING):
        _first_tuesdays(event)
    assert _uk_dates(event)[:2] == [datetime.date(2027, 1, 5), datetime.date(2027, 2, 2)]


@pytest.mark.django_db
def test_a_series_created_before_todays_session_begins_starts_today():
    event = EventFactory(kind="drop_in")
    with time_machine.travel(FIRST_TUESDAY_MORNING):
        _first_tuesdays(event)
    assert _uk_dates(event)[0] == datetime.date(2026, 12, 1)


@pytest.mark.django_db
def test_a_series_refilled_later_never_stores_the_dates_that_went_by():
    event = EventFactory(kind="drop_in")
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0, tzinfo=UK)):
        series = Series.objects.create(
            event=event,
            rule="FREQ=WEEKLY;BYDAY=TU",
            start_date=datetime.date(2025, 6, 3),  # a rule begun long before it was stored
            start_time=datetime.time(10, 0),
        )
        added = fill_occurrences(series=series)
    dates = _uk_dates(event)
    assert added == len(dates) > 0
    assert dates[0] == datetime.date(2026, 1, 6)


def test_a_daily_rule_begun_years_ago_still_gives_the_dates_to_come():
    after = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=UK)
    starts = local_starts(
        rule="FREQ=DAILY",
        start_date=datetime.date(2020, 1, 1),
        start_time=datetime.time(10, 0),
        up_to=datetime.date(2026, 1, 8),
        after=after,
    )
    assert [s.date() for s in starts] == [datetime.date(2026, 1, d) for d in (5, 6, 7, 8)]


def test_a_count_still_counts_the_dates_that_went_by():
    starts = local_starts(
        rule="FREQ=WEEKLY;BYDAY=TU",
        start_date=datetime.date(2026, 1, 6),
        start_time=datetime.time(10, 0),
        count=4,
        up_to=datetime.date(2026, 12, 31),
        after=datetime.datetime(2026, 1, 14, 9, 0, tzinfo=UK),
    )
    assert [s.date() for s in starts] == [datetime.date(2026, 1, 20), datetime.date(2026, 1, 27)]


def test_the_first_session_is_the_first_match_whose_start_is_still_to_come():
    answers = {"repeats": "monthly", "weekday": 1, "week": 1, "at": datetime.time(10, 0)}
    today = datetime.date(2026, 12, 1)
    assert first_match(start=today, after=FIRST_TUESDAY_EVENING, **answers) == datetime.date(
        2027, 1, 5
    )
    assert first_match(start=today, after=FIRST_TUESDAY_MORNING, **answers) == today
    # A start date already past gives the next session to come, today's included.
    weekly = {**answers, "repeats": "weekly", "start": datetime.date(2026, 11, 3)}
    assert first_match(after=FIRST_TUESDAY_MORNING, **weekly) == today


@pytest.mark.parametrize(
    ("until", "utc"),
    [
        (datetime.date(2027, 1, 31), "UNTIL=20270131T235959Z"),  # UK winter time is UTC
        (datetime.date(2027, 7, 31), "UNTIL=20270731T225959Z"),  # UK summer time is UTC+1
    ],
)
def test_until_is_the_end_of_that_uk_day(until, utc):
    rule = build_rule(repeats="weekly", weekday=0, ends="until", until=until)
    assert rule == f"FREQ=WEEKLY;BYDAY=MO;{utc}"


@pytest.mark.parametrize(
    "answers",
    [
        {"repeats": "weekly", "weekday": 2},
        {"repeats": "fortnightly", "weekday": 6, "ends": "count", "count": 1},
        {"repeats": "monthly", "weekday": 1, "week": 3, "ends": "count", "count": 6},
        {
            "repeats": "monthly",
            "weekday": 4,
            "week": -1,
            "ends": "until",
            "until": datetime.date(2027, 7, 31),
        },
    ],
)
def test_a_stored_picker_rule_reads_back_in_the_pickers_own_words(answers):
    stored = picker_rule(
        repeats=answers["repeats"], weekday=answers["weekday"], week=answers.get("week", 1)
    )
    words = repeats_in_words(rule=stored, until=answers.get("until"), count=answers.get("count"))
    assert words == describe_rule(**answers)


def test_a_rule_the_picker_cannot_say_is_shown_as_it_is():
    for rule in ("FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=DAILY"):
        assert repeats_in_words(rule=rule) == rule


NEW_YORK = ZoneInfo("America/New_York")


def test_a_rule_in_another_zone_keeps_its_local_time_across_that_zones_clock_change():
    # New York moves its clocks on 14 March 2027, London on 28 March: for those two weeks a
    # 09:00 New York session is at 13:00 in London, not 14:00.
    starts = local_starts(
        rule="FREQ=WEEKLY;BYDAY=MO",
        start_date=datetime.date(2027, 3, 1),
        start_time=datetime.time(9, 0),
        up_to=datetime.date(2027, 4, 5),
        zone=NEW_YORK,
    )
    in_london = [s.astimezone(UK).strftime("%d %H:%M") for s in starts]
    assert in_london == ["01 14:00", "08 14:00", "15 13:00", "22 13:00", "29 14:00", "05 14:00"]


@pytest.mark.parametrize(
    ("rule", "zone", "end"),
    [
        ("FREQ=WEEKLY;UNTIL=20270225", UK, (datetime.date(2027, 2, 25), None)),
        ("FREQ=WEEKLY;UNTIL=20270225T100000Z", UK, (datetime.date(2027, 2, 25), None)),
        ("FREQ=WEEKLY;UNTIL=20270225T095959Z", UK, (datetime.date(2027, 2, 24), None)),
        # 10:00 in summer time is 09:00 UTC.
        ("FREQ=WEEKLY;UNTIL=20270729T090000Z", UK, (datetime.date(2027, 7, 29), None)),
        # A floating UNTIL is read in the rule's own zone.
        ("FREQ=WEEKLY;UNTIL=20270225T100000", NEW_YORK, (datetime.date(2027, 2, 25), None)),
        ("FREQ=WEEKLY;UNTIL=20270225T140000Z", NEW_YORK, (datetime.date(2027, 2, 24), None)),
        ("RRULE:FREQ=WEEKLY;COUNT=4", UK, (None, 4)),
    ],
)
def test_the_end_inside_a_rule_becomes_the_series_last_day_or_count(rule, zone, end):
    bare, until, count = take_end(rule, start_time=datetime.time(10, 0), zone=zone)
    assert bare == "FREQ=WEEKLY"
    assert (until, count) == end


def test_an_end_inside_the_rule_and_beside_it_is_refused():
    with pytest.raises(EventError) as refused:
        take_end("FREQ=WEEKLY;COUNT=4", until=datetime.date(2027, 1, 1))
    assert refused.value.code == "end_given_twice"


def test_a_utc_until_is_a_rule_we_can_follow():
    assert check_rule("FREQ=WEEKLY;BYDAY=TH;UNTIL=20270225T100000Z").endswith("T100000Z")
