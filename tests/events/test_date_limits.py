"""Which days an event can be on: from 1 January 2000 to the end of the year five years ahead.
One rule in events.limits, checked by every service that takes a date."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.errors import EventError
from events.limits import check_date, latest_date

UK = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, 0, tzinfo=UK), tick=False):
        yield


@pytest.mark.parametrize(
    "day", [datetime.date(2000, 1, 1), datetime.date(2026, 12, 2), datetime.date(2031, 12, 31)]
)
def test_days_from_2000_to_the_end_of_the_fifth_year_ahead_are_allowed(day):
    check_date(day, field="start_date")


@pytest.mark.parametrize(
    "day", [datetime.date(1999, 12, 31), datetime.date(2032, 1, 1), datetime.date(9999, 12, 31)]
)
def test_days_outside_them_are_refused_with_a_code_a_field_and_plain_words(day):
    with pytest.raises(EventError) as refused:
        check_date(day, field="until")

    assert refused.value.code == "date_out_of_range"
    assert refused.value.field == "until"
    assert refused.value.message == "Choose a date from 1 January 2000 to 31 December 2031."


def test_a_time_is_judged_by_its_own_day_before_any_time_zone_arithmetic():
    # Year 1 an hour east of UTC is still in year 0 in UTC, which Python cannot hold.
    early = datetime.datetime(1, 1, 1, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))

    with pytest.raises(EventError):
        check_date(early, field="start")


def test_the_latest_day_moves_on_with_the_year():
    assert latest_date(datetime.date(2030, 1, 1)) == datetime.date(2035, 12, 31)
