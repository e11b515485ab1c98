"""Bank holidays in England (and Wales, which shares them), for skipping a series' dates in one
go. The dates come from the `holidays` package, which ships them, so nothing is fetched."""

import datetime
from functools import cache

import holidays


@cache
def _england(year: int) -> dict[datetime.date, str]:
    # Substitute days ("Boxing Day (observed)") are the days people are off, so they count.
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year).items())


def bank_holidays(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    """England's bank holidays from `start` to `end`, both included, with their names."""
    found: dict[datetime.date, str] = {}
    for year in range(start.year, end.year + 1):
        found.update((day, name) for day, name in _england(year).items() if start <= day <= end)
    return dict(sorted(found.items()))


def is_bank_holiday(day: datetime.date) -> bool:
    return day in _england(day.year)
