"""Creating, changing, publishing and cancelling an event, by its organisation's staff."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from community.content import render_markdown
from community.errors import NotAllowed
from community.models import Organisation, Theme, User
from community.permissions import can_manage_events
from community.services.audit import record
from community.services.memberships import roles_changed
from events.errors import EventError
from events.feeds import feeds_changed, next_stamp, occurrence_people
from events.limits import check_places
from events.models import Event, Occurrence
from events.permissions import can_be_host, can_cancel_event, can_manage_event
from events.services.capacity import lock_occurrence
from events.services.occurrences import cancel_occurrence
from events.services.promotion import promote_from_waiting_list

EDITABLE_FIELDS = (
    "kind", "title", "summary", "description", "audience", "format", "venue_name", "address",
    "postcode", "area", "step_free", "accessible_toilet", "hearing_loop", "bsl_interpreter",
    "quiet_space", "parking", "transport_notes", "joining_link", "use_site_chat_room", "capacity",
    "cost", "booking_closes_minutes", "online_capacity", "waiting_list_mode", "offer_hours",
)  # fmt: skip

# Booking rules organisers choose: how long an offered place is held (a week at most), and how
# long before a date its bookings may close (thirty days at most).
OFFER_HOURS_RANGE = (1, 168)
MAX_CLOSE_MINUTES = 30 * 24 * 60


# Fixed pages under /events/ whose addresses an event's slug must never take.
RESERVED_SLUGS = {
    "calendar",
    "my-bookings",
    "my-calendar",
    "manage",
    "give-back",
    "reminders",
    "waiting",
    "new",
    "hosting",
}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:80] or "event"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _lock_event(event: Event) -> Event:
    """Within a transaction: the event row, locked until commit, with its repeat rule (if any)
    read in the same query, so what a service returns can be shown without reading more."""
    return Event.objects.select_for_update(of=("self",)).select_related("series").get(pk=event.pk)


def _check_booking_rules(event: Event) -> None:
    if event.online_capacity is not None:
        if event.format != Event.Format.HYBRID:
            raise EventError(
                "online_places_not_hybrid",
                "Online places are only for events that are both online and in person.",
                field="online_capacity",
            )
        if event.online_capacity >= event.capacity:
            raise EventError(
                "online_places_too_many",
                f"Online places must be fewer than all the places ({event.capacity}), so that "
                "some are in person.",
                field="online_capacity",
            )
    low, high = OFFER_HOURS_RANGE
    if not low <= event.offer_hours <= high:
        raise EventError(
            "offer_hours",
            f"Give people between {low} and {high} hours (a week) to accept a place.",
            field="offer_hours",
        )
    if not 0 <= event.booking_closes_minutes <= MAX_CLOSE_MINUTES:
        raise EventError(
            "booking_closes",
            "Bookings can close at most 30 days before each date.",
            field="booking_closes_minutes",
        )


def _check_and_save(event: Event) -> None:
    check_places(event.capacity)
    _check_booking_rules(event)
    if not event.title.strip():
        raise EventError("title_needed", "Enter a title.", field="title")
    online_without_a_way_in = event.format != Event.Format.IN_PERSON and not (
        event.joining_link or event.use_site_chat_room
    )
    if online_without_a_way_in and event.status == Event.Status.PUBLISHED:
        raise EventError(
            "joining_link_needed",
            "Online events need a joining link, or the site's chat room.",
            field="joining_link",
        )
    try:
        event.full_clean(exclude=["slug", "organisation", "created_by"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise EventError("invalid", messages[0], field=field) from error
    event.save()


def _set_people(event: Event, *, themes, hosts) -> None:
    if themes is not None:
        event.themes.set(list(themes))
    if hosts is not None:
        hosts = list(hosts)
        for host in hosts:
            if not can_be_host(host, event):
                raise EventError(
                    "host_not_allowed",
                    f"{host.display_name} is not staff or a trained volunteer here.",
                    field="hosts",
                )
        before = set(event.hosts.values_list("pk", flat=True))
        event.hosts.set(hosts)
        changed = before ^ {host.pk for host in hosts}
        if changed:
            # Hosted dates are in the hosts' own feeds, and "Sessions I host" in their header.
            feeds_changed(person_ids=changed)
            roles_changed(sorted(changed))


def create_event(
    *,
    creator: User,
    organisation: Organisation,
    title: str,
    kind: str = Event.Kind.WORKSHOP,
    themes: list[Theme] | None = None,
    hosts: list[User] | None = None,
    slug: str = "",
    **fields,
) -> Event:
    """A new event, as a draft: nobody else sees it until it is published."""
    if not can_manage_events(creator, organisation):
        raise NotAllowed("Only staff of this organisation can add events.")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise EventError("not_editable", f"These cannot be set: {', '.join(sorted(unknown))}.")
    if slug in RESERVED_SLUGS:
        raise EventError(
            "slug_reserved", "Choose another web address for this event.", field="slug"
        )
    with transaction.atomic():
        event = Event(
            organisation=organisation,
            title=title.strip(),
            kind=kind,
            slug=slug or _unique_slug(title),
            created_by=creator,
            **fields,
        )
        event.description_html = render_markdown(event.description)
        _check_and_save(event)
        _set_people(event, themes=themes, hosts=hosts)
        record(
            actor=creator, action="events.event.created", subject=event, organisation=organisation
        )
    return event


def update_event(
    *,
    editor: User,
    event: Event,
    themes: list[Theme] | None = None,
    hosts: list[User] | None = None,
    **changes,
) -> Event:
    if not can_manage_event(editor, event):
        raise NotAllowed("Only staff of this organisation can change its events.")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise EventError("not_editable", f"These cannot be changed: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        event = _lock_event(event)
        online_before = event.online_capacity
        for field, value in changes.items():
            setattr(event, field, value.strip() if isinstance(value, str) else value)
        if event.format != Event.Format.HYBRID and "online_capacity" not in changes:
            # No longer hybrid: the split of places goes with it.
            event.online_capacity = None
        if "description" in changes:
            event.description_html = render_markdown(event.description)
        event.sequence += 1
        event.last_modified = next_stamp(event.last_modified)
        _check_and_save(event)
        _set_people(event, themes=themes, hosts=hosts)
        if "capacity" in changes:
            _raise_capacity(event)
        if event.online_capacity != online_before:
            _share_online_places(event)
        feeds_changed(events=[event], person_ids=_booked_people(event))
        record(
            actor=editor,
            action="events.event.changed",
            subject=event,
            organisation=event.organisation,
            fields=sorted(changes) + (["themes"] if themes is not None else []),
        )
    return event


def publish_event(*, publisher: User, event: Event) -> Event:
    if not can_manage_event(publisher, event):
        raise NotAllowed("Only staff of this organisation can publish its events.")
    with transaction.atomic():
        event = _lock_event(event)
        if event.status == Event.Status.CANCELLED:
            raise EventError("event_cancelled", "A cancelled event cannot be published again.")
        if event.status == Event.Status.PUBLISHED:
            return event
        dates = event.occurrences.exclude(status=Occurrence.Status.CANCELLED)
        if not dates.filter(start__gt=timezone.now()).exists():
            # Published with nothing to book, it would be in no list and no calendar.
            if dates.exists():
                raise EventError(
                    "no_dates",
                    "Every date of this event is over. Add a date still to come before you "
                    "publish it.",
                    field="publish",
                )
            raise EventError(
                "no_dates", "Add a date before you publish this event.", field="publish"
            )
        event.status = Event.Status.PUBLISHED
        event.sequence += 1
        event.last_modified = next_stamp(event.last_modified)
        _check_and_save(event)
        feeds_changed(events=[event])
        record(
            actor=publisher,
            action="events.event.published",
            subject=event,
            organisation=event.organisation,
        )
    return event


def cancel_event(*, canceller: User, event: Event, reason: str = "") -> Event:
    """Cancels the event and every date still to come; everyone booked is told. A moderator may
    too (removing an event through moderation)."""
    if not can_cancel_event(canceller, event):
        raise NotAllowed("Only staff of this organisation can cancel its events.")
    with transaction.atomic():
        upcoming = event.occurrences.filter(start__gt=timezone.now()).exclude(
            status=Occurrence.Status.CANCELLED
        )
        for occurrence in upcoming:
            cancel_occurrence(canceller=canceller, occurrence=occurrence, reason=reason)
        event = _lock_event(event)
        event.status = Event.Status.CANCELLED
        event.sequence += 1
        event.last_modified = next_stamp(event.last_modified)
        event.save(update_fields=["status", "sequence", "last_modified", "updated"])
        feeds_changed(events=[event])
        record(
            actor=canceller,
            action="events.event.cancelled",
            subject=event,
            organisation=event.organisation,
            reason=reason,
        )
    return event


def _raise_capacity(event: Event) -> None:
    """Dates to come with fewer places than the event's new number get more (never fewer:
    nobody loses a place), and the extra places go to the waiting list at once."""
    smaller = event.occurrences.filter(start__gt=timezone.now(), capacity__lt=event.capacity)
    for occurrence_id in smaller.values_list("pk", flat=True):
        occurrence = lock_occurrence(occurrence_id)
        occurrence.capacity = event.capacity
        occurrence.save(update_fields=["capacity"])
        promote_from_waiting_list(occurrence=occurrence)


def _share_online_places(event: Event) -> None:
    """Dates to come take the event's split of online and in-person places (never all of a
    date's places online). Nobody loses a place: the split limits new bookings only."""
    upcoming = event.occurrences.filter(start__gt=timezone.now()).exclude(
        status=Occurrence.Status.CANCELLED
    )
    if event.online_capacity is None:
        upcoming.update(online_capacity=None)
        return
    upcoming.filter(capacity__gt=event.online_capacity).update(
        online_capacity=event.online_capacity
    )
    upcoming.filter(capacity__lte=event.online_capacity).update(online_capacity=F("capacity") - 1)


def _booked_people(event: Event) -> list[int]:
    return occurrence_people(event.occurrences.filter(end__gte=timezone.now()))
