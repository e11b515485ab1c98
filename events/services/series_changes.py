"""Changing a repeating event as a whole: a new time, weekday, length or end "from this date
on", ending it early, and skipping several dates at once (England's bank holidays as one choice).

A change from a date on keeps the one series of the event and gives it the new rule from that
date (its earlier dates are stored already and stay as they were). Each stored date from then on
is handled through the one-date services, so everyone booked is told and calendars get the
update: a date whose day the new rule still has moves to the new time on that day and keeps its
bookings; a date whose day it no longer has is cancelled, and the people booked on it are offered
the nearest new date with a link straight to its booking form. Nobody is booked onto a date they
did not choose.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.services.audit import record
from community.services.notifications import notify_many
from events.errors import EventError
from events.holidays import bank_holidays
from events.limits import check_date
from events.models import Occurrence, Series
from events.notification_kinds import OCCURRENCE_CHANGED
from events.permissions import can_manage_event
from events.recurrence import local_starts
from events.series_plans import DateChange, NewRule, SeriesPlan, plan_series_change
from events.services.occurrences import cancel_occurrence, move_occurrence
from events.services.series import FILL_AHEAD_DAYS, fill_occurrences


def _check_staff(person: User, series: Series) -> None:
    if not can_manage_event(person, series.event):
        raise NotAllowed("Only staff of this organisation can change its events.")


def _locked(series: Series) -> Series:
    return Series.objects.select_for_update().select_related("event").get(pk=series.pk)


def change_series(*, editor: User, series: Series, new_rule: NewRule) -> SeriesPlan:
    """Give the series `new_rule` from `new_rule.from_date` on, as plan_series_change said."""
    _check_staff(editor, series)
    with transaction.atomic():
        series = _locked(series)
        today = timezone.localdate(timezone=ZoneInfo(series.time_zone))
        days_to_change = (new_rule.from_date - today).days
        if days_to_change > FILL_AHEAD_DAYS:
            # The old rule's dates before the change must exist before its rule is replaced.
            fill_occurrences(series=series, today=today, days=days_to_change - 1)
        plan = plan_series_change(viewer=editor, series=series, new_rule=new_rule)
        if not plan.changes_anything and _same_rule(series, plan.new_rule):
            raise EventError("nothing_changes", "That is how it repeats already.")
        _take_rule(series, plan.new_rule)
        reason = f"From {plan.new_rule.from_date:%-d %B %Y}: {plan.new_rule.in_words()}."
        for change in plan.moved:
            move_occurrence(
                mover=editor,
                occurrence=change.occurrence,
                start=change.start,
                end=change.end,
                reason=f"New time. {reason}",
            )
        for change in plan.moved:
            # Where the new rule puts it: no longer a one-off move (a later change of the
            # series moves it again), and the daily fill does not make that date twice.
            Occurrence.objects.filter(pk=change.occurrence.pk).update(
                original_start=change.start, status=Occurrence.Status.SCHEDULED
            )
        for change in plan.rekeyed:
            Occurrence.objects.filter(pk=change.occurrence.pk).update(original_start=change.start)
        for gone in plan.cancelled:
            cancel_occurrence(
                canceller=editor,
                occurrence=gone.occurrence,
                reason=f"No session on this day any more. {reason}",
            )
        fill_occurrences(series=series, today=today)
        _offer_new_dates(series, plan.cancelled)
        record(
            actor=editor,
            action="events.series.changed",
            subject=series,
            organisation=series.event.organisation,
            from_date=plan.new_rule.from_date.isoformat(),
            rule=series.rule,
            moved=len(plan.moved),
            cancelled=len(plan.cancelled),
        )
    return plan


def _same_rule(series: Series, new_rule: NewRule) -> bool:
    return (
        series.rule,
        series.start_time,
        series.duration_minutes,
        series.until,
        series.count,
    ) == (
        new_rule.rule,
        new_rule.start_time,
        new_rule.duration_minutes,
        new_rule.until,
        new_rule.count,
    )


def _take_rule(series: Series, new_rule: NewRule) -> None:
    series.rule = new_rule.rule
    # The rule counts from the change: a fortnightly rule's weeks, and COUNT, start there.
    series.start_date = new_rule.from_date
    series.start_time = new_rule.start_time
    series.duration_minutes = new_rule.duration_minutes
    series.until, series.count = new_rule.until, new_rule.count
    series.filled_until = None  # fill again from today with the new rule
    series.save(
        update_fields=[
            "rule",
            "start_date",
            "start_time",
            "duration_minutes",
            "until",
            "count",
            "filled_until",
        ]
    )


def _offer_new_dates(series: Series, cancelled: list[DateChange]) -> None:
    """Tell the people booked on a date the change cancelled which new date is nearest, with a
    link to book it: their choice, one form away. One query for the new dates; one message
    per cancelled date with anyone booked."""
    booked = [change for change in cancelled if change.people]
    if not booked:
        return
    new_dates = list(
        series.occurrences.filter(start__gt=timezone.now(), status=Occurrence.Status.SCHEDULED)
        .exclude(pk__in=[change.occurrence.pk for change in cancelled])
        .order_by("start")
    )
    if not new_dates:
        return
    people = {
        person.pk: person
        for person in User.objects.filter(
            pk__in={pk for change in booked for pk in change.people}, is_active=True
        )
    }
    zone = ZoneInfo(series.time_zone)
    for change in booked:
        gone = change.occurrence.start
        nearest = min(new_dates, key=lambda date: (abs(date.start - gone), date.start))
        message = (
            f"{series.event.title}: your place on {gone.astimezone(zone):%A %-d %B} was "
            f"cancelled because the sessions changed. The nearest new date is "
            f"{nearest.start.astimezone(zone):%A %-d %B at %H:%M}. Book it from this link."
        )
        notify_many(
            recipients=[people[pk] for pk in change.people if pk in people],
            kind=OCCURRENCE_CHANGED.code,
            message=message,
            # The frontend's booking form for that date, by URL name (as events.links does).
            url=reverse("events_book", args=[series.event.slug, nearest.pk]),
            about=nearest,
        )


@dataclass(frozen=True)
class Ended:
    series: Series
    cancelled: list[Occurrence]


def end_series(
    *, editor: User, series: Series, last_date: datetime.date, reason: str = ""
) -> Ended:
    """No dates after `last_date`: stored ones after it are cancelled (everyone booked told)."""
    _check_staff(editor, series)
    check_date(last_date, field="last_date")
    with transaction.atomic():
        series = _locked(series)
        zone = ZoneInfo(series.time_zone)
        today = timezone.localdate(timezone=zone)
        if last_date < today - datetime.timedelta(days=1):
            raise EventError(
                "last_date_past",
                "Choose yesterday or a later day: dates already past stay as they were.",
                field="last_date",
            )
        current_end = _last_date(series)
        if current_end is not None and current_end <= last_date:
            raise EventError(
                "already_ends",
                f"It already ends by {current_end:%-d %B %Y}.",
                field="last_date",
            )
        series.until, series.count = last_date, None
        series.save(update_fields=["until", "count"])
        cutoff = datetime.datetime.combine(
            last_date + datetime.timedelta(days=1), datetime.time(), zone
        )
        later = list(
            series.occurrences.filter(start__gt=timezone.now(), original_start__gte=cutoff)
            .exclude(status=Occurrence.Status.CANCELLED)
            .select_related("event")
        )
        note = reason.strip() or f"The sessions end on {last_date:%-d %B %Y}."
        cancelled = [
            cancel_occurrence(canceller=editor, occurrence=occurrence, reason=note)
            for occurrence in later
        ]
        record(
            actor=editor,
            action="events.series.ended",
            subject=series,
            organisation=series.event.organisation,
            last_date=last_date.isoformat(),
            cancelled=len(cancelled),
        )
    return Ended(series=series, cancelled=cancelled)


def _last_date(series: Series) -> datetime.date | None:
    """The last day the series has now, or None if it keeps repeating."""
    if series.until is not None:
        return series.until
    if series.count is None:
        return None
    starts = local_starts(
        rule=series.rule,
        start_date=series.start_date,
        start_time=series.start_time,
        count=series.count,
        up_to=series.start_date + datetime.timedelta(days=366 * 50),
        zone=ZoneInfo(series.time_zone),
    )
    return starts[-1].date() if starts else series.start_date


@dataclass(frozen=True)
class Skipped:
    series: Series
    cancelled: list[Occurrence]


def skip_dates(
    *,
    editor: User,
    series: Series,
    dates: list[datetime.date],
    bank_holidays_too: bool = False,
    reason: str = "",
) -> Skipped:
    """Leave several dates out at once (EXDATE), and with `bank_holidays_too` every bank holiday
    in England from now on, this year's and every later year's. Stored dates on those days are
    cancelled, so everyone booked is told and calendars show them as cancelled."""
    _check_staff(editor, series)
    if not dates and not bank_holidays_too:
        raise EventError("nothing_to_skip", "Choose the dates to skip.", field="dates")
    for day in dates:
        check_date(day, field="dates")
    with transaction.atomic():
        series = _locked(series)
        zone = ZoneInfo(series.time_zone)
        today = timezone.localdate(timezone=zone)
        if any(day < today for day in dates):
            raise EventError(
                "skip_past", "Choose dates from today on: past dates stay.", field="dates"
            )
        series.skipped_dates = sorted({*series.skipped_dates, *(d.isoformat() for d in dates)})
        series.skip_bank_holidays = series.skip_bank_holidays or bank_holidays_too
        series.save(update_fields=["skipped_dates", "skip_bank_holidays"])
        days = {day: reason for day in dates}
        if bank_holidays_too:
            horizon = max(
                today + datetime.timedelta(days=FILL_AHEAD_DAYS), series.filled_until or today
            )
            for day, name in bank_holidays(today, horizon).items():
                days.setdefault(day, reason or f"No session on the bank holiday ({name}).")
        cancelled = []
        for occurrence in _dates_on(series, set(days), zone=zone):
            day = (occurrence.original_start or occurrence.start).astimezone(zone).date()
            note = days.get(day) or "This date is skipped."
            cancelled.append(
                cancel_occurrence(canceller=editor, occurrence=occurrence, reason=note)
            )
        record(
            actor=editor,
            action="events.series.dates_skipped",
            subject=series,
            organisation=series.event.organisation,
            dates=sorted(day.isoformat() for day in dates),
            bank_holidays=bank_holidays_too,
            cancelled=len(cancelled),
        )
    return Skipped(series=series, cancelled=cancelled)


def _dates_on(series: Series, days: set[datetime.date], *, zone: ZoneInfo) -> list[Occurrence]:
    """The series' stored dates still to come, not cancelled, that the rule put on `days`."""
    if not days:
        return []
    coming = series.occurrences.filter(start__gt=timezone.now()).exclude(
        status=Occurrence.Status.CANCELLED
    )
    return [
        occurrence
        for occurrence in coming.select_related("event")
        if (occurrence.original_start or occurrence.start).astimezone(zone).date() in days
    ]
