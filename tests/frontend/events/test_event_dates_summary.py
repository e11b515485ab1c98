"""An event's dates summed up for its printed page (frontend.shared.event_dates): a sentence
when they keep a rhythm, its exceptions under it, and a list when they do not."""

import datetime
from zoneinfo import ZoneInfo

from events.models import Occurrence
from frontend.shared.event_dates import DatesSummary, dates_summary

UK = ZoneInfo("Europe/London")
FIRST_TUESDAY = datetime.date(2027, 1, 5)


def _date(day: datetime.date, hour: int = 10, hours: int = 2, cancelled: bool = False):
    start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=UK)
    return Occurrence(
        start=start,
        end=start + datetime.timedelta(hours=hours),
        status=Occurrence.Status.CANCELLED if cancelled else Occurrence.Status.SCHEDULED,
    )


def _weekly(count: int, every: int = 1, start: datetime.date = FIRST_TUESDAY):
    return [_date(start + datetime.timedelta(weeks=n * every)) for n in range(count)]


def test_thirteen_weekly_dates_are_one_sentence_across_the_clock_change():
    summary = dates_summary(_weekly(13))
    assert summary == DatesSummary(
        sentence="Every Tuesday, 10:00 to 12:00, from 5 January to 30 March 2027 — 13 dates"
    )


def test_dates_every_two_weeks_are_every_other_day():
    summary = dates_summary(_weekly(5, every=2))
    assert summary.sentence == (
        "Every other Tuesday, 10:00 to 12:00, from 5 January to 2 March 2027 — 5 dates"
    )


def test_the_same_weekday_of_each_month_is_said_as_such():
    days = [datetime.date(2027, 1, 5), datetime.date(2027, 2, 2), datetime.date(2027, 3, 2)]
    days.append(datetime.date(2027, 4, 6))
    summary = dates_summary([_date(day) for day in days])
    assert summary.sentence.startswith("The first Tuesday of every month, 10:00 to 12:00")
    assert summary.sentence.endswith("— 4 dates")


def test_a_skipped_week_a_cancelled_date_and_a_moved_time_are_listed_under_the_sentence():
    dates = _weekly(8)
    del dates[3]  # 26 January: a week with no date (a bank holiday, say)
    dates[4] = _date(dates[4].start.date(), cancelled=True)  # 9 February
    dates[5] = _date(dates[5].start.date(), hour=13)  # 16 February, in the afternoon
    summary = dates_summary(dates)
    assert summary.sentence == (
        "Every Tuesday, 10:00 to 12:00, from 5 January to 23 February 2027 — 6 dates"
    )
    assert summary.exceptions == [
        "Not on Tuesday 26 January.",
        "Cancelled: Tuesday 9 February.",
        "On Tuesday 16 February it is 13:00 to 15:00.",
    ]
    assert summary.dates == []


def test_a_few_dates_are_listed_one_by_one():
    summary = dates_summary(_weekly(3))
    assert summary.sentence == ""
    assert summary.dates == [
        "Tuesday 5 January 2027, 10:00 to 12:00",
        "Tuesday 12 January 2027, 10:00 to 12:00",
        "Tuesday 19 January 2027, 10:00 to 12:00",
    ]


def test_dates_on_different_weekdays_are_listed_with_cancelled_ones_marked():
    dates = _weekly(4) + [_date(datetime.date(2027, 2, 3), cancelled=True)]
    summary = dates_summary(dates)
    assert summary.sentence == ""
    assert len(summary.dates) == 5
    assert summary.dates[-1] == "Wednesday 3 February 2027, 10:00 to 12:00 (cancelled)"


def test_dates_with_no_rhythm_are_listed():
    days = [FIRST_TUESDAY + datetime.timedelta(weeks=weeks) for weeks in (0, 1, 3, 8, 9, 15)]
    summary = dates_summary([_date(day) for day in days])
    assert summary.sentence == ""
    assert len(summary.dates) == 6


def test_a_series_across_new_year_names_both_years():
    summary = dates_summary(_weekly(6, start=datetime.date(2026, 12, 1)))
    assert "from 1 December 2026 to 5 January 2027 — 6 dates" in summary.sentence
