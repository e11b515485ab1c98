"""Staff pages that change a repeating event as a whole: change its time, day, length or end from
one date on (a preview of what happens first, then confirm), skip several dates at once (bank
holidays in one tick), and end it on a date. Every step is a plain form: no JavaScript needed."""

import datetime
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from events.models import Event, Series
from events.recurrence import repeats_in_words
from events.series_plans import (
    DateChange,
    NewRule,
    SeriesPlan,
    coming_dates,
    plan_series_change,
)
from events.services.series_changes import change_series, end_series, skip_dates
from events.time_zones import local_time, named_zone, time_in_zone, uk_time_too
from frontend.attempts import attempt
from frontend.forms.series_changes import (
    ChangeRepeatsForm,
    EndSeriesForm,
    SkipDatesForm,
    initial_for,
)
from frontend.shared.events import managed_event

# What a service calls a field, and what the page's form calls it.
CHANGE_FIELDS = {"rule": "repeats", "duration": "end_time", "from_date": "from_date"}


def _series(event: Event) -> Series:
    try:
        return event.series
    except Event.series.RelatedObjectDoesNotExist:
        raise Http404("This event does not repeat.") from None


def _context(event: Event, series: Series, **more) -> dict:
    return {
        "event": event,
        "series": series,
        "series_description": repeats_in_words(
            rule=series.rule, until=series.until, count=series.count
        ),
        # Named only when it is not UK time: an imported series kept in another zone.
        "zone_name": named_zone(series.time_zone),
        **more,
    }


def _plan_lines(plan: SeriesPlan, time_zone: str) -> dict[str, list[str]]:
    """The preview's dates in the series' own zone, with the UK time beside them when that is
    another zone (its clocks change on other dates, so per date)."""

    def day(moment: datetime.datetime) -> str:
        return f"{local_time(moment, time_zone):%A %-d %B %Y}"

    def booked(change: DateChange) -> str:
        return f" ({len(change.people)} booked)" if change.people else ""

    def hours(moment: datetime.datetime) -> str:
        return f"{local_time(moment, time_zone):%H:%M}"

    return {
        "moved": [
            f"{day(change.occurrence.start)}: {hours(change.occurrence.start)} becomes "
            f"{hours(change.start)} to {hours(change.end)}"
            f"{uk_time_too(change.start, time_zone)}{booked(change)}"
            for change in plan.moved
        ],
        "cancelled": [
            f"{day(change.occurrence.start)} at "
            f"{time_in_zone(change.occurrence.start, time_zone)}{booked(change)}"
            for change in plan.cancelled
        ],
        "added": [f"{day(start)} at {time_in_zone(start, time_zone)}" for start in plan.added],
    }


def _plural(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def previewed_as(new_rule: NewRule) -> str:
    """What the preview was shown for, carried in the form: "Make this change" only makes the
    change that was previewed; changed answers are previewed again first."""
    return hashlib.sha256(repr(new_rule).encode()).hexdigest()[:20]


@login_required
def change_repeats(request, slug):
    """The form shows what would happen; "Make this change" after that preview makes it."""
    event = managed_event(request, slug)
    series = _series(event)
    coming = coming_dates(series=series)
    zone = series.time_zone
    if request.method != "POST":
        form = ChangeRepeatsForm(initial=initial_for(series), coming=coming, time_zone=zone)
        return render(
            request, "frontend/events/manage/series_change.html", _context(event, series, form=form)
        )
    form = ChangeRepeatsForm(request.POST, coming=coming, time_zone=zone)
    plan = None
    confirmed = False
    if form.is_valid():
        new_rule = form.new_rule()
        confirmed = "confirm" in request.POST and (
            request.POST.get("previewed") == previewed_as(new_rule)
        )
        with attempt(form, field_names=CHANGE_FIELDS) as tried:
            if confirmed:
                plan = change_series(editor=request.user, series=series, new_rule=new_rule)
            else:
                plan = plan_series_change(viewer=request.user, series=series, new_rule=new_rule)
        if tried.succeeded and plan is not None and confirmed:
            messages.success(
                request,
                f"The repeats have changed: {_plural(len(plan.moved), 'date')} moved, "
                f"{_plural(len(plan.cancelled), 'date')} cancelled. "
                "We have told everyone booked.",
            )
            return redirect(reverse("events_detail", args=[event.slug]) + "#dates")
    context = _context(event, series, form=form, plan=plan if form.is_valid() else None)
    if context["plan"] is not None:
        context["lines"] = _plan_lines(context["plan"], zone)
        context["previewed"] = previewed_as(form.new_rule())
        context["asked_to_confirm"] = "confirm" in request.POST
    return render(
        request,
        "frontend/events/manage/series_change.html",
        context,
        status=200 if context["plan"] else 400,
    )


@login_required
def skip_series_dates(request, slug):
    event = managed_event(request, slug)
    series = _series(event)
    coming = coming_dates(series=series)
    form = SkipDatesForm(request.POST or None, coming=coming, time_zone=series.time_zone)
    if request.method == "POST" and form.is_valid():
        with attempt(form) as tried:
            skipped = skip_dates(
                editor=request.user,
                series=series,
                dates=form.cleaned_data["dates"],
                bank_holidays_too=form.cleaned_data["bank_holidays"],
                reason=form.cleaned_data["reason"],
            )
        if tried.succeeded:
            messages.success(
                request,
                f"{_plural(len(skipped.cancelled), 'date')} cancelled. "
                "We have told everyone booked.",
            )
            return redirect(reverse("events_detail", args=[event.slug]) + "#dates")
    context = _context(
        event,
        series,
        form=form,
        bank_holidays=[date for date in coming if date.bank_holiday],
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/events/manage/series_skip.html", context, status=status)


@login_required
def end_repeats(request, slug):
    event = managed_event(request, slug)
    series = _series(event)
    form = EndSeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with attempt(form) as tried:
            ended = end_series(
                editor=request.user,
                series=series,
                last_date=form.cleaned_data["last_date"],
                reason=form.cleaned_data["reason"],
            )
        if tried.succeeded:
            messages.success(
                request,
                f"The last date is {form.cleaned_data['last_date']:%-d %B %Y}. "
                f"{_plural(len(ended.cancelled), 'later date')} cancelled; "
                "we have told everyone booked.",
            )
            return redirect(reverse("events_detail", args=[event.slug]) + "#dates")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "frontend/events/manage/series_end.html",
        _context(event, series, form=form),
        status=status,
    )
