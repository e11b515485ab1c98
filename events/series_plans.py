"""What changing a repeating event "from this date on" would do, worked out before anything is
written: which stored dates move to the new time on the same day, which are cancelled because the
new rule no longer has that day, which new dates are added, and how many booked people are told.
The change itself (events.services.series_changes) follows the same plan, so the preview staff
confirm is what happens."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from events.errors import EventError
from events.holidays import bank_holidays
from events.limits import check_date, check_sessions
from events.models import Booking, Occurrence, Series
from events.permissions import can_manage_event
from events.recurrence import (
    WEEKDAY_CODES,
    WEEKDAY_NAMES,
    check_rule,
    local_starts,
    repeats_in_words,
    take_end,
    to_utc,
)
from events.services.series import FILL_AHEAD_DAYS, skipped_days


@dataclass(frozen=True)
class NewRule:
    """The series' rule, time, length and end from `from_date` on."""

    from_date: datetime.date
    rule: str
    start_time: datetime.time
    duration_minutes: int
    until: datetime.date | None = None
    count: int | None = None

    def in_words(self) -> str:
        words = rule_in_words(rule=self.rule, until=self.until, count=self.count)
        end = datetime.datetime.combine(self.from_date, self.start_time) + datetime.timedelta(
            minutes=self.duration_minutes
        )
        return f"{words}, {self.start_time:%H:%M} to {end:%H:%M}"


def rule_in_words(*, rule: str, until: datetime.date | None, count: int | None) -> str:
    """repeats_in_words, and also a weekly rule on several days: "Every Monday and Wednesday"."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    days = parts.pop("BYDAY", "").split(",")
    frequency, interval = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
    several = len(days) > 1 and all(day in WEEKDAY_CODES for day in days)
    if parts or frequency != "WEEKLY" or interval not in ("1", "2") or not several:
        return repeats_in_words(rule=rule, until=until, count=count)
    names = [WEEKDAY_NAMES[WEEKDAY_CODES.index(day)] for day in days]
    words = f"Every {'other ' if interval == '2' else ''}{', '.join(names[:-1])} and {names[-1]}"
    if until is not None:
        words += f", until {until:%-d %B %Y}"
    elif count is not None:
        words += f", {count} time{'s' if count != 1 else ''}"
    return words


@dataclass(frozen=True)
class DateChange:
    """One stored date the change cancels; `people` are the booked people's ids."""

    occurrence: Occurrence
    people: tuple[int, ...]


@dataclass(frozen=True)
class Move(DateChange):
    """One stored date that now starts and ends at these times, on the same day."""

    start: datetime.datetime
    end: datetime.datetime


@dataclass
class SeriesPlan:
    new_rule: NewRule
    moved: list[Move] = field(default_factory=list)
    cancelled: list[DateChange] = field(default_factory=list)
    # Dates that stay as they are but now belong to the new rule's day: a date cancelled or
    # moved by hand keeps that, and is not made again by the daily fill.
    rekeyed: list[Move] = field(default_factory=list)
    added: list[datetime.datetime] = field(default_factory=list)  # new local starts

    @property
    def people_affected(self) -> int:
        changed: list[DateChange] = [*self.moved, *self.cancelled]
        return len({pk for change in changed for pk in change.people})

    @property
    def changes_anything(self) -> bool:
        return bool(self.moved or self.cancelled or self.rekeyed or self.added)


def check_new_rule(series: Series, new_rule: NewRule, *, today: datetime.date) -> NewRule:
    """The new rule tidied (an UNTIL or COUNT written inside it taken out), or EventError."""
    check_date(new_rule.from_date, field="from_date")
    if new_rule.until is not None:
        check_date(new_rule.until, field="until")
    rule, until, count = take_end(
        new_rule.rule,
        until=new_rule.until,
        count=new_rule.count,
        start_time=new_rule.start_time,
        zone=ZoneInfo(series.time_zone),
    )
    if not 5 <= new_rule.duration_minutes <= 24 * 60:
        raise EventError(
            "bad_duration", "A session lasts between 5 minutes and a day.", field="duration"
        )
    check_sessions(count)
    if until is not None:
        check_date(until, field="until")
    if until is not None and count is not None:
        raise EventError("until_or_count", "Give an end date or a number of times, not both.")
    if new_rule.from_date < today:
        raise EventError(
            "from_date_past",
            "Choose today or a later date: dates already past stay as they were.",
            field="from_date",
        )
    if until is not None and until < new_rule.from_date:
        raise EventError(
            "until_before_start", "The last date is before the change starts.", field="until"
        )
    return NewRule(
        from_date=new_rule.from_date,
        rule=check_rule(rule),
        start_time=new_rule.start_time,
        duration_minutes=new_rule.duration_minutes,
        until=until,
        count=count,
    )


def plan_series_change(*, viewer: User, series: Series, new_rule: NewRule) -> SeriesPlan:
    """What `change_series` would do now. Three queries however many dates: the stored dates
    from `from_date` on, and their booked people."""
    if not can_manage_event(viewer, series.event):
        raise NotAllowed("Only staff of this organisation can change its events.")
    zone = ZoneInfo(series.time_zone)
    today = timezone.localdate(timezone=zone)
    new_rule = check_new_rule(series, new_rule, today=today)
    horizon = max(today + datetime.timedelta(days=FILL_AHEAD_DAYS), series.filled_until or today)
    now = timezone.now()
    new_starts = {
        local.date(): local
        for local in local_starts(
            rule=new_rule.rule,
            start_date=new_rule.from_date,
            start_time=new_rule.start_time,
            until=new_rule.until,
            count=new_rule.count,
            skipped=skipped_days(series, today, horizon),
            up_to=horizon,
            after=now,
            zone=zone,
        )
    }
    stored = _stored_from(series, new_rule.from_date, zone=zone, now=now)
    people = _booked_people([occurrence.pk for occurrence in stored])
    length = datetime.timedelta(minutes=new_rule.duration_minutes)
    plan = SeriesPlan(new_rule=new_rule)

    def place(occurrence: Occurrence) -> tuple[int, int]:
        # The date already at the new start is that day's match, before any other that day.
        local = new_starts.get(_day(occurrence, zone))
        return (0 if local and to_utc(local) == occurrence.original_start else 1, occurrence.pk)

    for occurrence in sorted(stored, key=place):
        local = new_starts.pop(_day(occurrence, zone), None)
        booked = tuple(people.get(occurrence.pk, ()))
        if local is None:
            if not occurrence.is_cancelled:
                plan.cancelled.append(DateChange(occurrence, booked))
            continue
        start, end = to_utc(local), to_utc(local + length)
        unchanged = (occurrence.start, occurrence.end) == (start, end)
        if occurrence.status == Occurrence.Status.SCHEDULED and not unchanged:
            plan.moved.append(Move(occurrence, booked, start, end))
        elif occurrence.original_start != start:
            plan.rekeyed.append(Move(occurrence, booked, start, end))
    plan.added = sorted(new_starts.values())
    plan.moved.sort(key=lambda change: change.occurrence.start)
    plan.cancelled.sort(key=lambda change: change.occurrence.start)
    return plan


def _day(occurrence: Occurrence, zone: ZoneInfo) -> datetime.date:
    """The day the rule put the date on: a date moved by hand still belongs to that day."""
    return (occurrence.original_start or occurrence.start).astimezone(zone).date()


def _stored_from(
    series: Series, from_date: datetime.date, *, zone: ZoneInfo, now: datetime.datetime
) -> list[Occurrence]:
    """The series' stored dates on or after `from_date` (by the day the rule put them on) that
    have not started: a date under way or past is history."""
    first = datetime.datetime.combine(from_date, datetime.time(0, 0), zone)
    return list(
        series.occurrences.filter(start__gt=now)
        .filter(Q(original_start__gte=first) | Q(original_start__isnull=True, start__gte=first))
        .select_related("event")
        .order_by("start", "pk")
    )


def _booked_people(occurrence_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    rows = Booking.objects.filter(
        occurrence_id__in=occurrence_ids,
        status=Booking.Status.CONFIRMED,
        person__isnull=False,
    ).values_list("occurrence_id", "person_id")
    for occurrence_id, person_id in rows:
        found[occurrence_id].append(person_id)
    return found


@dataclass(frozen=True)
class ComingDate:
    occurrence: Occurrence
    bank_holiday: str  # its name, or "" on an ordinary day


def coming_dates(*, series: Series) -> list[ComingDate]:
    """The series' dates still to come and not cancelled, each marked if it falls on a bank
    holiday in England: what staff can choose to skip. One query."""
    zone = ZoneInfo(series.time_zone)
    dates = list(
        series.occurrences.filter(start__gt=timezone.now())
        .exclude(status=Occurrence.Status.CANCELLED)
        .order_by("start", "pk")
    )
    if not dates:
        return []
    holidays = bank_holidays(_day(dates[0], zone), _day(dates[-1], zone))
    return [ComingDate(date, holidays.get(_day(date, zone), "")) for date in dates]
