"""Saying a time in a series' own zone. Most series run in UK time and their pages say the time
alone, as they always have. One imported from a calendar kept elsewhere (a repeating entry in
America/New_York) keeps that zone's clock, so its pages name the zone and add the UK time that
day: "10:00 New York time (15:00 UK time on 5 January)". The two clocks change on different
dates, so the UK time is given for each date, never once for the series."""

import datetime
from zoneinfo import ZoneInfo

from events.recurrence import uk_local

UK_ZONE = "Europe/London"


def is_uk(time_zone: str) -> bool:
    return time_zone == UK_ZONE


def zone_name(time_zone: str) -> str:
    """What people call the zone's time: "UK", "New York", "Los Angeles", "UTC"."""
    if is_uk(time_zone):
        return "UK"
    return time_zone.rsplit("/", 1)[-1].replace("_", " ")


def uk_time_too(moment: datetime.datetime, time_zone: str) -> str:
    """ " New York time (15:00 UK time on 5 January)" after a series' time; "" in a UK series."""
    if is_uk(time_zone):
        return ""
    uk = uk_local(moment)
    return f" {zone_name(time_zone)} time ({uk:%H:%M} UK time on {uk:%-d %B})"


def local_time(moment: datetime.datetime, time_zone: str) -> datetime.datetime:
    return moment.astimezone(ZoneInfo(time_zone))


def time_in_zone(moment: datetime.datetime, time_zone: str) -> str:
    """ "10:00" in a UK series; "10:00 New York time (15:00 UK time on 5 January)" elsewhere."""
    return f"{local_time(moment, time_zone):%H:%M}{uk_time_too(moment, time_zone)}"


def named_zone(time_zone: str) -> str:
    """The zone's name where pages must say it (not UK time), else ""."""
    return "" if is_uk(time_zone) else zone_name(time_zone)
