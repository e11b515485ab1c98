"""What one entry of another calendar means here: a row of the import's preview (plain JSON,
kept on the ImportJob) and, from that row, every date it gives up to the same horizon the
series fills to, keyed by where the calendar put the date (its RECURRENCE-ID, in UTC). The
preview counts these dates and the import creates exactly these, so the two always agree."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils import timezone
from icalendar import Component

from events.errors import EventError
from events.limits import MAX_SESSIONS, check_sessions
from events.reading import as_utc_key, listed_times, moment, start_of
from events.recurrence import check_rule, local_starts, take_end

# As far ahead as a series stores its dates (events.services.series.FILL_AHEAD_DAYS).
HORIZON_DAYS = 400

# One entry of ImportJob.preview, as stored (JSON).
PlanRow = dict[str, Any]
# A date's key (its place in the entry, UTC ISO) → its start and end.
PlannedDates = dict[str, tuple[datetime.datetime, datetime.datetime]]


def horizon(now: datetime.datetime) -> datetime.date:
    return timezone.localdate(now) + datetime.timedelta(days=HORIZON_DAYS)


def plan_entry(
    component: Component, changes: list[Component], *, now: datetime.datetime
) -> PlanRow:
    """The row for one main entry (its single-date changes given beside it). `action` is
    "create" or "skip" (with a `reason`); the importer turns "create" into "update" when the
    entry is already here."""
    uid = str(component.get("uid", "")).strip()
    title = str(component.get("summary", "")).strip()
    row: PlanRow = {"uid": uid, "title": title or "(no title)", "action": "skip", "reason": ""}
    begins = start_of(component)
    if not title:
        row["reason"] = "It has no title."
        return row
    if begins is None:
        row["reason"] = "It is an all-day entry or has no start time, so it is not a session."
        return row
    start, zone = begins
    row.update(
        zone=zone.key,
        start=start.isoformat(),
        minutes=_minutes(component, start, zone),
        location=str(component.get("location", "")).strip(),
        description=str(component.get("description", "")).strip(),
        cancelled=str(component.get("status", "")).upper() == "CANCELLED",
    )
    overrides = [_change(c, zone) for c in changes]
    cancelled = {c["original"] for c in overrides if c["cancelled"]}
    exdates = listed_times(component, "exdate", zone=zone, start=start)
    try:
        _add_rule(row, component, start=start, zone=zone, exdates=exdates, cancelled=cancelled)
        skipped = {as_utc_key(d) for d in exdates} | cancelled
        row["extra"] = [
            d.isoformat()
            for d in listed_times(component, "rdate", zone=zone, start=start)
            if as_utc_key(d) not in skipped
        ]
        row["changes"] = [c for c in overrides if not c["cancelled"]]
        dates = planned_dates(row, now=now)
    except EventError as error:
        row["reason"] = f"Its repeat rule is one we cannot follow: {error.message}"
        return row
    except (ValueError, TypeError, OverflowError):
        row["reason"] = "Its repeat rule or dates are ones we cannot follow."
        return row
    last = horizon(now)
    row["cancelled_dates"] = sum(
        1
        for key in cancelled
        if now < (when := datetime.datetime.fromisoformat(key)) and timezone.localdate(when) <= last
    )
    row["moved_dates"] = sum(1 for c in row["changes"] if c["original"] in dates)
    row["dates"] = len(dates)
    if dates:
        row["first"] = min(s for s, _ in dates.values()).isoformat()
    row["action"] = "create"
    return row


def _minutes(component: Component, start: datetime.datetime, zone: ZoneInfo) -> int:
    end = moment(component.get("dtend"), zone)
    if end is None or end <= start:
        duration = component.get("duration")
        end = start + (duration.dt if duration is not None else datetime.timedelta(hours=1))
    # A session lasts between 5 minutes and a day (events.services.series).
    return max(5, min(24 * 60, int((end - start).total_seconds() // 60)))


def _add_rule(
    row: PlanRow,
    component: Component,
    *,
    start: datetime.datetime,
    zone: ZoneInfo,
    exdates: list[datetime.datetime],
    cancelled: set[str],
) -> None:
    rules = component.get("rrule")
    if rules is None:
        return
    if isinstance(rules, list):
        if len(rules) > 1:
            raise EventError("bad_rule", "it has more than one rule.")
        rules = rules[0]
    bare, until, count = take_end(rules.to_ical().decode(), start_time=start.time(), zone=zone)
    check_rule(bare)
    if count is not None and count > MAX_SESSIONS:
        # More sessions than a series is told to run: the same dates, ended by their last day.
        until, count = _last_day(bare, start=start, count=count), None
    check_sessions(count)
    # A date cancelled in the calendar is left out of the series, as an EXDATE is.
    gone = exdates + [datetime.datetime.fromisoformat(key).astimezone(zone) for key in cancelled]
    row.update(
        rule=bare,
        until=until.isoformat() if until else None,
        count=count,
        skipped=sorted({d.date().isoformat() for d in gone}),
    )


def _last_day(rule: str, *, start: datetime.datetime, count: int) -> datetime.date:
    if count > 20 * MAX_SESSIONS:
        raise EventError("bad_count", f"it runs {count} times, more than we can hold.")
    naive = start.replace(tzinfo=None)
    dates = list(rrulestr(f"RRULE:{rule};COUNT={count}", dtstart=naive))
    return dates[-1].date()


def _change(component: Component, zone: ZoneInfo) -> dict[str, str | bool | None]:
    """One date of a repeating entry that was moved or cancelled, keyed by its original time."""
    original = moment(component.get("recurrence-id"), zone)
    start = moment(component.get("dtstart"), zone)
    end = moment(component.get("dtend"), zone)
    return {
        "original": as_utc_key(original) if original else None,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "cancelled": str(component.get("status", "")).upper() == "CANCELLED",
    }


def planned_dates(row: PlanRow, *, now: datetime.datetime) -> PlannedDates:
    """Every date of a "create" or "update" row still to start, as the site will hold them:
    the rule's dates up to the horizon, the extra dates (RDATE), single dates moved."""
    zone = ZoneInfo(row["zone"])
    start = datetime.datetime.fromisoformat(row["start"]).astimezone(zone)
    length = datetime.timedelta(minutes=row["minutes"])
    if row.get("rule"):
        starts = local_starts(
            rule=row["rule"],
            start_date=start.date(),
            start_time=start.time(),
            until=datetime.date.fromisoformat(row["until"]) if row.get("until") else None,
            count=row.get("count"),
            skipped=row.get("skipped", []),
            up_to=horizon(now),
            after=now,
            zone=zone,
        )
    else:
        starts = [start] if start > now else []
    extra = [datetime.datetime.fromisoformat(d).astimezone(zone) for d in row.get("extra", [])]
    starts += [d for d in extra if d > now]
    # Wall-clock length: a 2-hour session is 2 hours on clock-change day too.
    dates: PlannedDates = {as_utc_key(s): (s, s + length) for s in starts}
    for change in row.get("changes", []):
        original = change["original"]
        if not original or not change["start"]:
            continue
        moved = datetime.datetime.fromisoformat(change["start"])
        if moved <= now:
            dates.pop(original, None)  # moved into the past: history, as any date begun
        elif original in dates or datetime.datetime.fromisoformat(original) <= now:
            # (A date the rule gave in the past, moved to a time still to come, is to come.)
            ends = datetime.datetime.fromisoformat(change["end"]) if change["end"] else None
            dates[original] = (moved, ends if ends and ends > moved else moved + length)
    return dates
