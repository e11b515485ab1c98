"""Events as something people can report: how the moderation queue describes an event, who may
report it, and what hiding, showing again and removing do. Registered in EventsConfig.ready().

Hiding (or an automatic hold) takes the event out of every public list, search, organisation
programme and calendar feed; its page answers 404 to everyone but its organisation's staff and
moderators. People booked keep their places: their own calendar feed keeps the dates.
"""

import html

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator

from community.errors import NotAllowed
from community.models import User
from community.safety.registry import Described, ReportableKind, register_reportable
from community.safety.visibility import Visibility
from events.feeds import feeds_changed
from events.links import event_url
from events.models import Event
from events.permissions import can_cancel_event, can_see_event
from events.services.events import cancel_event

KIND = "event"
EXCERPT_CHARACTERS = 300
# Told to everyone booked on a date that a removal cancels.
REMOVED_REASON = "A moderator removed this event."


def plain_excerpt(event: Event) -> str:
    """What the organisation wrote about the event, as plain text."""
    text = html.unescape(strip_tags(event.description_html)) or event.summary
    return Truncator(" ".join(text.split())).chars(EXCERPT_CHARACTERS)


def describe(ids: list[int]) -> dict[int, Described]:
    """One query however many events."""
    events = Event.objects.filter(pk__in=ids).only(
        "pk",
        "slug",
        "title",
        "summary",
        "description_html",
        "created_by_id",
        "organisation_id",
        "visibility",
        "status",
    )
    return {
        event.pk: Described(
            kind=KIND,
            id=event.pk,
            label=f"Event “{event.title}”",
            excerpt=plain_excerpt(event),
            url=event_url(event),
            author_id=event.created_by_id,
            organisation_id=event.organisation_id,
            visibility=event.visibility,
            removed=event.status == Event.Status.CANCELLED
            and event.visibility == Visibility.HIDDEN,
        )
        for event in events
    }


def can_see(person: User, event_id: int) -> bool:
    event = Event.objects.select_related("organisation").filter(pk=event_id).first()
    return event is not None and can_see_event(person, event)


def set_visibility(event_id: int, visibility: str, actor: User | None) -> None:
    """Every feed the event is in is rebuilt: a hidden event leaves them, a restored one comes
    back. Bookings are untouched."""
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.visibility == visibility:
            return
        event.visibility = visibility
        event.save(update_fields=["visibility", "updated"])
        feeds_changed(events=[event])


def remove(event_id: int, actor: User) -> None:
    """Cancel it as its staff would (everyone booked is told) and hide it from every list."""
    event = Event.objects.select_related("organisation").filter(pk=event_id).first()
    if event is None:
        return
    if not can_cancel_event(actor, event):
        raise NotAllowed("Only a moderator or the organisation's staff can remove this event.")
    with transaction.atomic():
        if event.status != Event.Status.CANCELLED:
            event = cancel_event(canceller=actor, event=event, reason=REMOVED_REASON)
        set_visibility(event.pk, Visibility.HIDDEN, actor)


def remove_all_by(person: User, actor: User) -> int:
    """Every event the person created that is not already removed."""
    created = Event.objects.filter(created_by=person).exclude(
        status=Event.Status.CANCELLED, visibility=Visibility.HIDDEN
    )
    ids = list(created.values_list("pk", flat=True))
    for event_id in ids:
        remove(event_id, actor)
    return len(ids)


register_reportable(
    ReportableKind(
        name=KIND,
        title="event",
        describe=describe,
        can_see=can_see,
        set_visibility=set_visibility,
        remove=remove,
        remove_all_by=remove_all_by,
        # No notification_about: events notify only about bookings and dates, to the people
        # booked, who keep their places (and a removal's own cancellation notices must stay).
    )
)
