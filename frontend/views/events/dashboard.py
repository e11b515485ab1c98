"""An organisation's events dashboard, for its staff: every event, the dates coming up with
places left and waiting lists, and attendance over the past year as a chart and a table."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from events import selectors
from frontend.views.events.chart import bar_chart
from frontend.views.events.common import staff_organisation


@login_required
def dashboard(request, org_slug):
    organisation = staff_organisation(request, org_slug)
    months = selectors.attendance_by_month(organisation=organisation)
    chart = bar_chart(
        [(f"{row['month']:%B %Y}", f"{row['month']:%b}", row["attended"]) for row in months]
    )
    context = {
        "organisation": organisation,
        "events": list(selectors.organisation_events(organisation=organisation)),
        "upcoming": list(selectors.organisation_dashboard(organisation=organisation, limit=30)),
        "chart": chart,
        "chart_description": _describe(chart, months),
    }
    return render(request, "frontend/events/manage/dashboard.html", context)


def _describe(chart, months) -> str:
    if not chart.total:
        return "Nobody has been marked as coming yet in the past 12 months."
    busiest = chart.busiest
    return (
        f"A bar for each month from {months[0]['month']:%B %Y} to {months[-1]['month']:%B %Y}. "
        f"{chart.total} people came in all. The busiest month was {busiest.label}, "
        f"with {busiest.value}."
    )
