"""The month calendar: a grid of weeks (Monday first, as in the UK) with each day's occurrences.

Only arranges what a selector returned; it never queries."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    occurrences: list = field(default_factory=list)


@dataclass
class Month:
    first: datetime.date
    weeks: list[list[Day]]

    @property
    def previous(self) -> datetime.date:
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> datetime.date:
        return (self.first + datetime.timedelta(days=31)).replace(day=1)

    @property
    def last(self) -> datetime.date:
        return self.next - datetime.timedelta(days=1)

    @property
    def occurrence_count(self) -> int:
        return sum(len(day.occurrences) for week in self.weeks for day in week if day.in_month)


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    """`2026-11` → 1 November 2026; anything else (missing, a typo, an old link) → this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)
    # Far-off years have no events and would overflow the previous/next links.
    return first if 2000 <= year <= 2100 else today.replace(day=1)


def month_grid(first: datetime.date, occurrences, *, today: datetime.date | None = None) -> Month:
    """Place each occurrence on its UK-time start date."""
    today = today or timezone.localdate()
    by_date: dict[datetime.date, list] = {}
    for occurrence in occurrences:
        by_date.setdefault(timezone.localdate(occurrence.start), []).append(occurrence)
    weeks = [
        [
            Day(
                date=date,
                in_month=date.month == first.month,
                is_today=date == today,
                occurrences=by_date.get(date, []) if date.month == first.month else [],
            )
            for date in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
            first.year, first.month
        )
    ]
    return Month(first=first, weeks=weeks)
