"""The chosen filters on Find events in a few words ("Calderdale, online, this month"), so the
filter form can stay folded under that line and the results come first."""

import datetime
from typing import cast

from django import forms
from django.utils.dateformat import format as format_date

from frontend.forms.events import EventFilterForm

# Choice labels that read better in lower case in the middle of a line ("drop-in, online").
LOWER_CASE = ("kind", "format")
ORDER = ("q", "area", "organisation", "kind", "format", "theme")
TICKED = {"step_free": "step-free venue", "bsl_interpreter": "BSL interpreter"}


def describe_filters(form: EventFilterForm, found: dict, *, today: datetime.date) -> list[str]:
    """Each chosen filter in words, in a steady order; an empty list when none is chosen.
    `found` is what the form understood (EventFilterForm.filters), so ignored values never
    show."""
    words = []
    for name in ORDER:
        value = found.get(name)
        if not value:
            continue
        if name == "q":
            words.append(f"“{value}”")
            continue
        field = form.fields[name]
        assert isinstance(field, forms.ChoiceField)
        # EventFilterForm sets these choices as a plain list of (value, label).
        choices = cast(list[tuple[str, str]], field.choices)
        label = dict(choices).get(value, value)
        words.append(str(label).lower() if name in LOWER_CASE else str(label))
    dates = describe_dates(found.get("date_from"), found.get("date_to"), today=today)
    if dates:
        words.append(dates)
    words += [label for name, label in TICKED.items() if found.get(name)]
    return words


def describe_dates(
    start: datetime.date | None, end: datetime.date | None, *, today: datetime.date
) -> str:
    if start and end:
        months = ((today.replace(day=1), "this month"), (_next_month(today), "next month"))
        for month_start, name in months:
            if start == month_start and end == _next_month(month_start) - datetime.timedelta(1):
                return name
        if start == end:
            return f"on {_day(start)}"
        if start.year == end.year:
            return f"{format_date(start, 'j F')} to {_day(end)}"
        return f"{_day(start)} to {_day(end)}"
    if start:
        return f"from {_day(start)}"
    if end:
        return f"until {_day(end)}"
    return ""


def _day(date: datetime.date) -> str:
    return format_date(date, "j F Y")


def _next_month(date: datetime.date) -> datetime.date:
    return (date.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
