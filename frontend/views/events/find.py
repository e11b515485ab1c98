"""Find events: a list of events with their next date, and a month calendar of every date.
Both take the same filters from the address, so a filtered search can be bookmarked."""

from django.shortcuts import render
from django.utils import timezone

from events import selectors
from frontend.forms.events import WEEKDAYS, EventFilterForm
from frontend.views.events.calendar import month_grid, parse_month
from frontend.views.events.common import filter_choices, venue_access
from frontend.views.paging import page_of

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
    return form, filters, bool(found), query.urlencode()


def event_list(request):
    form, filters, filtered, query = _filters(request)
    page = page_of(selectors.events_list(viewer=request.user, filters=filters), request)
    for event in page.object_list:
        event.access_words = venue_access(event)[0] if event.is_in_person else []
    context = {
        "filter_form": form,
        "filtered": filtered,
        "filter_query": query,
        "page": page,
        "view_name": "list",
        "filter_action": request.path,
    }
    status = 400 if form.is_bound and form.date_errors() else 200
    return render(request, "frontend/events/list.html", context, status=status)


def event_calendar(request):
    form, filters, filtered, query = _filters(request)
    today = timezone.localdate()
    first = parse_month(request.GET.get("month"), today)
    occurrences = selectors.occurrences_in_month(
        year=first.year, month=first.month, viewer=request.user, filters=filters
    )
    month = month_grid(first, occurrences, today=today)
    context = {
        "filter_form": form,
        "filtered": filtered,
        "filter_query": query,
        "month": month,
        "previous_month": f"{month.previous:%Y-%m}",
        "next_month": f"{month.next:%Y-%m}",
        "weekdays": [(name, name[:3]) for _, name in WEEKDAYS],
        "view_name": "calendar",
        "filter_action": request.path,
    }
    status = 400 if form.is_bound and form.date_errors() else 200
    return render(request, "frontend/events/calendar.html", context, status=status)
