"""Importing an organisation's programme from an .ics file (uploaded, or read from a web
address): a preview that says what will be created, what updated and what skipped and why,
then, once confirmed, the import itself (in the background for a big file, with progress on
the ImportJob). Imported events start as drafts; an entry imported before is updated."""

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django_tasks import task

from community.errors import NotAllowed
from community.models import Organisation, User
from community.permissions import can_manage_events
from community.services.audit import record
from events.errors import ImportFileError
from events.import_plan import PlanRow, plan_entry
from events.models import CalendarSubscription, Event, ImportJob, Occurrence
from events.reading import entries, read_calendar
from events.services.imported_events import (
    create_from_entry,
    dates_differ,
    entry_changes,
    update_from_entry,
)

MAX_BYTES = 5 * 1024 * 1024
# Files with more entries than this are imported by the task worker, showing progress.
INLINE_LIMIT = 20
WORKING = ("create", "update")


def _decoded(source: str | bytes) -> str:
    if isinstance(source, bytes):
        if len(source) > MAX_BYTES:
            raise ImportFileError("too_big", "The file is bigger than 5 MB.", field="file")
        source = source.decode("utf-8", errors="replace")
    return source


def plan_calendar(
    *, organisation: Organisation, source: str, now: datetime.datetime
) -> list[PlanRow]:
    """Entry by entry, what importing the calendar would do here, and why."""
    mains, changes = entries(read_calendar(source))
    uids = [str(c.get("uid", "")).strip() for c in mains]
    here = {
        event.imported_uid: event
        for event in Event.objects.filter(
            organisation=organisation, imported_uid__in=[uid[:255] for uid in uids if uid]
        ).prefetch_related(
            Prefetch("occurrences", queryset=Occurrence.objects.filter(start__gt=now))
        )
    }
    seen: set[str] = set()
    rows = []
    for component in mains:
        row = plan_entry(component, changes.get(str(component.get("uid", "")).strip(), []), now=now)
        _decide(row, event=here.get(row["uid"][:255]) if row["uid"] else None, seen=seen, now=now)
        rows.append(row)
    for uid in sorted(set(changes) - set(uids)):
        rows.append(
            {
                "uid": uid,
                "title": str(changes[uid][0].get("summary", "(no title)")),
                "action": "skip",
                "reason": "It changes one date of a repeating entry that is not in the file.",
            }
        )
    return rows


def _decide(row: PlanRow, *, event: Event | None, seen: set[str], now: datetime.datetime) -> None:
    uid = row["uid"]
    if uid and uid in seen:
        row.update(action="skip", reason="The same entry appears twice in the file.")
    elif row["action"] != "create":
        pass  # the entry itself says why
    elif event is not None:
        row["event"] = event.slug
        if event.status == Event.Status.CANCELLED:
            row.update(action="skip", reason="It was imported before and cancelled here since.")
        elif row["cancelled"]:
            row.update(action="update", reason="It is cancelled in the calendar.")
        elif entry_changes(event, row) or dates_differ(event, row, now=now):
            row.update(action="update", reason="It has changed in the calendar.")
        else:
            row.update(action="skip", reason="It was imported before and has not changed.")
    elif row["cancelled"]:
        row.update(action="skip", reason="It is marked as cancelled.")
    elif not row["dates"]:
        row.update(action="skip", reason="All its dates are in the past.")
    if uid:
        seen.add(uid)


def preview_import(
    *,
    importer: User,
    organisation: Organisation,
    source: str | bytes,
    filename: str = "",
    address: str = "",
) -> ImportJob:
    """Read the calendar and say, entry by entry, what would be created, updated or skipped,
    and why. Nothing changes until `confirm_import`."""
    if not can_manage_events(importer, organisation):
        raise NotAllowed("Only staff of this organisation can import events.")
    source = _decoded(source)
    preview = plan_calendar(organisation=organisation, source=source, now=timezone.now())
    if not preview:
        raise ImportFileError("empty", "We found no events in this file.", field="file")
    return ImportJob.objects.create(
        organisation=organisation,
        created_by=importer,
        filename=(filename or address)[:200],
        address=address,
        source=source,
        preview=preview,
        total=sum(1 for row in preview if row["action"] in WORKING),
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
    """Create or update each planned event, saving progress after each; a calendar read from a
    web address is kept in step from then on. Returns how many events were created."""
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    importer, organisation = job.created_by, job.organisation
    created = list(job.created_events)
    try:
        for row in [r for r in job.preview if r["action"] in WORKING][job.done :]:
            if importer is None:
                # Their account was deleted since the preview: as create_event would refuse.
                raise NotAllowed("Only staff of this organisation can add events.")
            with transaction.atomic():
                event = apply_row(importer=importer, organisation=organisation, row=row)
                if event is not None:
                    created.append(event.slug)
                job.done += 1
                job.created_events = created
                job.save(update_fields=["done", "created_events"])
        if job.address and importer is not None:
            keep_in_step(importer=importer, job=job)
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=str(error)[:1000], finished=timezone.now()
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, finished=timezone.now()
    )
    return len(created)


def apply_row(*, importer: User, organisation: Organisation, row: PlanRow) -> Event | None:
    """One "create" or "update" row done; the event, if it is a new one."""
    now = timezone.now()
    uid = row["uid"][:255]
    event = (
        Event.objects.filter(organisation=organisation, imported_uid=uid).first() if uid else None
    )
    if event is not None:
        update_from_entry(importer=importer, event=event, row=row, now=now)
        return None
    return create_from_entry(importer=importer, organisation=organisation, row=row, now=now)


def keep_in_step(*, importer: User, job: ImportJob) -> CalendarSubscription:
    """From now on the calendar at the job's address is re-read on a schedule."""
    subscription, _ = CalendarSubscription.objects.update_or_create(
        organisation=job.organisation,
        address=job.address,
        defaults={
            "created_by": importer,
            "active": True,
            "uids": sorted({row["uid"] for row in job.preview if row.get("uid")}),
            "last_read": timezone.now(),
            "last_error": "",
        },
    )
    return subscription


@task()
def import_in_background(*, job_id: int) -> int:
    """`run_import` in the task worker, for a big file (the services that enqueue a task keep it
    beside them, so they never import events.tasks, which imports the services)."""
    return run_import(job_id=job_id)
