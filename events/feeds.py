"""iCalendar feeds (RFC 5545), built once per change and served from the cache.

Every feed carries TZID=Europe/London times with a matching VTIMEZONE, stable UIDs, SEQUENCE and
LAST-MODIFIED that rise on every change, cancelled dates kept as STATUS:CANCELLED, METHOD:PUBLISH
and a calendar name. Nothing in a feed comes from the clock: DTSTAMP is the last change, so the
same data always gives the same bytes, and the ETag is a hash of those bytes.

A FeedVersion row per feed is bumped in the same transaction as any change; the cache key holds
that version (and the UK date, because "upcoming" moves on each day), so a stale feed is never
served and an unchanged one is never rebuilt.
"""

import copy
import datetime
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar import Event as VEvent

from community.models import Organisation
from events.links import absolute, chat_room_path, event_url, uses_chat_room
from events.models import (
    Appointment,
    Booking,
    CalendarFeedToken,
    Event,
    FeedVersion,
    Occurrence,
)
from events.permissions import public_condition, published_condition
from events.recurrence import LONDON, UTC, uk_local

PRODID = "-//Alongside//Events//EN"
# Dates already past stay in a feed this long, so subscribed calendars keep a year of history
# (a calendar app drops what vanishes from a feed).
KEEP_PAST_DAYS = 365
CACHE_SECONDS = 60 * 60 * 24
VERSION_CACHE_SECONDS = 30


@dataclass(frozen=True)
class Entry:
    """One date in a feed. With a booking it is that person's own copy: their own UID, the
    joining link and chat room while they have the place, and cancelled when either the date
    or the booking is."""

    occurrence: Occurrence
    booking: Booking | None = None
    # In a person's own feed: the id of the person hosting this date (their own UID, the
    # joining link, and "You are hosting" in the description).
    host_id: int | None = None


@dataclass(frozen=True)
class BuiltFeed:
    body: bytes
    etag: str
    last_modified: datetime.datetime


# --- Versions -------------------------------------------------------------------------------


def event_key(event_id: int) -> str:
    return f"event:{event_id}"


def organisation_key(organisation_id: int) -> str:
    return f"organisation:{organisation_id}"


def person_key(person_id: int) -> str:
    return f"person:{person_id}"


def _bump_versions(keys: list[str]) -> None:
    """Add one to every key's version in a fixed number of queries, however many feeds. Rows
    are locked in key order (so two writers never deadlock), missing ones are made at 0 (a
    writer that made the same one first wins, quietly), then all are bumped together."""
    now = timezone.now()
    rows = FeedVersion.objects.filter(key__in=keys)
    existing = set(rows.select_for_update().order_by("key").values_list("key", flat=True))
    missing = [key for key in keys if key not in existing]
    if missing:
        FeedVersion.objects.bulk_create(
            [FeedVersion(key=key, version=0, changed=now) for key in missing],
            ignore_conflicts=True,
        )
    rows.update(version=F("version") + 1, changed=now)


def feeds_changed(
    *,
    events: Iterable[Event] = (),
    person_ids: Iterable[int | None] = (),
) -> None:
    """Within the caller's transaction: mark these feeds stale (their events' organisation feeds
    too). Call it from every service that changes what a feed shows. A None person id (a walk-in
    booking without an account) has no feed and is skipped."""
    keys: set[str] = set()
    for event in events:
        keys.add(event_key(event.pk))
        keys.add(organisation_key(event.organisation_id))
    keys.update(person_key(person_id) for person_id in person_ids if person_id)
    if keys:
        _bump_versions(sorted(keys))
    # The cached copies of the versions are only a shortcut to the rows: forget them now and
    # again after commit (a reader in between may have cached the old row).
    stale = [_version_cache_key(key) for key in keys]
    cache.delete_many(stale)
    transaction.on_commit(lambda: cache.delete_many(stale))


def occurrence_people(occurrences: Iterable[Occurrence]) -> list[int]:
    """Everyone whose personal feed shows one of these dates: booked, or no longer (their feed
    keeps the date, cancelled, until it is over), and the people hosting them."""
    occurrences = list(occurrences)
    booked = set(
        Booking.objects.filter(occurrence__in=occurrences, person__isnull=False)
        .values_list("person_id", flat=True)
        .distinct()
    )
    hosts = Event.hosts.through.objects.filter(
        event_id__in={occurrence.event_id for occurrence in occurrences}
    ).values_list("user_id", flat=True)
    own_hosts = {occurrence.host_id for occurrence in occurrences if occurrence.host_id}
    return sorted(booked | set(hosts) | own_hosts)


def _version_cache_key(key: str) -> str:
    return f"events:feed-version:{key}"


def _version(key: str) -> int:
    """The feed's version from its row, copied to the cache for the next request. The copy lives
    briefly, so that even a process-local cache shared with no other process (the embedded
    default with a separate task worker) catches up soon."""
    version = FeedVersion.objects.filter(key=key).values_list("version", flat=True).first() or 0
    cache.set(_version_cache_key(key), version, VERSION_CACHE_SECONDS)
    return version


class CachedFeed:
    """A feed as the views need it. One cache round trip fetches the feed's version and its
    small `meta` entry (version, day, ETag, Last-Modified); when they agree, a conditional GET
    that ends in 304 needs nothing else: no query, no body fetched, nothing built."""

    def __init__(self, key: str, build: Callable[[], BuiltFeed]):
        self._build = build
        self._body: bytes | None = None
        today = timezone.localdate().isoformat()
        version_key, meta_key = _version_cache_key(key), f"events:feed:{key}:meta"
        found = cache.get_many([version_key, meta_key])
        version = found.get(version_key)
        if version is None:
            version = _version(key)
        self._body_key = f"events:feed:{key}:v{version}:{today}:body"
        self._meta_key, self._stamp = meta_key, (version, today)
        meta = found.get(meta_key)
        if meta is not None and meta[:2] == self._stamp:
            self.etag, self.last_modified = meta[2:]
        else:
            self._store(build())

    def _store(self, built: BuiltFeed) -> None:
        self.etag, self.last_modified, self._body = built.etag, built.last_modified, built.body
        meta = (*self._stamp, built.etag, built.last_modified)
        cache.set_many({self._meta_key: meta, self._body_key: built.body}, CACHE_SECONDS)

    @property
    def body(self) -> bytes:
        if self._body is None:
            self._body = cache.get(self._body_key)
        if self._body is None:  # evicted on its own: build again (same data, same bytes)
            built = self._build()
            self._store(built)
            return built.body
        return self._body


def _cached(key: str, build: Callable[[datetime.date], BuiltFeed]) -> CachedFeed:
    return CachedFeed(key, lambda: build(timezone.localdate()))


# --- The three feeds ------------------------------------------------------------------------


def _window_start(today: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        today - datetime.timedelta(days=KEEP_PAST_DAYS), datetime.time(0), LONDON
    )


def _public_occurrences(today: datetime.date) -> QuerySet[Occurrence]:
    """Dates of public events only: a draft is in no feed."""
    return (
        Occurrence.objects.filter(public_condition("event__"), end__gte=_window_start(today))
        .select_related("event", "event__organisation")
        .order_by("start", "id")
    )


def event_feed(*, event: Event) -> CachedFeed:
    def build(today: datetime.date) -> BuiltFeed:
        occurrences = _public_occurrences(today).filter(event=event)
        return render_feed(
            name=f"{event.title} — {event.organisation.name}",
            entries=[Entry(o) for o in occurrences],
            floor=_floor(today, event.last_modified),
        )

    return _cached(event_key(event.pk), build)


def event_feed_by_slug(*, slug: str) -> CachedFeed | None:
    """For the feed address: the event's feed, or None if there is no such public event (a
    draft has no feed, as it has no page for the public)."""
    event = (
        Event.objects.select_related("organisation").filter(public_condition(), slug=slug).first()
    )
    return None if event is None else event_feed(event=event)


def organisation_feed(*, organisation: Organisation) -> CachedFeed:
    def build(today: datetime.date) -> BuiltFeed:
        occurrences = _public_occurrences(today).filter(event__organisation=organisation)
        return render_feed(
            name=f"{organisation.name}: events",
            entries=[Entry(o) for o in occurrences],
            floor=_floor(today),
        )

    return _cached(organisation_key(organisation.pk), build)


def organisation_feed_by_slug(*, slug: str) -> CachedFeed | None:
    """For the feed address: the organisation is looked up by slug only when its feed must be
    built, through a cached slug → id (slugs are not changed by the services)."""
    slug_key = f"events:organisation-id:{slug}"
    organisation_id = cache.get(slug_key)
    if organisation_id is None:
        organisation_id = (
            Organisation.objects.filter(slug=slug).values_list("pk", flat=True).first()
        )
        if organisation_id is None:
            return None
        cache.set(slug_key, organisation_id, CACHE_SECONDS)

    def build(today: datetime.date) -> BuiltFeed:
        organisation = Organisation.objects.get(pk=organisation_id)
        occurrences = _public_occurrences(today).filter(event__organisation_id=organisation_id)
        return render_feed(
            name=f"{organisation.name}: events",
            entries=[Entry(o) for o in occurrences],
            floor=_floor(today),
        )

    return _cached(organisation_key(organisation_id), build)


def personal_feed(*, token: str) -> CachedFeed | None:
    """A person's own bookings, joining links included, and their one-to-one appointments. None
    if the token is not (or no longer) anyone's: the view answers 404 and reveals nothing."""
    person_id = (
        CalendarFeedToken.objects.filter(token=token, person__is_active=True)
        .values_list("person_id", flat=True)
        .first()
    )
    if person_id is None:
        return None

    def build(today: datetime.date) -> BuiltFeed:
        # Each entry's LAST-MODIFIED counts the person's own booking and cancelling too.
        entries = _own_entries(person_id, today)
        return render_feed(
            name="Alongside: my bookings",
            entries=entries,
            floor=_floor(today),
            appointments=_own_appointments(person_id, today),
        )

    return _cached(person_key(person_id), build)


def _own_entries(person_id: int, today: datetime.date) -> list[Entry]:
    """A person's places, and the ones they no longer have until the date is over (marked
    cancelled, so a calendar app that copied the date takes it out), and the dates they host.
    One entry per date, under the person's one UID for it, however many bookings they hold
    there (a carer books for himself and his mother; a booking cancelled, then booked again):
    see `_one_booking`. Two queries."""
    bookings = (
        Booking.objects.filter(person_id=person_id)
        .filter(
            Q(status=Booking.Status.CONFIRMED, occurrence__end__gte=_window_start(today))
            | Q(status=Booking.Status.CANCELLED, occurrence__end__gte=_day_start(today))
        )
        .select_related("occurrence__event__organisation")
        .order_by("occurrence__start", "occurrence_id", "pk")
    )
    by_date: dict[int, list[Booking]] = {}
    for booking in bookings:
        by_date.setdefault(booking.occurrence_id, []).append(booking)
    hosted = {
        occurrence.pk: occurrence
        for occurrence in Occurrence.objects.filter(
            Q(host_id=person_id) | Q(event__hosts=person_id),
            published_condition("event__"),
            end__gte=_window_start(today),
        )
        .select_related("event__organisation")
        .distinct()
    }
    entries = [
        Entry(
            rows[0].occurrence,
            _one_booking(rows),
            host_id=person_id if occurrence_id in hosted else None,
        )
        for occurrence_id, rows in by_date.items()
    ]
    entries += [
        Entry(occurrence, host_id=person_id)
        for occurrence_id, occurrence in hosted.items()
        if occurrence_id not in by_date
    ]
    return sorted(entries, key=lambda entry: (entry.occurrence.start, entry.occurrence.pk))


def _one_booking(bookings: list[Booking]) -> Booking:
    """The person's entry for a date from all their bookings of it (oldest first): confirmed if
    any is, with the highest SEQUENCE of them and the latest change of any, so it never goes
    back when one of several places is cancelled. A copy: nothing is saved."""
    confirmed = [booking for booking in bookings if booking.is_confirmed]
    one = copy.copy((confirmed or bookings)[-1])
    one.sequence = max(booking.sequence for booking in bookings)
    one.created = max(booking.created for booking in bookings)
    cancelled = [booking.cancelled_at for booking in bookings if booking.cancelled_at]
    one.cancelled_at = max(cancelled) if cancelled else None
    return one


def _own_appointments(person_id: int, today: datetime.date) -> list[Appointment]:
    """The person's one-to-one appointments, either side, kept as long as booked places are (a
    cancelled one stays, marked, until its day is over), in one query."""
    return list(
        Appointment.objects.filter(Q(organiser_id=person_id) | Q(guest_id=person_id))
        .filter(
            Q(cancelled_at__isnull=True, ends__gte=_window_start(today))
            | Q(cancelled_at__isnull=False, ends__gte=_day_start(today))
        )
        .select_related("organiser", "guest")
        .order_by("starts", "pk")
    )


def _day_start(today: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(today, datetime.time(0), LONDON)


def _floor(today: datetime.date, *moments: datetime.datetime | None) -> datetime.datetime:
    """Last-Modified is never earlier than the start of the feed's day (the window moves then)."""
    start = _day_start(today).astimezone(UTC)
    return max([start, *[m for m in moments if m is not None]])


# --- Building -------------------------------------------------------------------------------


def render_feed(
    *,
    name: str,
    entries: list[Entry],
    floor: datetime.datetime,
    appointments: Sequence[Appointment] = (),
) -> BuiltFeed:
    """A feed of these dates, and these one-to-one appointments (METHOD:PUBLISH: calendar apps
    show it as it is)."""
    calendar = new_calendar(name=name, method="PUBLISH")
    last = floor
    for entry in entries:
        calendar.add_component(
            vevent(entry.occurrence, booking=entry.booking, host_id=entry.host_id)
        )
        last = max(last, entry_changed_at(entry.occurrence, entry.booking))
    for appointment in appointments:
        calendar.add_component(appointment_vevent(appointment))
        last = max(last, appointment.updated.astimezone(UTC))
    if entries or appointments:
        calendar.add_component(london_timezone())
    body = calendar.to_ical()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return BuiltFeed(body=body, etag=etag, last_modified=last.replace(microsecond=0))


def new_calendar(*, name: str, method: str) -> Calendar:
    """An empty VCALENDAR; feeds and e-mailed invitations (events.invitations) fill it with the
    same VEVENTs, so a date has the same UID and SEQUENCE in both."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    return calendar


def changed_at(occurrence: Occurrence) -> datetime.datetime:
    return max(occurrence.last_modified, occurrence.event.last_modified).astimezone(UTC)


def entry_changed_at(occurrence: Occurrence, booking: Booking | None) -> datetime.datetime:
    """The date's last change, or the person's own (booked, cancelled) if later."""
    moments = [changed_at(occurrence)]
    if booking is not None:
        moments += [m.astimezone(UTC) for m in (booking.created, booking.cancelled_at) if m]
    return max(moments)


def next_stamp(previous: datetime.datetime | None) -> datetime.datetime:
    """Now, to the second (as iCalendar writes it), but always later than the previous stamp,
    so LAST-MODIFIED rises even for two changes within one second."""
    now = timezone.now().replace(microsecond=0)
    if previous is None:
        return now
    return max(now, previous.replace(microsecond=0) + datetime.timedelta(seconds=1))


def uid_for(occurrence: Occurrence, person_id: int | None = None) -> str:
    """The public UID, or one of a person's own booking (so the organisation feed and the
    personal feed can both be subscribed without the apps merging them)."""
    if person_id is None:
        return occurrence.uid
    return f"booking-{occurrence.pk}-{person_id}@alongside"


def sequence_of(occurrence: Occurrence, booking: Booking | None = None) -> int:
    """SEQUENCE: each counter only rises (the event's on every change of the event, the date's
    on every change of the date, the booking's when it is cancelled or the date booked again),
    so their sum rises with every change a calendar app must take."""
    own = booking.sequence if booking is not None else 0
    return occurrence.event.sequence + occurrence.sequence + own


def is_cancelled(occurrence: Occurrence, booking: Booking | None = None) -> bool:
    cancelled = occurrence.is_cancelled or occurrence.event.status == Event.Status.CANCELLED
    return cancelled or (booking is not None and not booking.is_confirmed)


def vevent(
    occurrence: Occurrence, *, booking: Booking | None = None, host_id: int | None = None
) -> VEvent:
    """The date as a VEVENT; with a booking or a host's id, that person's own copy (see Entry).
    A host's copy is theirs whether or not they also hold a place, and stays on while the date
    does, even if their place is cancelled."""
    event = occurrence.event
    # The joining link and the room are for people with a place (not in a cancelled one's
    # copy) and the hosts.
    private = host_id is not None or (booking is not None and booking.is_confirmed)
    changed = entry_changed_at(occurrence, booking).replace(microsecond=0)
    person_id = host_id if host_id is not None else getattr(booking, "person_id", None)
    component = VEvent()
    component.add("uid", uid_for(occurrence, person_id))
    component.add("dtstamp", changed)
    component.add("last-modified", changed)
    component.add("sequence", sequence_of(occurrence, booking))
    component.add("dtstart", calendar_time(occurrence.start))
    component.add("dtend", calendar_time(occurrence.end))
    # A themed date says its theme in the title: "Benefits drop-in: employing a PA".
    summary = f"{event.title}: {occurrence.theme}" if occurrence.theme else event.title
    component.add("summary", summary)
    description = _description(occurrence, private=private)
    if host_id is not None:
        description = f"You are hosting this date.\n\n{description}"
    component.add("description", description)
    component.add("location", _location(occurrence, private=private))
    component.add("url", absolute(event_url(event)))
    component.add("categories", [event.get_kind_display()])
    own_place = booking if host_id is None else None  # a host's copy goes with the date
    cancelled = is_cancelled(occurrence, own_place)
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return component


def appointment_uid(appointment: Appointment) -> str:
    """One UID for both people's copies: it is the same meeting in each of their calendars."""
    return f"appointment-{appointment.pk}@alongside"


def appointment_vevent(appointment: Appointment) -> VEvent:
    """A one-to-one appointment as a VEVENT. It is only ever in the two people's own feeds, so
    it may say who they are (by display name) and where they meet."""
    changed = appointment.updated.astimezone(UTC).replace(microsecond=0)
    people = (appointment.organiser, appointment.guest)  # an erased account leaves None
    names = [person.display_name if person is not None else "someone" for person in people]
    lines = [f"A one-to-one appointment between {names[0]} and {names[1]}."]
    lines.append(f"How you will meet: {appointment.get_way_display()}.")
    component = VEvent()
    component.add("uid", appointment_uid(appointment))
    component.add("dtstamp", changed)
    component.add("last-modified", changed)
    component.add("sequence", appointment.sequence)
    component.add("dtstart", calendar_time(appointment.starts))
    component.add("dtend", calendar_time(appointment.ends))
    component.add("summary", appointment.title)
    component.add("description", "\n\n".join(lines))
    component.add("location", appointment.where or appointment.get_way_display())
    component.add("class", "PRIVATE")
    component.add("status", "CANCELLED" if appointment.cancelled_at else "CONFIRMED")
    return component


def calendar_time(moment: datetime.datetime) -> datetime.datetime:
    """UK local time with TZID=Europe/London, as people read it, except in the hour the clocks go
    back, which happens twice: RFC 5545 says such a local time means the first, but ical.js
    (Thunderbird) takes the second, so a time in that hour is written in UTC, which every
    client reads as the one instant it is."""
    local = uk_local(moment).replace(microsecond=0)
    twice = local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
    return local.astimezone(UTC) if twice else local


def location_of(event: Event) -> str:
    if event.format == Event.Format.ONLINE:
        return "Online"
    place = ", ".join(p for p in (event.venue_name, event.address, event.postcode) if p)
    return f"{place} (and online)" if event.format == Event.Format.HYBRID else place


def _location(occurrence: Occurrence, *, private: bool) -> str:
    """Where, as a calendar app shows it: for someone with a place on a date held only in the
    site's chat room, the room's address (apps make it a link); otherwise the venue or "Online"."""
    event = occurrence.event
    if private and uses_chat_room(event) and event.format == Event.Format.ONLINE:
        return absolute(chat_room_path(occurrence))
    return location_of(event)


def _description(occurrence: Occurrence, *, private: bool) -> str:
    event = occurrence.event
    lines = [event.summary] if event.summary else []
    lines.append(f"Run by {event.organisation.name}.")
    if occurrence.theme:
        theme = f"This date's theme: {occurrence.theme.rstrip('.')}."
        lines.append(f"{theme} {occurrence.theme_description}".strip())
    if occurrence.change_reason:  # why it moved or was cancelled
        lines.append(occurrence.change_reason)
    if occurrence.note:
        lines.append(occurrence.note)
    if event.is_in_person and event.access_features:
        lines.append("Access: " + ", ".join(event.access_features) + ".")
    if private and event.joining_link:
        lines.append(f"Join online: {event.joining_link}")
    if private and uses_chat_room(event):
        lines.append(
            f"Join in the chat room: {absolute(chat_room_path(occurrence))} (it opens 15 minutes "
            "before the start)"
        )
    lines.append(absolute(event_url(event)))
    return "\n\n".join(lines)


def london_timezone() -> Timezone:
    """Europe/London as Google, Outlook and Apple write it: one yearly rule for each change
    (clocks forward at 01:00 UTC on the last Sunday of March, back at 01:00 UTC on the last
    Sunday of October, the rule since 1996), not a list of dates. Every client reads a rule;
    some (Mozilla's ical.js, so Thunderbird) read only the first of several dates on one RDATE
    line, and put a whole summer an hour out. Feeds hold no date before 1996, and a change of
    the law would change the tz database, which a test compares this with."""
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    zone.add("x-lic-location", "Europe/London")
    for observance, name, before, after, first, month in (
        (TimezoneDaylight(), "BST", 0, 1, datetime.datetime(1970, 3, 29, 1, 0), 3),
        (TimezoneStandard(), "GMT", 1, 0, datetime.datetime(1970, 10, 25, 2, 0), 10),
    ):
        observance.add("tzname", name)
        observance.add("tzoffsetfrom", datetime.timedelta(hours=before))
        observance.add("tzoffsetto", datetime.timedelta(hours=after))
        observance.add("dtstart", first)
        observance.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(observance)
    return zone
