"""The events an imported calendar describes: made as drafts with the organisation's usual
settings, then kept in step with the calendar. Every change to a date goes through the
occurrence services, so people booked on it are told like after any other change."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.utils import timezone

from community.models import Organisation, User
from events.import_plan import PlannedDates, PlanRow, horizon, planned_dates
from events.models import Event, Occurrence, Series
from events.reading import as_utc_key
from events.services.events import cancel_event, create_event, update_event
from events.services.occurrences import add_occurrence, cancel_occurrence, move_occurrence
from events.services.series import create_series, fill_occurrences

# What a new imported event takes from the organisation's latest event: a calendar entry
# says nothing of places, area or access.
CARRIED_OVER = (
    "capacity", "area", "step_free", "accessible_toilet", "hearing_loop", "bsl_interpreter",
    "quiet_space", "parking",
)  # fmt: skip


def usual_settings(organisation: Organisation) -> dict:
    """Places, area and access information as the organisation's latest event has them; with
    no event yet, the organisation's own area (places stay at the default)."""
    latest = organisation.events.order_by("-created").first()
    if latest is None:
        return {"area": organisation.area}
    settings = {name: getattr(latest, name) for name in CARRIED_OVER}
    settings["area"] = settings["area"] or organisation.area
    return settings


# A UK postcode at the end of an address, as calendar apps keep a place: "… Leeds LS1 6DT".
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b", re.IGNORECASE)


def _where(row: PlanRow) -> dict:
    location = row.get("location", "")
    online = location.startswith(("http://", "https://"))
    found = None if online else POSTCODE.search(location)
    return {
        "format": Event.Format.ONLINE if online else Event.Format.IN_PERSON,
        "joining_link": location[:200] if online else "",
        "address": "" if online else location[:300],
        "postcode": f"{found[1]} {found[2]}".upper() if found else "",
    }


def create_from_entry(
    *, importer: User, organisation: Organisation, row: PlanRow, now: datetime.datetime
) -> Event:
    """A draft event with the entry's dates: staff check it and publish it when ready."""
    event = create_event(
        creator=importer,
        organisation=organisation,
        title=row["title"][:150],
        kind=Event.Kind.DROP_IN if row.get("rule") else Event.Kind.WORKSHOP,
        description=row.get("description", "")[:10000],
        **{**usual_settings(organisation), **_where(row)},
    )
    Event.objects.filter(pk=event.pk).update(imported_uid=row["uid"][:255])
    event.imported_uid = row["uid"][:255]
    keep_dates(importer=importer, event=event, row=row, now=now)
    return event


def update_from_entry(
    *, importer: User, event: Event, row: PlanRow, now: datetime.datetime
) -> None:
    """The event made like the entry again: its title, description and place, and its dates."""
    if row.get("cancelled"):
        if event.status != Event.Status.CANCELLED:
            cancel_event(canceller=importer, event=event, reason="Cancelled in the calendar.")
        return
    if event.status == Event.Status.CANCELLED:
        return  # cancelled here: the site's decision stands
    changes = entry_changes(event, row)
    if changes:
        update_event(editor=importer, event=event, **changes)
    keep_dates(importer=importer, event=event, row=row, now=now)


def entry_changes(event: Event, row: PlanRow) -> dict:
    """The event's fields the entry now says otherwise."""
    wanted = {"title": row["title"][:150], "description": row.get("description", "")[:10000]}
    wanted.update(_where(row))
    return {name: value for name, value in wanted.items() if getattr(event, name) != value}


def _existing(event: Event, now: datetime.datetime) -> dict[str, Occurrence]:
    """The event's dates still to come, up to the horizon dates are planned to (one stored
    further ahead is the series' business), keyed as planned dates are."""
    last = datetime.datetime.combine(
        horizon(now), datetime.time.max, timezone.get_current_timezone()
    )
    # .all() and a test here, not .filter(): the preview reads many events' dates in one query
    # (prefetched by events.services.importing.plan_calendar).
    dates = sorted((o for o in event.occurrences.all() if o.start > now), key=lambda o: o.start)
    keyed = {as_utc_key(o.original_start or o.start): o for o in dates}
    return {key: o for key, o in keyed.items() if datetime.datetime.fromisoformat(key) <= last}


def dates_differ(event: Event, row: PlanRow, *, now: datetime.datetime) -> bool:
    """Whether keeping the dates in step would change any (dates past the last one stored are
    left to the series' own daily top-up)."""
    planned = planned_dates(row, now=now)
    existing = _existing(event, now)
    last = max((o.start for o in existing.values()), default=None)
    for key, occurrence in existing.items():
        if occurrence.is_cancelled:
            continue
        if key not in planned or planned[key] != (occurrence.start, occurrence.end):
            return True
    return any(
        key not in existing and (last is None or s <= last) for key, (s, _) in planned.items()
    )


def keep_dates(*, importer: User, event: Event, row: PlanRow, now: datetime.datetime) -> None:
    planned = planned_dates(row, now=now)
    series = _series_like(importer=importer, event=event, row=row, now=now)
    existing = _existing(event, now)
    _pair_moved_dates(existing, planned, single=not row.get("rule") and not row.get("extra"))
    for key, gone in existing.items():
        if key not in planned and not gone.is_cancelled:
            cancel_occurrence(
                canceller=importer, occurrence=gone, reason="Removed from the calendar."
            )
    if series is not None:
        fill_occurrences(series=series)
        existing = _existing(event, now)
    for key, (start, end) in planned.items():
        occurrence = existing.get(key)
        if occurrence is None:
            added = add_occurrence(creator=importer, event=event, start=start, end=end)
            Occurrence.objects.filter(pk=added.pk).update(
                original_start=datetime.datetime.fromisoformat(key)
            )
        elif not occurrence.is_cancelled and (occurrence.start, occurrence.end) != (start, end):
            move_occurrence(mover=importer, occurrence=occurrence, start=start, end=end)


def _pair_moved_dates(existing: dict[str, Occurrence], planned: PlannedDates, *, single: bool):
    """A date the calendar now puts at another time of the same day (or, for a one-off entry,
    on any day) is the same date moved, not one cancelled and another added: its bookings
    stay, and the people booked are told of the move."""
    gone = [key for key, o in existing.items() if key not in planned and not o.is_cancelled]
    new = [key for key in planned if key not in existing]
    for old_key in gone:
        day = existing[old_key].start.date()
        match = next(
            (k for k in new if single or planned[k][0].astimezone(datetime.UTC).date() == day),
            None,
        )
        if match is None:
            continue
        new.remove(match)
        occurrence = existing.pop(old_key)
        occurrence.original_start = datetime.datetime.fromisoformat(match)
        Occurrence.objects.filter(pk=occurrence.pk).update(original_start=occurrence.original_start)
        existing[match] = occurrence


def _series_like(
    *, importer: User, event: Event, row: PlanRow, now: datetime.datetime
) -> Series | None:
    """The event's series, made or changed to repeat as the entry does (None if it does not
    repeat; a series the entry no longer has is ended, so its daily top-up adds nothing)."""
    series = Series.objects.filter(event=event).first()
    if not row.get("rule"):
        if series is not None:
            Series.objects.filter(pk=series.pk).update(
                until=datetime.date(1970, 1, 1), count=None, filled_until=None
            )
        return None
    zone = ZoneInfo(row["zone"])
    start = datetime.datetime.fromisoformat(row["start"]).astimezone(zone)
    fields = {
        "rule": row["rule"],
        "start_date": start.date(),
        "start_time": start.time(),
        "time_zone": row["zone"],
        "duration_minutes": row["minutes"],
        "until": datetime.date.fromisoformat(row["until"]) if row.get("until") else None,
        "count": row.get("count"),
        "skipped_dates": row.get("skipped", []),
    }
    if series is None:
        skipped = [datetime.date.fromisoformat(d) for d in fields.pop("skipped_dates")]
        return create_series(creator=importer, event=event, skipped_dates=skipped, **fields)
    if any(getattr(series, name) != value for name, value in fields.items()):
        Series.objects.filter(pk=series.pk).update(**fields, filled_until=None)
        series.refresh_from_db()
    return series
