"""Turning a series' rule into dates: the rule runs in UK local time, each date is then stored in
UTC, so a 10:00 drop-in is at 10:00 in January and in July."""

import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from events.errors import EventError

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC
# Workshops and drop-ins repeat by the day at most; finer rules (or INTERVAL=0, which never
# moves on) would make millions of dates or none, so they are refused.
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
# However a rule reads, no series yields more dates than this in one fill.
MAX_DATES = 1000


def full_rule(rule: str, *, until: datetime.date | None, count: int | None) -> str:
    """The RRULE with UNTIL or COUNT added back (UNTIL as the end of that UK day, in UTC)."""
    parts = [p for p in rule.strip().removeprefix("RRULE:").split(";") if p]
    parts = [p for p in parts if not p.upper().startswith(("UNTIL=", "COUNT="))]
    if until is not None:
        last = datetime.datetime.combine(until, datetime.time(23, 59, 59), LONDON)
        parts.append(f"UNTIL={last.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    elif count is not None:
        parts.append(f"COUNT={count}")
    return ";".join(parts)


def check_rule(rule: str) -> str:
    """The rule tidied, or EventError if it is not one we can follow."""
    cleaned = rule.strip().removeprefix("RRULE:").upper()
    if not cleaned.startswith("FREQ=") and ";FREQ=" not in cleaned:
        raise EventError("bad_rule", "Choose how often it repeats.", field="rule")
    parts = dict(part.split("=", 1) for part in cleaned.split(";") if "=" in part)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise EventError(
            "bad_rule",
            "It can repeat every day, week, month or year, not more often.",
            field="rule",
        )
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= 52:
        raise EventError("bad_rule", "Choose a gap between 1 and 52.", field="rule")
    try:
        rrulestr(f"RRULE:{cleaned}", dtstart=datetime.datetime(2026, 1, 1, 10, 0))
    except (ValueError, TypeError) as error:
        raise EventError(
            "bad_rule", "We could not understand that repeat rule.", field="rule"
        ) from error
    return cleaned


def local_starts(
    *,
    rule: str,
    start_date: datetime.date,
    start_time: datetime.time,
    until: datetime.date | None = None,
    count: int | None = None,
    skipped: list[str] | tuple[str, ...] = (),
    up_to: datetime.date,
) -> list[datetime.datetime]:
    """Every start the rule gives from start_date up to and including `up_to`, as aware UK local
    datetimes, skipped dates left out. With COUNT the skipped dates still count (RFC 5545)."""
    dtstart = datetime.datetime.combine(start_date, start_time)
    text = full_rule(rule, until=until, count=count)
    # UNTIL is in UTC; dateutil wants it naive when DTSTART is naive, so use local midnight.
    if until is not None:
        text = full_rule(rule, until=None, count=None) + f";UNTIL={until:%Y%m%d}T235959"
    recurrence = rrulestr(f"RRULE:{text}", dtstart=dtstart)
    skipped_set = set(skipped)
    limit = datetime.datetime.combine(up_to, datetime.time(23, 59, 59))
    starts = []
    for naive in recurrence.xafter(dtstart - datetime.timedelta(seconds=1), inc=True):
        if naive > limit or len(starts) >= MAX_DATES:
            break
        if naive.date().isoformat() in skipped_set:
            continue
        starts.append(naive.replace(tzinfo=LONDON))
    return starts


def to_utc(local: datetime.datetime) -> datetime.datetime:
    if local.tzinfo is None:
        local = local.replace(tzinfo=LONDON)
    return local.astimezone(UTC)


def uk_local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(LONDON)
