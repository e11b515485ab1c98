"""Reading another calendar's .ics file (Google, Outlook, Apple, any app): each entry's times in
the zone it was written in, as a calendar app would show them. Outlook names zones the Windows
way ("GMT Standard Time"); they are mapped to the IANA names the rest of the site uses."""

import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Component
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from events.errors import ImportFileError
from events.recurrence import LONDON, UTC

NOT_A_CALENDAR = "This file is not a calendar (.ics) file we can read."


def read_calendar(source: str) -> Calendar:
    # No calendar holds a NUL (RFC 5545 forbids control characters), and PostgreSQL could not
    # store the file or anything read from it.
    if "\x00" in source:
        raise ImportFileError("not_a_calendar", NOT_A_CALENDAR, field="file")
    try:
        return Calendar.from_ical(source)
    except (ValueError, IndexError, KeyError) as error:
        raise ImportFileError("not_a_calendar", NOT_A_CALENDAR, field="file") from error


def entries(calendar: Calendar) -> tuple[list[Component], dict[str, list[Component]]]:
    """Main entries, and changes to single dates (RECURRENCE-ID) keyed by UID."""
    mains: list[Component] = []
    changes: dict[str, list[Component]] = {}
    for component in calendar.walk("VEVENT"):
        if component.get("recurrence-id") is not None:
            changes.setdefault(str(component.get("uid", "")).strip(), []).append(component)
        else:
            mains.append(component)
    return mains, changes


def _named_zone(name: str) -> ZoneInfo | None:
    name = WINDOWS_TO_OLSON.get(name, name).strip()
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_of(value: datetime.datetime, tzid: str = "") -> ZoneInfo:
    """The zone a time was written in: its IANA zone (Windows names mapped), UTC for a `Z`
    time, and the UK's for a floating time or a zone we cannot name."""
    if value.tzinfo is None:
        return LONDON
    found = _named_zone(tzid) or _named_zone(str(getattr(value.tzinfo, "key", "")))
    if found is not None:
        return found
    if value.utcoffset() == datetime.timedelta(0) and str(value.tzinfo) in {"UTC", "tzutc()"}:
        return ZoneInfo("UTC")
    return LONDON


def in_zone(value: datetime.datetime, zone: ZoneInfo, tzid: str = "") -> datetime.datetime:
    """The time as an aware datetime in `zone`. A time written in a zone we could name keeps its
    wall-clock time there (the file's own VTIMEZONE may be a rough copy of the real rules)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=LONDON).astimezone(zone)  # floating: read as UK time
    if _named_zone(tzid) is not None or hasattr(value.tzinfo, "key"):
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def start_of(component: Component) -> tuple[datetime.datetime, ZoneInfo] | None:
    """DTSTART and the zone its repeats run in; None for an all-day entry or none at all."""
    prop = component.get("dtstart")
    if prop is None or not isinstance(prop.dt, datetime.datetime):
        return None
    tzid = str(prop.params.get("TZID", ""))
    zone = zone_of(prop.dt, tzid)
    return in_zone(prop.dt, zone, tzid), zone


def moment(prop, zone: ZoneInfo) -> datetime.datetime | None:
    """A DTEND or RECURRENCE-ID as an aware time in the entry's zone."""
    if prop is None or not isinstance(prop.dt, datetime.datetime):
        return None
    tzid = str(prop.params.get("TZID", ""))
    return in_zone(prop.dt, zone_of(prop.dt, tzid), tzid).astimezone(zone)


def listed_times(
    component: Component, name: str, *, zone: ZoneInfo, start: datetime.datetime
) -> list[datetime.datetime]:
    """Every EXDATE or RDATE value, however many lines and values per line; a date alone means
    that day at the entry's start time, a period its start."""
    found: list[datetime.datetime] = []
    props = component.get(name)
    if props is None:
        return found
    for group in props if isinstance(props, list) else [props]:
        tzid = str(group.params.get("TZID", ""))
        for item in group.dts:
            value = item.dt
            if isinstance(value, tuple):  # a PERIOD: (start, end or duration)
                value = value[0]
            if isinstance(value, datetime.datetime):
                found.append(in_zone(value, zone_of(value, tzid), tzid).astimezone(zone))
            elif isinstance(value, datetime.date):
                found.append(datetime.datetime.combine(value, start.timetz()))
    return sorted(set(found))


def as_utc_key(value: datetime.datetime) -> str:
    """A date's place in its entry, as the series stores `original_start`."""
    return value.astimezone(UTC).isoformat()
