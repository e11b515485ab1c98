"""An organisation's calendar read from its web address (Google, Outlook, any .ics address,
webcal:// too) and kept in step: re-read on a schedule, new entries added as drafts, changed
ones updated, removed ones cancelled, everyone booked told as after any other change.

Reading the address safely (no way into our own network, a deadline, a size limit) is
events.calendar_addresses."""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from community.errors import CommunityError, NotAllowed
from community.models import Organisation, User
from community.permissions import can_manage_events
from community.services.audit import record
from events.calendar_addresses import checked_address, fetch_calendar
from events.errors import ImportFileError
from events.models import CalendarSubscription, Event, ImportJob
from events.services.events import cancel_event
from events.services.importing import WORKING, apply_row, plan_calendar, preview_import

logger = logging.getLogger(__name__)


def preview_subscription(*, importer: User, organisation: Organisation, address: str) -> ImportJob:
    """Read the calendar at the address and say what importing it would do. Confirming it
    (`confirm_import`) imports it and keeps it in step from then on."""
    if not can_manage_events(importer, organisation):
        raise NotAllowed("Only staff of this organisation can import events.")
    url = checked_address(address)
    return preview_import(
        importer=importer, organisation=organisation, source=fetch_calendar(url), address=url
    )


def stop_subscription(*, person: User, subscription: CalendarSubscription) -> None:
    """No more re-reading; the events it brought in stay as they are."""
    if not can_manage_events(person, subscription.organisation):
        raise NotAllowed("Only staff of this organisation can change its imports.")
    CalendarSubscription.objects.filter(pk=subscription.pk).update(active=False)
    record(
        actor=person,
        action="events.import.stopped",
        subject=subscription,
        organisation=subscription.organisation,
    )


def reread(*, subscription: CalendarSubscription) -> dict[str, int]:
    """Read the calendar again and bring its events in step: what was done, by kind."""
    importer = subscription.created_by
    organisation = subscription.organisation
    if importer is None or not can_manage_events(importer, organisation):
        _stopped(subscription, "The person who set this up is no longer staff here.")
        return {}
    now = timezone.now()
    try:
        rows = plan_calendar(
            organisation=organisation, source=fetch_calendar(subscription.address), now=now
        )
    except ImportFileError as error:
        _note(subscription, error.message)
        return {}
    done = {"created": 0, "updated": 0, "cancelled": 0}
    problems = []
    for row in [r for r in rows if r["action"] in WORKING]:
        try:
            with transaction.atomic():
                made = apply_row(importer=importer, organisation=organisation, row=row)
        except CommunityError as error:
            problems.append(f"{row['title']}: {error.message}")
            continue
        done["created" if made else "updated"] += 1
    in_file = {row["uid"] for row in rows if row.get("uid")}
    done["cancelled"] = _cancel_removed(importer, subscription, in_file)
    subscription.uids, subscription.last_read = sorted(in_file), now
    subscription.last_error = "\n".join(problems)[:2000]
    subscription.save(update_fields=["uids", "last_read", "last_error"])
    return done


def _cancel_removed(importer: User, subscription: CalendarSubscription, in_file: set[str]) -> int:
    gone = Event.objects.filter(
        organisation=subscription.organisation,
        imported_uid__in=[uid[:255] for uid in set(subscription.uids) - in_file],
    ).exclude(status=Event.Status.CANCELLED)
    for event in gone:
        cancel_event(canceller=importer, event=event, reason="Removed from the calendar.")
    return len(gone)


def _note(subscription: CalendarSubscription, problem: str) -> None:
    CalendarSubscription.objects.filter(pk=subscription.pk).update(
        last_error=problem[:2000], last_read=timezone.now()
    )


def _stopped(subscription: CalendarSubscription, why: str) -> None:
    CalendarSubscription.objects.filter(pk=subscription.pk).update(active=False, last_error=why)


@task()
def reread_in_background(*, subscription_id: int) -> dict[str, int]:
    subscription = CalendarSubscription.objects.select_related("organisation", "created_by").filter(
        pk=subscription_id, active=True
    )
    found = subscription.first()
    return reread(subscription=found) if found is not None else {}


def reread_all() -> int:
    """The periodic job: one task per calendar, so a slow address holds up no other."""
    ids = list(CalendarSubscription.objects.filter(active=True).values_list("pk", flat=True))
    for subscription_id in ids:
        reread_in_background.enqueue(subscription_id=subscription_id)
    return len(ids)
