"""When demo things "happened": on a day relative to today, at a believable UK local time (a
question asked at 19:20, a reply at 08:45), never all at the minute the demo was loaded."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

UK = ZoneInfo("Europe/London")


def uk_time(
    days_ago: int,
    at: datetime.time,
    *,
    later_minutes: int = 0,
    now: datetime.datetime | None = None,
) -> datetime.datetime:
    """`days_ago` days before today (UK), at `at` UK time, plus `later_minutes`. Never in the
    future: something that would fall after `now` is moved back to a quarter of an hour before
    it, on a five-minute mark, so "today at 19:00" loaded at 09:12 reads 08:55."""
    now = now or timezone.now()
    day = timezone.localtime(now, UK).date() - datetime.timedelta(days=days_ago)
    moment = datetime.datetime.combine(day, at, UK) + datetime.timedelta(minutes=later_minutes)
    if moment <= now:
        return moment
    local = timezone.localtime(now, UK).replace(second=0, microsecond=0)
    return local - datetime.timedelta(minutes=15 + local.minute % 5)
