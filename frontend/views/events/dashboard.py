"""An organisation's events dashboard, for its staff: every event, the dates coming up with
places left and waiting lists, and attendance over the past year as a chart and a table.

The chart is a bar chart drawn on the server as SVG, so it needs no JavaScript and no image
files; the page shows the same numbers in a table, and the SVG carries a <title> and <desc>."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from community.chat.selectors import private_talks_by_drop_in
from events import selectors
from frontend.shared.access import present
from frontend.shared.events import staff_organisation

PRIVATE_TALKS_SHOWN = datetime.timedelta(days=90)
# The soonest access needs to arrange shown on the dashboard; the rest are a link away.
TO_ARRANGE_SHOWN = 5


@login_required
def dashboard(request, org_slug):
    organisation = staff_organisation(request, org_slug)
    months = selectors.attendance_by_month(organisation=organisation)
    chart = bar_chart(
        [(f"{row['month']:%B %Y}", f"{row['month']:%b}", row["attended"]) for row in months]
    )
    to_arrange = selectors.access_to_arrange(organisation=organisation)
    soonest = [present(item) for item in to_arrange[:TO_ARRANGE_SHOWN]]
    context = {
        "organisation": organisation,
        "to_arrange": soonest,
        "to_arrange_count": to_arrange.count(),
        "events": list(selectors.organisation_events(organisation=organisation)),
        "upcoming": list(selectors.organisation_dashboard(organisation=organisation, limit=30)),
        "chart": chart,
        "chart_description": _describe(chart, months),
        # How many private talks each recent drop-in had and how long people waited: never
        # who, never what was said.
        "private_talks": private_talks_by_drop_in(
            organisation_id=organisation.pk, since=timezone.now() - PRIVATE_TALKS_SHOWN
        ),
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


# --- The chart ---------------------------------------------------------------------------------

WIDTH = 640
HEIGHT = 260
TOP = 20
BOTTOM = 40  # room for the month labels
LEFT = 40  # room for the scale
RIGHT = 10


@dataclass
class Bar:
    label: str
    short_label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float


@dataclass
class Tick:
    value: int
    y: float


@dataclass
class BarChart:
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM
    label_y: int = HEIGHT - BOTTOM + 22

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def busiest(self) -> Bar | None:
        return max(self.bars, key=lambda bar: bar.value, default=None)


def _nice_top(largest: int) -> int:
    """A round number at least as big as the largest bar, so the scale reads easily."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if largest <= step * 4:
            return step * 4
    return ((largest // 1000) + 1) * 1000


def bar_chart(points: list[tuple[str, str, int]]) -> BarChart:
    """`points` are (label, short label, value), in the order they should appear."""
    top = _nice_top(max((value for _, _, value in points), default=0) or 1)
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    bar_width = slot * 0.7
    bars = []
    for index, (label, short_label, value) in enumerate(points):
        height = plot_height * value / top
        x = LEFT + index * slot + (slot - bar_width) / 2
        bars.append(
            Bar(
                label=label,
                short_label=short_label,
                value=value,
                x=round(x, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(bar_width, 1),
                height=round(height, 1),
                label_x=round(x + bar_width / 2, 1),
            )
        )
    ticks = [
        Tick(value=top * step // 4, y=round(TOP + plot_height - plot_height * step / 4, 1))
        for step in range(5)
    ]
    return BarChart(bars=bars, ticks=ticks)
