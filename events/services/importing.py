"""Importing an organisation's programme from an .ics file: a preview that says what will be
created and what is skipped and why, then, once confirmed, the import itself (in the background
for a big file, with progress on the ImportJob)."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from icalendar import Calendar, Component

from community.errors import NotAllowed
from community.models import Organisation, User
from community.permissions import can_manage_events
from community.services.audit import record
from events.errors import ImportFileError
from events.models import Event, ImportJob
from events.recurrence import LONDON, UTC, check_rule, local_starts, uk_local
from events.services.events import create_event, publish_event
from events.services.occurrences import add_occurrence, cancel_occurrence, move_occurrence
from events.services.series import create_series

MAX_BYTES = 5 * 1024 * 1024
# Files with more entries than this are imported by the task worker, showing progress.
INLINE_LIMIT = 20


def _parse(source: str) -> Calendar:
    try:
        return Calendar.from_ical(source)
    except (ValueError, IndexError, KeyError) as error:
        raise ImportFileError(
            "not_a_calendar", "This file is not a calendar (.ics) file we can read.", field="file"
        ) from error


# One entry of ImportJob.preview, as stored (JSON): see `_plan`.
PlanRow = dict[str, Any]


def _local(value: object) -> datetime.datetime | None:
    """A DTSTART/DTEND as UK local time; None for all-day dates."""
    if not isinstance(value, datetime.datetime):
        return None
    return _in_london(value)


def _in_london(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)  # floating time: read as UK time
    return value.astimezone(LONDON)


def _entries(calendar: Calendar) -> tuple[list[Component], dict[str, list[Component]]]:
    """Main entries, and changes to single dates (RECURRENCE-ID) keyed by UID."""
    mains: list[Component] = []
    changes: dict[str, list[Component]] = {}
    for component in calendar.walk("VEVENT"):
        if component.get("recurrence-id") is not None:
            changes.setdefault(str(component.get("uid", "")), []).append(component)
        else:
            mains.append(component)
    return mains, changes


def _plan(
    component: Component, *, organisation: Organisation, now: datetime.datetime, seen: set[str]
) -> PlanRow:
    today = uk_local(now).date()
    uid = str(component.get("uid", "")).strip()
    title = str(component.get("summary", "")).strip()
    row: PlanRow = {"uid": uid, "title": title or "(no title)", "action": "skip", "reason": ""}
    start = component.get("dtstart")
    start = _local(start.dt) if start is not None else None
    end = component.get("dtend")
    end = _local(end.dt) if end is not None else None
    if not title:
        row["reason"] = "It has no title."
    elif start is None:
        row["reason"] = "It is an all-day entry or has no start time, so it is not a session."
    elif str(component.get("status", "")).upper() == "CANCELLED":
        row["reason"] = "It is marked as cancelled."
    elif uid and uid in seen:
        row["reason"] = "The same entry appears twice in the file."
    elif uid and Event.objects.filter(organisation=organisation, imported_uid=uid).exists():
        row["reason"] = "It was imported before."
    else:
        if end is None or end <= start:
            duration = component.get("duration")
            end = start + (duration.dt if duration is not None else datetime.timedelta(hours=1))
        rule = component.get("rrule")
        horizon = today + datetime.timedelta(days=365)
        if rule is not None:
            rule_text = rule.to_ical().decode()
            until = rule.get("UNTIL", [None])[0]
            count = rule.get("COUNT", [None])[0]
            if isinstance(until, datetime.datetime):
                until = (until if until.tzinfo else until.replace(tzinfo=UTC)).astimezone(LONDON)
                until = until.date()
            skipped = _exdates(component)
            try:
                check_rule(rule_text)
                dates = local_starts(
                    rule=rule_text,
                    start_date=start.date(),
                    start_time=start.time(),
                    until=until,
                    count=count,
                    skipped=skipped,
                    up_to=horizon,
                    after=now,  # as the series will store them: none already started
                )
            except Exception:  # noqa: BLE001 — any rule we cannot follow is reported, not raised
                row["reason"] = "Its repeat rule is one we cannot follow."
                return row
            row.update(
                rule=";".join(
                    p for p in rule_text.split(";") if not p.startswith(("UNTIL=", "COUNT="))
                ),
                until=until.isoformat() if until else None,
                count=count,
                skipped=skipped,
            )
        else:
            dates = [start] if start.date() >= today else []
        if not dates:
            row["reason"] = "All its dates are in the past."
        else:
            row.update(
                action="create",
                start=start.isoformat(),
                minutes=int((end - start).total_seconds() // 60),
                dates=len(dates),
                first=dates[0].isoformat(),
                location=str(component.get("location", "")).strip(),
                description=str(component.get("description", "")).strip(),
            )
    if uid:
        seen.add(uid)
    return row


def _exdates(component: Component) -> list[str]:
    found: list[str] = []
    exdates = component.get("exdate")
    if exdates is None:
        return found
    for group in exdates if isinstance(exdates, list) else [exdates]:
        for item in group.dts:
            value = item.dt
            if isinstance(value, datetime.datetime):
                value = _in_london(value).date()
            found.append(value.isoformat())
    return sorted(set(found))


def _change(component: Component) -> dict[str, str | bool | None]:
    """One date of a repeating entry that was moved or cancelled."""
    original = _local(component.get("recurrence-id").dt)
    start = component.get("dtstart")
    end = component.get("dtend")
    start = _local(start.dt) if start is not None else None
    end = _local(end.dt) if end is not None else None
    return {
        "original": original.isoformat() if original else None,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "cancelled": str(component.get("status", "")).upper() == "CANCELLED",
    }


def preview_import(
    *, importer: User, organisation: Organisation, source: str | bytes, filename: str = ""
) -> ImportJob:
    """Read the file and say, entry by entry, what would be created and what skipped, and why.
    Nothing is created until `confirm_import`."""
    if not can_manage_events(importer, organisation):
        raise NotAllowed("Only staff of this organisation can import events.")
    if isinstance(source, bytes):
        if len(source) > MAX_BYTES:
            raise ImportFileError("too_big", "The file is bigger than 5 MB.", field="file")
        source = source.decode("utf-8", errors="replace")
    calendar = _parse(source)
    mains, changes = _entries(calendar)
    now = timezone.now()
    seen: set[str] = set()
    preview = []
    for component in mains:
        row = _plan(component, organisation=organisation, now=now, seen=seen)
        if row["action"] == "create":
            row["changes"] = [_change(c) for c in changes.get(row["uid"], ())]
            row["changed_dates"] = len(row["changes"])
        preview.append(row)
    orphans = set(changes) - {row["uid"] for row in preview}
    for uid in sorted(orphans):
        preview.append(
            {
                "uid": uid,
                "title": str(changes[uid][0].get("summary", "(no title)")),
                "action": "skip",
                "reason": "It changes one date of a repeating entry that is not in the file.",
            }
        )
    if not preview:
        raise ImportFileError("empty", "We found no events in this file.", field="file")
    return ImportJob.objects.create(
        organisation=organisation,
        created_by=importer,
        filename=filename[:200],
        source=source,
        preview=preview,
        total=sum(1 for row in preview if row["action"] == "create"),
    )


def confirm_import(*, importer: User, job: ImportJob) -> ImportJob:
    """Import what the preview said; a big file goes to the task worker."""
    if not can_manage_events(importer, job.organisation):
        raise NotAllowed("Only staff of this organisation can import events.")
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.PREVIEWED:
            raise ImportFileError("already_confirmed", "This import was already confirmed.")
        job.status = ImportJob.Status.RUNNING
        job.save(update_fields=["status"])
        record(
            actor=importer,
            action="events.import.confirmed",
            subject=job,
            organisation=job.organisation,
            total=job.total,
        )
        if job.total > INLINE_LIMIT:
            transaction.on_commit(lambda: import_in_background.enqueue(job_id=job.pk))
            return job
    run_import(job_id=job.pk)
    job.refresh_from_db()
    return job


def run_import(*, job_id: int) -> int:
    """Create each planned event (published, with its series or its one date), saving progress
    after each. Returns how many events were created."""
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    importer, organisation = job.created_by, job.organisation
    created = list(job.created_events)
    try:
        for row in [r for r in job.preview if r["action"] == "create"][job.done :]:
            if importer is None:
                # Their account was deleted since the preview: as create_event would refuse.
                raise NotAllowed("Only staff of this organisation can add events.")
            with transaction.atomic():
                location = row.get("location", "")
                online = location.startswith(("http://", "https://"))
                event = create_event(
                    creator=importer,
                    organisation=organisation,
                    title=row["title"][:150],
                    kind=Event.Kind.DROP_IN if row.get("rule") else Event.Kind.WORKSHOP,
                    description=row.get("description", "")[:10000],
                    format=Event.Format.ONLINE if online else Event.Format.IN_PERSON,
                    joining_link=location if online else "",
                    address="" if online else location[:300],
                )
                Event.objects.filter(pk=event.pk).update(imported_uid=row["uid"][:255])
                start = datetime.datetime.fromisoformat(row["start"])
                if row.get("rule"):
                    create_series(
                        creator=importer,
                        event=event,
                        rule=row["rule"],
                        start_date=start.date(),
                        start_time=start.time().replace(tzinfo=None),
                        duration_minutes=max(5, row["minutes"]),
                        until=datetime.date.fromisoformat(row["until"]) if row["until"] else None,
                        count=row.get("count"),
                        skipped_dates=[datetime.date.fromisoformat(d) for d in row["skipped"]],
                    )
                else:
                    add_occurrence(
                        creator=importer,
                        event=event,
                        start=start,
                        end=start + datetime.timedelta(minutes=row["minutes"]),
                    )
                _apply_changes(importer, event, row.get("changes", []))
                publish_event(publisher=importer, event=event)
                created.append(event.slug)
                job.done += 1
                job.created_events = created
                job.save(update_fields=["done", "created_events"])
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=str(error)[:1000], finished=timezone.now()
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, finished=timezone.now()
    )
    return len(created)


@task()
def import_in_background(*, job_id: int) -> int:
    """`run_import` in the task worker, for a big file (the services that enqueue a task keep it
    beside them, so they never import events.tasks, which imports the services)."""
    return run_import(job_id=job_id)


def _apply_changes(importer: User, event: Event, changes: list[dict]) -> None:
    for change in changes:
        if not change["original"]:
            continue
        original = datetime.datetime.fromisoformat(change["original"])
        occurrence = event.occurrences.filter(original_start=original).first()
        if occurrence is None:
            continue
        if change["cancelled"]:
            cancel_occurrence(canceller=importer, occurrence=occurrence)
        elif change["start"]:
            start = datetime.datetime.fromisoformat(change["start"])
            end = datetime.datetime.fromisoformat(change["end"]) if change["end"] else None
            move_occurrence(
                mover=importer,
                occurrence=occurrence,
                start=start,
                end=end or start + (occurrence.end - occurrence.start),
            )
