"""An event's dates in a few words, for its printed page: one sentence when they keep a rhythm
("Every Tuesday, 10:00 to 12:00, from 5 January to 30 March 2027 — 13 dates") with the
exceptions under it, and a short list of dates when they do not."""

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from events.models import Occurrence

# Up to this many dates, a list says it better than a sentence.
FEW_DATES = 3
# A rhythm with more exceptions than this is not a rhythm: list the dates instead.
MOST_EXCEPTIONS = 3
WEEKS_OF_MONTH = {1: "first", 2: "second", 3: "third", 4: "fourth"}


@dataclass(frozen=True)
class DatesSummary:
    sentence: str = ""
    # Under the sentence: dates left out, cancelled, or at another time.
    exceptions: list[str] = field(default_factory=list)
    # Instead of the sentence: each date in words.
    dates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Date:
    day: datetime.date
    start: datetime.time
    end: datetime.time
    cancelled: bool

    @property
    def times(self) -> tuple[datetime.time, datetime.time]:
        return self.start, self.end


def _hours(start: datetime.time, end: datetime.time) -> str:
    return f"{start:%H:%M} to {end:%H:%M}"


def _day(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _range(first: datetime.date, last: datetime.date) -> str:
    if first.year == last.year:
        return f"from {first.day} {first:%B} to {last.day} {last:%B %Y}"
    return f"from {first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


def _dates_word(count: int) -> str:
    return f"{count} date{'s' if count != 1 else ''}"


def _rhythm(days: list[datetime.date]) -> tuple[str, list[datetime.date]] | None:
    """How the days repeat ("Every Tuesday"), and the days the rhythm skips; None if they keep
    no rhythm we can say in words."""
    name = f"{days[0]:%A}"
    gaps = {(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)}
    if gaps == {14}:
        return f"Every other {name}", []
    if all(gap % 7 == 0 for gap in gaps):
        weekly = [
            days[0] + datetime.timedelta(weeks=n) for n in range((days[-1] - days[0]).days // 7 + 1)
        ]
        skipped = sorted(set(weekly) - set(days))
        if len(skipped) <= MOST_EXCEPTIONS:
            return f"Every {name}", skipped
    weeks = {(day.day - 1) // 7 + 1 for day in days}
    months = [day.year * 12 + day.month for day in days]
    steps = {later - earlier for earlier, later in zip(months, months[1:], strict=False)}
    if len(weeks) == 1 and steps == {1} and (week := weeks.pop()) in WEEKS_OF_MONTH:
        return f"The {WEEKS_OF_MONTH[week]} {name} of every month", []
    return None


def dates_summary(occurrences: Sequence[Occurrence]) -> DatesSummary:
    """The dates given (in order of start), in words in UK time. Cancelled dates count towards
    the rhythm but not the number of dates."""
    dates = [
        _Date(
            day=timezone.localtime(o.start).date(),
            start=timezone.localtime(o.start).time(),
            end=timezone.localtime(o.end).time(),
            cancelled=o.is_cancelled,
        )
        for o in occurrences
    ]
    active = [d for d in dates if not d.cancelled]
    listed = DatesSummary(
        dates=[
            f"{_day(d.day)} {d.day:%Y}, {_hours(d.start, d.end)}"
            + (" (cancelled)" if d.cancelled else "")
            for d in dates
        ]
    )
    if len(active) <= FEW_DATES or len({d.day.weekday() for d in dates}) > 1:
        return listed
    times, _ = Counter(d.times for d in active).most_common(1)[0]
    other_times = [d for d in active if d.times != times]
    rhythm = _rhythm(sorted({d.day for d in dates}))
    if rhythm is None:
        return listed
    words, skipped = rhythm
    cancelled = [d for d in dates if d.cancelled]
    exceptions = (
        [f"Not on {_day(day)}." for day in skipped]
        + [f"Cancelled: {_day(d.day)}." for d in cancelled]
        + [f"On {_day(d.day)} it is {_hours(d.start, d.end)}." for d in other_times]
    )
    if len(exceptions) > MOST_EXCEPTIONS:
        return listed
    sentence = (
        f"{words}, {_hours(*times)}, {_range(dates[0].day, dates[-1].day)}"
        f" — {_dates_word(len(active))}"
    )
    return DatesSummary(sentence=sentence, exceptions=exceptions)
