"""Repeating events: a series' rule, and keeping its dates stored at least 12 months ahead."""

import datetime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.services.audit import record
from events.errors import EventError
from events.feeds import feeds_changed
from events.holidays import bank_holidays
from events.limits import check_date, check_sessions
from events.models import Event, Occurrence, Series
from events.permissions import can_manage_event
from events.recurrence import check_rule, local_starts, take_end, to_utc
from events.services.occurrences import cancel_occurrence

FILL_AHEAD_DAYS = 400  # "at least 12 months", with a margin for a scheduler that missed a day


def create_series(
    *,
    creator: User,
    event: Event,
    rule: str,
    start_date: datetime.date,
    start_time: datetime.time,
    duration_minutes: int = 120,
    until: datetime.date | None = None,
    count: int | None = None,
    skipped_dates: list[datetime.date] | None = None,
    time_zone: str = "Europe/London",
) -> Series:
    """Make the event repeat, and store its dates for the next 12 months and more: only the
    dates still to start, so a series made today never holds one that has already begun. An
    UNTIL or COUNT written inside the rule is honoured (kept as `until`/`count`)."""
    if not can_manage_event(creator, event):
        raise NotAllowed("Only staff of this organisation can change its events.")
    _check_series_dates(start_date, until, skipped_dates)
    rule, until, count = take_end(
        rule, until=until, count=count, start_time=start_time, zone=ZoneInfo(time_zone)
    )
    _check_series_dates(start_date, until, skipped_dates)
    if duration_minutes < 5 or duration_minutes > 24 * 60:
        raise EventError(
            "bad_duration", "A session lasts between 5 minutes and a day.", field="duration"
        )
    check_sessions(count)
    if until is not None and count is not None:
        raise EventError("until_or_count", "Give an end date or a number of times, not both.")
    if until is not None and until < start_date:
        raise EventError("until_before_start", "The end date is before the start.", field="until")
    with transaction.atomic():
        if Series.objects.filter(event=event).exists():
            raise EventError(
                "already_repeats",
                "This event already repeats. Change its repeats from a date on instead.",
            )
        series = Series.objects.create(
            event=event,
            rule=check_rule(rule),
            start_date=start_date,
            start_time=start_time,
            time_zone=time_zone,
            duration_minutes=duration_minutes,
            until=until,
            count=count,
            skipped_dates=sorted(d.isoformat() for d in skipped_dates or ()),
        )
        fill_occurrences(series=series)
        record(
            actor=creator,
            action="events.series.created",
            subject=series,
            organisation=event.organisation,
            rule=series.rule,
        )
    return series


def _check_series_dates(
    start_date: datetime.date,
    until: datetime.date | None,
    skipped_dates: list[datetime.date] | None,
) -> None:
    """Before and after an UNTIL is taken out of the rule: either may be the far-off one."""
    check_date(start_date, field="start_date")
    if until is not None:
        check_date(until, field="until")
    for day in skipped_dates or ():
        check_date(day, field="skipped_dates")


def fill_occurrences(
    *, series: Series, today: datetime.date | None = None, days: int = FILL_AHEAD_DAYS
) -> int:
    """Store every date of the series up to `days` ahead that is not stored yet and has not
    started yet (a date already begun is history, not a date anyone can come to). Safe to run
    twice at once: a date is unique per series, and the loser skips it. Returns how many."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    if series.filled_until is not None and series.filled_until >= horizon:
        return 0
    event = series.event
    now = timezone.now()
    existing = set(
        series.occurrences.filter(original_start__gt=now).values_list("original_start", flat=True)
    )
    duration = datetime.timedelta(minutes=series.duration_minutes)
    created = []
    for local in local_starts(
        rule=series.rule,
        start_date=series.start_date,
        start_time=series.start_time,
        until=series.until,
        count=series.count,
        skipped=skipped_days(series, today, horizon),
        up_to=horizon,
        after=now,
        zone=ZoneInfo(series.time_zone),
    ):
        start = to_utc(local)
        if start in existing:
            continue
        created.append(
            Occurrence(
                event=event,
                series=series,
                original_start=start,
                start=start,
                # The end in local time too: a 2-hour session is 2 hours on clock-change day.
                end=to_utc(local + duration),
                capacity=event.capacity,
                # A hybrid event's split of online and in-person places (None otherwise).
                online_capacity=event.online_capacity,
                last_modified=now,
            )
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                Occurrence.objects.bulk_create(created)
        except IntegrityError:
            # Another worker filled some of them first; add the rest one by one.
            for occurrence in created:
                try:
                    with transaction.atomic():
                        occurrence.pk = None
                        occurrence.save()
                except IntegrityError:
                    continue
        Series.objects.filter(pk=series.pk).update(filled_until=horizon)
        series.filled_until = horizon
        if created:
            feeds_changed(events=[event])
    return len(created)


def skipped_days(series: Series, start: datetime.date, end: datetime.date) -> list[str]:
    """The days the series leaves out between `start` and `end`: its skipped dates, and
    England's bank holidays when it skips them, so a fill next year leaves those out too."""
    days = list(series.skipped_dates)
    if series.skip_bank_holidays:
        days += [day.isoformat() for day in bank_holidays(start, end)]
    return days


def fill_all_series(*, today: datetime.date | None = None) -> int:
    """The periodic job: top up every series of a live event."""
    total = 0
    live = Series.objects.filter(
        event__status__in=[Event.Status.DRAFT, Event.Status.PUBLISHED]
    ).select_related("event")
    for series in live:
        total += fill_occurrences(series=series, today=today)
    return total


def skip_date(*, editor: User, series: Series, date: datetime.date, reason: str = "") -> Series:
    """Leave one date out of the series (EXDATE); a stored date is cancelled, so anyone booked
    is told and calendars show it as cancelled."""
    if not can_manage_event(editor, series.event):
        raise NotAllowed("Only staff of this organisation can change its events.")
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        if date.isoformat() not in series.skipped_dates:
            series.skipped_dates = sorted([*series.skipped_dates, date.isoformat()])
            series.save(update_fields=["skipped_dates"])
        for occurrence in series.occurrences.exclude(status=Occurrence.Status.CANCELLED):
            if timezone.localtime(occurrence.original_start).date() == date:
                cancel_occurrence(canceller=editor, occurrence=occurrence, reason=reason)
    return series
