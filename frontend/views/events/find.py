"""Find events: a list of events with their next date, and a month calendar of every date.
Both take the same filters from the address, so a filtered search can be bookmarked. The month
calendar is a grid of weeks (Monday first, as in the UK) that only arranges what the selector
returned; it never queries."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.shortcuts import render
from django.utils import timezone

from events import selectors
from events.recurrence import WEEKDAY_NAMES
from frontend.forms.events import EventFilterForm
from frontend.shared.event_filters import describe_filters
from frontend.shared.events import filter_choices, venue_access
from frontend.shared.paging import page_of

FILTER_NAMES = {"bsl_interpreter": "bsl"}


def _filters(request):
    form = EventFilterForm(request.GET or None, choices=filter_choices())
    found = form.filters() if request.GET else {}
    filters = selectors.EventFilters(
        **{FILTER_NAMES.get(name, name): value for name, value in found.items()}
    )
    # The same filters, to carry between the list and the calendar.
    query = request.GET.copy()
    for name in ("page", "month"):
        query.pop(name, None)
    return form, filters, found, query.urlencode()


def _filter_context(request, form, found, query) -> dict:
    """What the folded filters need: the form, and the line that sums up what is chosen."""
    return {
        "filter_form": form,
        "filtered": bool(found),
        "filter_words": describe_filters(form, found, today=timezone.localdate()),
        "filter_query": query,
        "filter_action": request.path,
    }


def event_list(request):
    form, filters, found, query = _filters(request)
    page = page_of(selectors.events_list(viewer=request.user, filters=filters), request)
    for event in page.object_list:
        event.access_words = venue_access(event)[0] if event.is_in_person else []
    context = {**_filter_context(request, form, found, query), "page": page, "view_name": "list"}
    status = 400 if form.is_bound and form.date_errors() else 200
    return render(request, "frontend/events/list.html", context, status=status)


def event_calendar(request):
    form, filters, found, query = _filters(request)
    today = timezone.localdate()
    first = parse_month(request.GET.get("month"), today)
    occurrences = selectors.occurrences_in_month(
        year=first.year, month=first.month, viewer=request.user, filters=filters
    )
    month = month_grid(first, occurrences, today=today)
    context = {
        **_filter_context(request, form, found, query),
        "month": month,
        "previous_month": f"{month.previous:%Y-%m}",
        "next_month": f"{month.next:%Y-%m}",
        "weekdays": [(name, name[:3]) for name in WEEKDAY_NAMES],
        "view_name": "calendar",
    }
    status = 400 if form.is_bound and form.date_errors() else 200
    return render(request, "frontend/events/calendar.html", context, status=status)


# --- The month grid ---------------------------------------------------------------------------


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
