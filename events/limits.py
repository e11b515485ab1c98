"""Limits that every door (pages, API, import) shares, checked in the services."""

import datetime

from django.utils import timezone

from events.errors import EventError

# The most places one date can offer, and the most sessions a series may be told to run.
MAX_PLACES = 1000
MAX_SESSIONS = 200
# The most companions or carers one booking may bring.
MAX_COMPANIONS = 3
# Dates an event can be on. Outside them a date is a slip of the keyboard (2205 for 2025), and
# far-off years break calendar apps and time zone arithmetic.
EARLIEST_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 5


def check_places(capacity: int | None, *, field: str = "capacity") -> None:
    if capacity is not None and not 1 <= capacity <= MAX_PLACES:
        raise EventError(
            "bad_capacity", f"Choose between 1 and {MAX_PLACES:,} places.", field=field
        )


def check_sessions(count: int | None) -> None:
    if count is not None and not 1 <= count <= MAX_SESSIONS:
        raise EventError(
            "bad_count", f"Choose between 1 and {MAX_SESSIONS} sessions.", field="count"
        )


def latest_date(today: datetime.date | None = None) -> datetime.date:
    """The last day an event may be on: the end of the year five years from now."""
    return datetime.date((today or timezone.localdate()).year + YEARS_AHEAD, 12, 31)


def check_date(day: datetime.date, *, field: str) -> None:
    """Dates (and the day of a time, as given, before any time zone arithmetic) must fall between
    EARLIEST_DATE and latest_date()."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    latest = latest_date()
    if not EARLIEST_DATE <= day <= latest:
        raise EventError(
            "date_out_of_range",
            f"Choose a date from {EARLIEST_DATE:%-d %B %Y} to {latest:%-d %B %Y}.",
            field=field,
        )
