"""Repeating dates: the rule a series repeats by, the plain-English picker's answers turned into
that rule (and said back in words), and the rule turned into dates. The rule runs in UK local
time, each date is then stored in UTC, so a 10:00 drop-in is at 10:00 in January and in July."""

import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from events.errors import EventError

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC
# Workshops and drop-ins repeat by the day at most; finer rules (or INTERVAL=0, which never
# moves on) would make millions of dates or none, so they are refused.
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
# However a rule reads, no series yields more dates than this in one fill.
MAX_DATES = 1000

# The picker's answers. Weekdays are Monday first, as in the UK; the codes are RFC 5545's.
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
REPEATS = ("weekly", "fortnightly", "monthly")
WEEKS_OF_MONTH = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
ENDS = ("never", "until", "count")


def end_of_uk_day(day: datetime.date) -> datetime.datetime:
    """The last second of that day in the UK: a series "until 31 July" includes the 31st."""
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), LONDON)


def full_rule(rule: str, *, until: datetime.date | None, count: int | None) -> str:
    """The RRULE with UNTIL or COUNT added back. UNTIL is the end of that UK day, written in UTC
    as RFC 5545 asks when the start carries a time zone."""
    parts = [p for p in rule.strip().removeprefix("RRULE:").split(";") if p]
    parts = [p for p in parts if not p.upper().startswith(("UNTIL=", "COUNT="))]
    if until is not None:
        parts.append(f"UNTIL={end_of_uk_day(until).astimezone(UTC):%Y%m%dT%H%M%SZ}")
    elif count is not None:
        parts.append(f"COUNT={count}")
    return ";".join(parts)


# --- The plain-English picker ---------------------------------------------------------------


def picker_rule(*, repeats: str, weekday: int, week: int = 1) -> str:
    """The rule of the picker's answers, without UNTIL or COUNT (a series keeps those apart)."""
    day = WEEKDAY_CODES[weekday]
    return {
        "weekly": f"FREQ=WEEKLY;BYDAY={day}",
        "fortnightly": f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}",
        "monthly": f"FREQ=MONTHLY;BYDAY={week}{day}",
    }[repeats]


def build_rule(
    *,
    repeats: str,
    weekday: int,
    week: int = 1,
    ends: str = "never",
    until: datetime.date | None = None,
    count: int | None = None,
) -> str:
    """The whole RRULE value of the picker's answers, UNTIL or COUNT included, as a calendar file
    would carry it."""
    return full_rule(
        picker_rule(repeats=repeats, weekday=weekday, week=week),
        until=until if ends == "until" else None,
        count=count if ends == "count" and count else None,
    )


def first_match(
    *,
    start: datetime.date,
    repeats: str,
    weekday: int,
    week: int = 1,
    at: datetime.time | None = None,
    after: datetime.datetime | None = None,
) -> datetime.date:
    """The first date on or after `start` that the answers give, which becomes DTSTART. With
    `at` (the start time, UK) and `after` (now), the first whose session has not begun by then:
    a series made at 20:30 on the first Tuesday, starting that day, starts on the next one."""
    day = _next_match(start, repeats=repeats, weekday=weekday, week=week)
    if at is None or after is None:
        return day
    while datetime.datetime.combine(day, at, LONDON) <= after:
        later = max(day + datetime.timedelta(days=1), uk_local(after).date())
        day = _next_match(later, repeats=repeats, weekday=weekday, week=week)
    return day


def _next_match(start: datetime.date, *, repeats: str, weekday: int, week: int) -> datetime.date:
    if repeats != "monthly":
        return start + datetime.timedelta(days=(weekday - start.weekday()) % 7)
    month = start.replace(day=1)
    while True:
        candidate = _nth_weekday(month, weekday, week)
        if candidate is not None and candidate >= start:
            return candidate
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _nth_weekday(month: datetime.date, weekday: int, week: int) -> datetime.date | None:
    first = month + datetime.timedelta(days=(weekday - month.weekday()) % 7)
    if week > 0:
        found = first + datetime.timedelta(weeks=week - 1)
        return found if found.month == month.month else None
    found = first
    while (found + datetime.timedelta(weeks=1)).month == month.month:
        found += datetime.timedelta(weeks=1)
    return found


def describe_rule(
    *,
    repeats: str,
    weekday: int,
    week: int = 1,
    ends: str = "never",
    until: datetime.date | None = None,
    count: int | None = None,
) -> str:
    """The picker's answers in words: "The first Tuesday of every month, until 31 July 2027"."""
    name = WEEKDAY_NAMES[weekday]
    text = {
        "weekly": f"Every {name}",
        "fortnightly": f"Every other {name}",
        "monthly": f"The {WEEKS_OF_MONTH[week]} {name} of every month",
    }[repeats]
    if ends == "until" and until:
        text += f", until {until:%-d %B %Y}"
    elif ends == "count" and count:
        text += f", {count} time{'s' if count != 1 else ''}"
    return text


def repeats_in_words(
    *, rule: str, until: datetime.date | None = None, count: int | None = None
) -> str:
    """A stored rule in words, when the picker could have made it; otherwise the rule itself
    (a rule sent through the API or imported can say more than the picker does)."""
    parts = dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)
    byday = parts.pop("BYDAY", "")
    frequency, interval = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
    day, week = byday[-2:], byday[:-2]
    if parts or day not in WEEKDAY_CODES or "," in byday:
        return rule
    repeats = {
        ("WEEKLY", "1", ""): "weekly",
        ("WEEKLY", "2", ""): "fortnightly",
    }.get((frequency, interval, week))
    if frequency == "MONTHLY" and interval == "1" and week in {str(n) for n in WEEKS_OF_MONTH}:
        repeats = "monthly"
    if repeats is None:
        return rule
    return describe_rule(
        repeats=repeats,
        weekday=WEEKDAY_CODES.index(day),
        week=int(week or 1),
        ends="until" if until else "count" if count else "never",
        until=until,
        count=count,
    )


# --- Rules into dates -----------------------------------------------------------------------


def _rule_parts(rule: str) -> dict[str, str]:
    cleaned = rule.strip().removeprefix("RRULE:").upper()
    return dict(part.split("=", 1) for part in cleaned.split(";") if "=" in part)


def _until_moment(value: str, zone: ZoneInfo) -> datetime.datetime | datetime.date:
    """UNTIL as written: a date, a floating time (read in the rule's zone) or a UTC time."""
    if len(value) == 8:
        return datetime.datetime.strptime(value, "%Y%m%d").date()
    moment = datetime.datetime.strptime(value.removesuffix("Z"), "%Y%m%dT%H%M%S")
    return moment.replace(tzinfo=UTC if value.endswith("Z") else zone)


def take_end(
    rule: str,
    *,
    until: datetime.date | None = None,
    count: int | None = None,
    start_time: datetime.time = datetime.time(0, 0),
    zone: ZoneInfo = LONDON,
) -> tuple[str, datetime.date | None, int | None]:
    """The rule without UNTIL or COUNT, and the end it carried as the series keeps it: the last
    day a date may fall on, or how many times. UNTIL may be a date, a local time or (as RFC 5545
    asks with a zoned start, and Google, Outlook and Apple write it) a UTC time; a UTC time
    early on the last day leaves out that day's date when it would start later. An end given
    both in the rule and beside it is refused, never quietly dropped."""
    parts = _rule_parts(rule)
    written_until, written_count = parts.pop("UNTIL", None), parts.pop("COUNT", None)
    bare = ";".join(f"{key}={value}" for key, value in parts.items())
    if written_until is None and written_count is None:
        return bare, until, count
    if until is not None or count is not None:
        raise EventError(
            "end_given_twice",
            "Give the end inside the rule or as an end date or number of times, not both.",
            field="rule",
        )
    if written_count is not None:
        if written_until is not None:
            raise EventError("until_or_count", "Give an end date or a number of times, not both.")
        if not written_count.isdigit() or int(written_count) < 1:
            raise EventError("bad_rule", "COUNT must be a whole number above 0.", field="rule")
        return bare, None, int(written_count)
    try:
        moment = _until_moment(str(written_until), zone)
    except ValueError as error:
        raise EventError("bad_rule", "We could not read the rule's UNTIL.", field="rule") from error
    if not isinstance(moment, datetime.datetime):
        return bare, moment, None
    last = moment.astimezone(zone).date()
    if datetime.datetime.combine(last, start_time, zone) > moment:
        last -= datetime.timedelta(days=1)
    return bare, last, None


def check_rule(rule: str) -> str:
    """The rule tidied, or EventError if it is not one we can follow."""
    cleaned = rule.strip().removeprefix("RRULE:").upper()
    if not cleaned.startswith("FREQ=") and ";FREQ=" not in cleaned:
        raise EventError("bad_rule", "Choose how often it repeats.", field="rule")
    parts = dict(part.split("=", 1) for part in cleaned.split(";") if "=" in part)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise EventError(
            "bad_rule",
            "It can repeat every day, week, month or year, not more often.",
            field="rule",
        )
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= 52:
        raise EventError("bad_rule", "Choose a gap between 1 and 52.", field="rule")
    # A UTC UNTIL needs a zoned start to be read against (dateutil refuses the mix).
    zoned = parts.get("UNTIL", "").endswith("Z")
    try:
        rrulestr(
            f"RRULE:{cleaned}",
            dtstart=datetime.datetime(2026, 1, 1, 10, 0, tzinfo=UTC if zoned else None),
        )
    except (ValueError, TypeError) as error:
        raise EventError(
            "bad_rule", "We could not understand that repeat rule.", field="rule"
        ) from error
    return cleaned


def local_starts(
    *,
    rule: str,
    start_date: datetime.date,
    start_time: datetime.time,
    until: datetime.date | None = None,
    count: int | None = None,
    skipped: list[str] | tuple[str, ...] = (),
    up_to: datetime.date,
    after: datetime.datetime | None = None,
    zone: ZoneInfo = LONDON,
) -> list[datetime.datetime]:
    """Every start the rule gives from start_date up to and including `up_to`, as aware local
    datetimes in the rule's zone (the UK's unless said), skipped dates left out; with `after`
    (an aware moment), only the starts later than it. With COUNT the skipped and the earlier
    dates still count (RFC 5545)."""
    dtstart = datetime.datetime.combine(start_date, start_time)
    text = full_rule(rule, until=None, count=count if until is None else None)
    # dateutil wants UNTIL naive when DTSTART is naive, so use the local end of that day.
    if until is not None:
        text += f";UNTIL={until:%Y%m%d}T235959"
    recurrence = rrulestr(f"RRULE:{text}", dtstart=dtstart)
    skipped_set = set(skipped)
    limit = datetime.datetime.combine(up_to, datetime.time(23, 59, 59))
    begin = dtstart
    if after is not None:
        # Step over the dates already past without counting them against MAX_DATES (from a day
        # early, so a clock change cannot lose one; the exact test is below).
        begin = max(begin, after.astimezone(zone).replace(tzinfo=None) - datetime.timedelta(days=1))
    starts: list[datetime.datetime] = []
    for naive in recurrence.xafter(begin, inc=True):
        if naive > limit or len(starts) >= MAX_DATES:
            break
        local = naive.replace(tzinfo=zone)
        if naive.date().isoformat() in skipped_set or (after is not None and local <= after):
            continue
        starts.append(local)
    return starts


def to_utc(local: datetime.datetime) -> datetime.datetime:
    if local.tzinfo is None:
        local = local.replace(tzinfo=LONDON)
    return local.astimezone(UTC)


def uk_local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(LONDON)
