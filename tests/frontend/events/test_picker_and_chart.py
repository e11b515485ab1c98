"""The parts of the event pages that are plain code: the recurrence picker's RFC 5545 rules,
the month grid and the chart's geometry."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.rrule import rrulestr

from events.recurrence import build_rule, describe_rule, first_match
from frontend.forms.events import RecurrenceForm
from frontend.views.events.dashboard import bar_chart
from frontend.views.events.find import month_grid, parse_month

UK = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("parts", "rule", "words"),
    [
        ({"repeats": "weekly", "weekday": 2}, "FREQ=WEEKLY;BYDAY=WE", "Every Wednesday"),
        (
            {"repeats": "fortnightly", "weekday": 0, "ends": "count", "count": 6},
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=6",
            "Every other Monday, 6 times",
        ),
        (
            {"repeats": "monthly", "weekday": 1, "week": 1},
            "FREQ=MONTHLY;BYDAY=1TU",
            "The first Tuesday of every month",
        ),
        (
            {"repeats": "monthly", "weekday": 4, "week": -1, "ends": "until",
             "until": datetime.date(2027, 7, 31)},
            # The end of 31 July in UK summer time is 22:59:59 UTC.
            "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270731T225959Z",
            "The last Friday of every month, until 31 July 2027",
        ),
    ],
)  # fmt: skip
def test_picker_answers_become_rfc_5545_rules_and_words(parts, rule, words):
    assert build_rule(**parts) == rule
    assert describe_rule(**parts) == words
    # dateutil reads it back.
    rrulestr(f"RRULE:{rule}", dtstart=datetime.datetime(2027, 1, 5, 10, tzinfo=UK))


def test_first_match_is_the_first_rule_date_on_or_after_the_start():
    monday = datetime.date(2027, 3, 1)
    assert first_match(start=monday, repeats="weekly", weekday=3, week=1) == datetime.date(
        2027, 3, 4
    )
    # The first Tuesday of March 2027 is the 2nd; from the 3rd, it is April's.
    assert first_match(
        start=datetime.date(2027, 3, 3), repeats="monthly", weekday=1, week=1
    ) == datetime.date(2027, 4, 6)
    assert first_match(start=monday, repeats="monthly", weekday=1, week=-1) == datetime.date(
        2027, 3, 30
    )


# The first session is the first whose start is still to come, so the clock is set before it.
@time_machine.travel(datetime.datetime(2027, 1, 4, 12, tzinfo=UK))
def test_picker_gives_a_series_its_rule_without_until_or_count():
    form = RecurrenceForm(
        {
            "repeats": "monthly", "weekday": "1", "week": "1", "starts_on": "2027-03-03",
            "start_time": "10:00", "end_time": "12:00", "ends": "until", "until": "2027-12-31",
        }
    )  # fmt: skip
    assert form.is_valid(), form.errors
    assert form.series_fields() == {
        "rule": "FREQ=MONTHLY;BYDAY=1TU",
        "start_date": datetime.date(2027, 4, 6),
        "start_time": datetime.time(10, 0),
        "duration_minutes": 120,
        "until": datetime.date(2027, 12, 31),
        "count": None,
    }


def test_picker_needs_the_week_for_a_monthly_rule():
    form = RecurrenceForm(
        {"repeats": "monthly", "weekday": "1", "starts_on": "2027-03-03",
         "start_time": "10:00", "end_time": "12:00", "ends": "never"}
    )  # fmt: skip
    assert not form.is_valid()
    assert "week" in form.errors


def test_month_grid_starts_on_monday_and_places_dates_on_uk_days():
    class Date:
        # 23:30 UTC on 31 March 2027 is 00:30 on 1 April in UK summer time.
        start = datetime.datetime(2027, 3, 31, 23, 30, tzinfo=datetime.UTC)

    month = month_grid(datetime.date(2027, 4, 1), [Date()], today=datetime.date(2027, 4, 2))
    assert month.weeks[0][0].date == datetime.date(2027, 3, 29)
    first = next(day for day in month.weeks[0] if day.date == datetime.date(2027, 4, 1))
    assert len(first.occurrences) == 1 and month.occurrence_count == 1
    assert month.previous == datetime.date(2027, 3, 1) and month.next == datetime.date(2027, 5, 1)
    assert parse_month("2027-13", datetime.date(2027, 4, 2)) == datetime.date(2027, 4, 1)


def test_chart_bars_are_scaled_to_a_round_top_value():
    chart = bar_chart(
        [("January 2027", "Jan", 0), ("February 2027", "Feb", 7), ("March", "Mar", 3)]
    )
    assert [tick.value for tick in chart.ticks] == [0, 2, 4, 6, 8]
    assert chart.bars[0].length == 0
    assert chart.bars[1].length > chart.bars[2].length > 0
    # Lengths are shares of the chart's width: the top of the scale fills it.
    assert chart.bars[1].length == 87.5 and chart.ticks[-1].x == 100
    assert chart.total == 10 and chart.busiest.label == "February 2027"
