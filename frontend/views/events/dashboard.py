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
# One row a month: its name and number in words at the page's own text size (so never below
# 16 pixels, and growing with the person's text size), its bar underneath. Heights are in em and
# lengths in per cent of the width, never a scaled drawing, so a narrow phone keeps the words
# their full size.

ROW = 2.75  # em: a line of words, the bar and a gap
WORDS_BASELINE = 1.15  # em, within a row
BAR_TOP = 1.45  # em, within a row
BAR_HEIGHT = 0.9  # em
SCALE_ROOM = 1.75  # em under the rows for the scale's numbers


@dataclass
class Bar:
    label: str
    short_label: str
    value: int
    length: float  # per cent of the chart's width
    words_y: float  # em
    bar_y: float  # em


@dataclass
class Tick:
    value: int
    x: float  # per cent of the chart's width
    anchor: str  # where the number sits against its line: "start", "middle" or "end"


@dataclass
class BarChart:
    bars: list[Bar]
    ticks: list[Tick]
    bar_height: float = BAR_HEIGHT

    @property
    def rows_height(self) -> float:
        return round(len(self.bars) * ROW, 2)

    @property
    def height(self) -> float:
        return round(self.rows_height + SCALE_ROOM, 2)

    @property
    def scale_y(self) -> float:
        return round(self.rows_height + SCALE_ROOM - 0.4, 2)

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
    bars = [
        Bar(
            label=label,
            short_label=short_label,
            value=value,
            length=round(100 * value / top, 2),
            words_y=round(index * ROW + WORDS_BASELINE, 2),
            bar_y=round(index * ROW + BAR_TOP, 2),
        )
        for index, (label, short_label, value) in enumerate(points)
    ]
    anchors = {0: "start", 4: "end"}
    ticks = [
        Tick(value=top * step // 4, x=25.0 * step, anchor=anchors.get(step, "middle"))
        for step in range(5)
    ]
    return BarChart(bars=bars, ticks=ticks)
