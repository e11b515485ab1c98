"""Read-only queries about events, shaped for pages and the API. Lists cost a fixed number of
queries however many rows: counts are annotated, relations joined or prefetched."""

import datetime
from dataclasses import dataclass
from typing import TypedDict, TypeVar

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from community.models import Membership, Organisation, Theme, User
from community.permissions import Person, is_signed_in
from community.safety.visibility import Visibility
from events.models import (
    AccessRequest,
    Booking,
    CalendarFeedToken,
    CalendarSubscription,
    Event,
    ImportJob,
    Occurrence,
    WaitingListEntry,
)
from events.models.bookings import places_sum
from events.permissions import (
    can_manage_event,
    can_moderate_event,
    can_see_event,
    host_memberships,
    public_condition,
    published_condition,
)
from events.services.access_requests import NEED_LABELS
from events.services.capacity import entry_places


@dataclass(frozen=True)
class EventFilters:
    """What people can narrow a list by; every field optional."""

    organisation: str = ""  # slug
    kind: str = ""
    format: str = ""
    theme: str = ""  # slug
    area: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    step_free: bool = False
    bsl: bool = False
    # Words to find in the event's title, summary or description, or in a date's own theme.
    q: str = ""


# What `_filter_events` narrows: events, or (with prefix="event__") their dates.
_EventOrDate = TypeVar("_EventOrDate", Event, Occurrence)


def _filter_events(
    events: QuerySet[_EventOrDate], filters: EventFilters, prefix: str = ""
) -> QuerySet[_EventOrDate]:
    conditions: dict[str, str | bool] = {}
    if filters.organisation:
        conditions[f"{prefix}organisation__slug"] = filters.organisation
    if filters.kind:
        conditions[f"{prefix}kind"] = filters.kind
    if filters.format:
        conditions[f"{prefix}format"] = filters.format
    if filters.theme:
        conditions[f"{prefix}themes__slug"] = filters.theme
    if filters.step_free:
        conditions[f"{prefix}step_free"] = True
    if filters.bsl:
        conditions[f"{prefix}bsl_interpreter"] = True
    events = events.filter(**conditions)
    if filters.area:
        # An event's own venue area, or its organisation's when the venue has none.
        events = events.filter(
            Q(**{f"{prefix}area": filters.area})
            | Q(**{f"{prefix}area": "", f"{prefix}organisation__area": filters.area})
        )
    return events


# More words than this in a search are ignored: each is one more condition on every date.
SEARCH_WORDS = 8


def _dates_matching(occurrences: QuerySet[Occurrence], q: str) -> QuerySet[Occurrence]:
    """Dates where every word is in the event's title, summary or description, or in the date's
    own theme or its description (so "PA" finds the drop-in whose next date is about employing
    a PA, and that date)."""
    for word in q.split()[:SEARCH_WORDS]:
        occurrences = occurrences.filter(
            Q(event__title__icontains=word)
            | Q(event__summary__icontains=word)
            | Q(event__description__icontains=word)
            | Q(theme__icontains=word)
            | Q(theme_description__icontains=word)
        )
    return occurrences


def _places_taken(outer: str = "pk") -> Coalesce:
    """Places booked, and places held for people offered them from the waiting list (nobody
    else may book those: the same count as `events.services.capacity.count_places`)."""
    booked = Coalesce(
        Subquery(
            Booking.objects.filter(occurrence=OuterRef(outer), status=Booking.Status.CONFIRMED)
            .values("occurrence")
            .annotate(taken=places_sum())
            .values("taken"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    held = Coalesce(
        Subquery(
            WaitingListEntry.objects.filter(
                occurrence=OuterRef(outer), status=WaitingListEntry.Status.OFFERED
            )
            .values("occurrence")
            .annotate(
                held=Sum(
                    Case(
                        When(adds_to__isnull=True, then=F("companions") + 1),
                        default=F("companions") - F("adds_to__companions"),
                        output_field=IntegerField(),
                    )
                )
            )
            .values("held"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    return Coalesce(booked + held, Value(0))


def _waiting_count(outer: str = "pk") -> Coalesce:
    return Coalesce(
        Subquery(
            WaitingListEntry.objects.filter(
                occurrence=OuterRef(outer), status=WaitingListEntry.Status.WAITING
            )
            .values("occurrence")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_places(occurrences: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    """Adds `places_taken`, `places_left` and `waiting_count` to each occurrence (the names the
    model declares, which the services also set after a change: see events.services.capacity).
    django-stubs takes annotating a declared name for a redefinition, hence the ignores."""
    counted = occurrences.annotate(  # type: ignore[no-redef]
        places_taken=_places_taken(), waiting_count=_waiting_count()
    )
    return counted.annotate(places_left=F("capacity") - F("places_taken"))  # type: ignore[no-redef]


# What `_with_occurrence_places` annotates: rows that belong to one date.
_DateRow = TypeVar("_DateRow", Booking, WaitingListEntry)


def _with_occurrence_places(rows: QuerySet[_DateRow]) -> QuerySet[_DateRow]:
    """For bookings and waiting entries: their date's `occurrence_places_left` and
    `occurrence_waiting_count`."""
    return rows.annotate(
        occurrence_places_left=F("occurrence__capacity") - _places_taken("occurrence"),
        occurrence_waiting_count=_waiting_count("occurrence"),
    )


# Dates people type are kept inside these, so that far-off years never overflow the arithmetic.
EARLIEST_DAY, LATEST_DAY = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


def _within_range(day: datetime.date) -> datetime.date:
    return min(max(day, EARLIEST_DAY), LATEST_DAY)


def _window(filters: EventFilters) -> tuple[datetime.datetime, datetime.datetime | None]:
    start = timezone.now()
    if filters.date_from:
        start = max(start, _day_start(_within_range(filters.date_from)))
    end = None
    if filters.date_to:
        end = _day_start(_within_range(filters.date_to) + datetime.timedelta(days=1))
    return start, end


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))


def events_list(
    *, viewer: Person | None = None, filters: EventFilters = EventFilters()
) -> QuerySet[Event]:
    """Published events with a date still to come (in the range asked for), soonest first.
    Each has `next_start`, and that date's `next_theme` and `next_theme_description`; themes and
    the organisation come with them."""
    start, end = _window(filters)
    next_dates = Occurrence.objects.filter(event=OuterRef("pk"), start__gte=start).exclude(
        status=Occurrence.Status.CANCELLED
    )
    if end is not None:
        next_dates = next_dates.filter(start__lt=end)
    # A search finds an event by one of its dates: the next date shown is the first that matches.
    next_dates = _dates_matching(next_dates, filters.q)
    listed = Event.objects.filter(status=Event.Status.PUBLISHED, visibility=Visibility.SHOWN)
    events = _filter_events(listed, filters)
    return (
        events.filter(Exists(next_dates))
        .annotate(
            next_start=Subquery(next_dates.order_by("start").values("start")[:1]),
            # That date's own theme, if it has one, for the card.
            next_theme=Subquery(next_dates.order_by("start").values("theme")[:1]),
            next_theme_description=Subquery(
                next_dates.order_by("start").values("theme_description")[:1]
            ),
        )
        .select_related("organisation")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position")))
        .order_by("next_start", "title")
    )


def event_detail(*, slug: str, viewer: Person | None = None) -> Event | None:
    """One event with its organisation, themes and hosts, or None if the viewer may not see it."""
    event = (
        Event.objects.select_related("organisation")
        .prefetch_related("themes", "hosts", "series")
        .filter(slug=slug)
        .first()
    )
    if event is None or not can_see_event(viewer, event):
        return None
    return event


def upcoming_occurrences(
    *,
    viewer: Person | None = None,
    filters: EventFilters = EventFilters(),
    event: Event | None = None,
    include_cancelled: bool = True,
) -> QuerySet[Occurrence]:
    """Dates still to come of published events (or of one event, for staff also a draft, for
    staff and moderators also one hidden by moderation), with `places_taken`, `places_left`
    and `waiting_count`. Cancelled dates are kept, marked."""
    start, end = _window(filters)
    occurrences = Occurrence.objects.filter(end__gte=start)
    if end is not None:
        occurrences = occurrences.filter(start__lt=end)
    if event is not None:
        occurrences = occurrences.filter(event=event)
        if not can_moderate_event(viewer, event):
            occurrences = occurrences.filter(public_condition("event__"))
        elif not can_manage_event(viewer, event):
            occurrences = occurrences.filter(published_condition("event__"))
    else:
        occurrences = occurrences.filter(
            event__status=Event.Status.PUBLISHED, event__visibility=Visibility.SHOWN
        )
    if not include_cancelled:
        occurrences = occurrences.exclude(status=Occurrence.Status.CANCELLED)
    occurrences = _filter_events(occurrences, filters, prefix="event__")
    occurrences = _dates_matching(occurrences, filters.q)
    return (
        with_places(occurrences)
        .select_related("event__organisation", "host")
        .order_by("start", "id")
    )


def occurrences_in_month(
    *, year: int, month: int, viewer: Person | None = None, filters: EventFilters = EventFilters()
) -> QuerySet[Occurrence]:
    """For the month calendar: every date in that UK month (past days included)."""
    first = _within_range(datetime.date(year, month, 1)).replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    occurrences = Occurrence.objects.filter(
        start__gte=_day_start(first),
        start__lt=_day_start(last + datetime.timedelta(days=1)),
        event__status=Event.Status.PUBLISHED,
        event__visibility=Visibility.SHOWN,
    )
    occurrences = _filter_events(occurrences, filters, prefix="event__")
    occurrences = _dates_matching(occurrences, filters.q)
    return with_places(occurrences).select_related("event__organisation").order_by("start", "id")


def occurrence_detail(*, occurrence_id: int, viewer: Person | None = None) -> Occurrence | None:
    occurrence = (
        with_places(Occurrence.objects.filter(pk=occurrence_id))
        .select_related("event__organisation", "host")
        .first()
    )
    if occurrence is None or not can_see_event(viewer, occurrence.event):
        return None
    return occurrence


def possible_hosts(*, event: Event) -> QuerySet[User]:
    """The people who can host a date of this event (can_be_host), by name: everyone with an
    active role at its organisation. Site admins may host too but are not offered."""
    return User.objects.filter(
        is_active=True, pk__in=host_memberships(event).values("person_id")
    ).order_by("display_name", "pk")


def booking_for(*, person: Person | None, occurrence: Occurrence) -> Booking | None:
    """The viewer's confirmed booking on this date, if any."""
    if not is_signed_in(person):
        return None
    return Booking.objects.filter(
        person=person, occurrence=occurrence, status=Booking.Status.CONFIRMED
    ).first()


def waiting_entry_for(*, person: Person | None, occurrence: Occurrence) -> WaitingListEntry | None:
    if not is_signed_in(person):
        return None
    entry = WaitingListEntry.objects.filter(
        person=person, occurrence=occurrence, status=WaitingListEntry.Status.WAITING
    ).first()
    if entry is not None:
        entry.place_in_queue = waiting_position(entry=entry)
    return entry


def waiting_position(*, entry: WaitingListEntry) -> int:
    """1 for the first person waiting; people who left or were given places no longer count."""
    return (
        WaitingListEntry.objects.filter(
            occurrence_id=entry.occurrence_id,
            status=WaitingListEntry.Status.WAITING,
            position__lt=entry.position,
        ).count()
        + 1
    )


def my_bookings(
    *, person: User, include_past: bool = False, with_access_answers: bool = False
) -> QuerySet[Booking]:
    """A person's confirmed bookings, soonest first (cancelled dates included, marked). With
    `with_access_answers`, each comes with what the organisers said about its access needs (one
    more query for the whole list), for the pages that show it."""
    bookings = Booking.objects.filter(person=person, status=Booking.Status.CONFIRMED)
    if not include_past:
        bookings = bookings.filter(occurrence__end__gte=timezone.now())
    bookings = (
        _with_occurrence_places(bookings)
        .select_related("occurrence__event__organisation", "occurrence__host")
        .order_by("occurrence__start", "pk")
    )
    if with_access_answers:
        bookings = bookings.prefetch_related(access_requests_prefetch())
    return bookings


def my_waiting_list(*, person: User) -> QuerySet[WaitingListEntry]:
    """A person's waiting-list entries still to come, each with `place_in_queue`."""
    ahead = (
        WaitingListEntry.objects.filter(
            occurrence=OuterRef("occurrence"),
            status=WaitingListEntry.Status.WAITING,
            position__lt=OuterRef("position"),
        )
        .values("occurrence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    entries = _with_occurrence_places(WaitingListEntry.objects.all()).filter(
        person=person,
        status=WaitingListEntry.Status.WAITING,
        occurrence__end__gte=timezone.now(),
    )
    # `place_in_queue` is a name the model declares: django-stubs reads it as a redefinition.
    queued = entries.annotate(  # type: ignore[no-redef]
        place_in_queue=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1
    )
    return queued.select_related("occurrence__event__organisation", "occurrence__host").order_by(
        "occurrence__start", "pk"
    )


def feed_token_for(*, person: User) -> CalendarFeedToken:
    """The person's feed token, made the first time it is asked for."""
    token, _ = CalendarFeedToken.objects.get_or_create(person=person)
    return token


def register_for(*, occurrence: Occurrence) -> QuerySet[Booking]:
    """Everyone with a place (walk-ins included), for hosts and staff: access needs included, so
    callers check `can_take_register` first. The booker and the staff member who booked for
    them come along (a row says whom the place is for and who booked it); a booker's places
    stay together, their own first."""
    return (
        Booking.objects.filter(occurrence=occurrence, status=Booking.Status.CONFIRMED)
        .select_related("person", "booked_by")
        .order_by("walk_in", "person__display_name", "walk_in_name", "attendee_key", "pk")
    )


# "Sessions I host" lists this many past dates at most (the newest).
PAST_HOSTED_LIMIT = 50


def hosted_dates(person: Person | None, *, past: bool = False) -> QuerySet[Occurrence]:
    """The dates a person hosts (one of the event's hosts, or the date's own host) of published
    events, with `places_taken`, `places_left` and `waiting_count`: still to come soonest
    first, or (past=True) the latest 50 that are over, latest first. Cancelled dates are kept,
    marked. Only organisations where the person still holds a role (`can_be_host`), as with
    every host power. One query."""
    if not is_signed_in(person):
        return Occurrence.objects.none()
    now = timezone.now()
    dates = Occurrence.objects.filter(
        Q(host=person) | Q(pk__in=Occurrence.objects.filter(event__hosts=person).values("pk")),
        published_condition("event__"),
    )
    if not person.is_superuser:  # site admins may host anywhere (can_be_host)
        dates = dates.filter(
            Exists(
                Membership.objects.filter(
                    person=person, organisation_id=OuterRef("event__organisation_id"), active=True
                )
            )
        )
    dates = dates.filter(end__lt=now) if past else dates.filter(end__gte=now)
    counted = with_places(dates).select_related("event__organisation", "host")
    if past:
        return counted.order_by("-start", "-id")[:PAST_HOSTED_LIMIT]
    return counted.order_by("start", "id")


def _hosting(person: User) -> QuerySet[Event]:
    """The events the person hosts, or hosts a date of (drafts too, with or without dates)."""
    return Event.objects.filter(Q(hosts=person) | Q(occurrences__host=person))


def hosts_any_date(person: Person | None) -> bool:
    """Whether the header links "Sessions I host" for the person (see `_hosting`)."""
    return is_signed_in(person) and _hosting(person).exists()


def event_tools_rows(person: User) -> list[tuple[str, str]]:
    """In one query, for the header: (slug, name) of each organisation the person is staff of,
    and ("", "") once if they host (`hosts_any_date`)."""
    staff_of = (
        Membership.objects.filter(person=person, role=Membership.Role.STAFF, active=True)
        .order_by()
        .values_list("organisation__slug", "organisation__name")
    )
    hosts = (
        _hosting(person)
        .order_by()
        .annotate(no_slug=Value(""), no_name=Value(""))
        .values_list("no_slug", "no_name")
        .distinct()
    )
    return list(staff_of.union(hosts))


def waiting_list_for(*, occurrence: Occurrence) -> QuerySet[WaitingListEntry]:
    return (
        WaitingListEntry.objects.filter(
            occurrence=occurrence, status=WaitingListEntry.Status.WAITING
        )
        .select_related("person")
        .order_by("position")
    )


def organisation_events(*, organisation: Organisation) -> QuerySet[Event]:
    """Every event of the organisation, drafts included, for its staff."""
    return (
        organisation.events.annotate(
            next_start=Subquery(
                Occurrence.objects.filter(event=OuterRef("pk"), start__gte=timezone.now())
                .exclude(status=Occurrence.Status.CANCELLED)
                .order_by("start")
                .values("start")[:1]
            )
        )
        .select_related("organisation")
        .order_by("status", F("next_start").asc(nulls_last=True), "title")
    )


def organisation_dashboard(*, organisation: Organisation, limit: int = 50) -> QuerySet[Occurrence]:
    """Upcoming dates of all the organisation's events, with places left and waiting lengths
    (hidden ones too: this is for its staff)."""
    return (
        with_places(
            Occurrence.objects.filter(
                published_condition("event__"),
                event__organisation=organisation,
                end__gte=timezone.now(),
            )
        )
        .select_related("event")
        .order_by("start", "id")[:limit]
    )


class MonthAttendance(TypedDict):
    """One month of `attendance_by_month`."""

    month: datetime.date  # its first day
    booked: int  # places booked
    attended: int  # people who came, walk-ins included
    walk_ins: int
    no_shows: int


def attendance_by_month(
    *, organisation: Organisation, today: datetime.date | None = None
) -> list[MonthAttendance]:
    """The past 12 months, oldest first, one row per month even when nothing happened:
    {"month": date (first day), "booked": places booked, "attended": people who came
    (walk-ins included), "walk_ins": n, "no_shows": n}. For the SVG chart and its table."""
    today = today or timezone.localdate()
    first = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    rows = (
        Booking.objects.filter(
            occurrence__event__organisation=organisation,
            occurrence__start__gte=_day_start(first),
            occurrence__start__lt=timezone.now(),
            status=Booking.Status.CONFIRMED,
        )
        .exclude(occurrence__status=Occurrence.Status.CANCELLED)
        .annotate(month=TruncMonth("occurrence__start"))
        .values("month")
        .annotate(
            booked=Count("pk", filter=Q(walk_in=False)),
            came=Count("pk", filter=Q(attended=True)),
            walk_ins=Count("pk", filter=Q(walk_in=True)),
            no_shows=Count("pk", filter=Q(attended=False)),
        )
    )
    by_month: dict[datetime.date, MonthAttendance] = {}
    for row in rows:
        truncated = row["month"]
        if isinstance(truncated, datetime.datetime):
            truncated = (
                timezone.localtime(truncated).date()
                if timezone.is_aware(truncated)
                else truncated.date()
            )
        day = truncated.replace(day=1)
        by_month[day] = MonthAttendance(
            month=day,
            booked=row["booked"],
            attended=row["came"],
            walk_ins=row["walk_ins"],
            no_shows=row["no_shows"],
        )
    months: list[MonthAttendance] = []
    month = first
    for _ in range(12):
        months.append(
            by_month.get(month)
            or MonthAttendance(month=month, booked=0, attended=0, walk_ins=0, no_shows=0)
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def import_jobs(*, organisation: Organisation) -> QuerySet[ImportJob]:
    return organisation.event_imports.order_by("-created")[:20]


def calendars_kept_in_step(*, organisation: Organisation) -> QuerySet[CalendarSubscription]:
    """The organisation's calendars re-read on a schedule, for its import page."""
    return CalendarSubscription.objects.filter(organisation=organisation, active=True).order_by(
        "-created"
    )


def my_offers(*, person: User) -> QuerySet[WaitingListEntry]:
    """Places held for the person from a waiting list (offer mode), still to accept, soonest
    deadline first; each with its date, event and organisation."""
    return (
        WaitingListEntry.objects.filter(
            person=person,
            status=WaitingListEntry.Status.OFFERED,
            occurrence__end__gte=timezone.now(),
        )
        .exclude(occurrence__status=Occurrence.Status.CANCELLED)
        .select_related("occurrence__event__organisation", "occurrence__host", "adds_to")
        .order_by("offer_expires_at", "pk")
    )


def offer_for(*, person: User, entry_id: int) -> WaitingListEntry | None:
    """One of the person's waiting-list entries for the offer page, whatever became of it (an
    offer taken, passed on or expired is shown as such)."""
    return (
        WaitingListEntry.objects.filter(person=person, pk=entry_id)
        .select_related("occurrence__event__organisation", "occurrence__host", "adds_to")
        .first()
    )


def places_left_by_mode(occurrences: list[Occurrence]) -> dict[int, dict[str, int]]:
    """For hybrid dates with a limit of online places: the places left in person and online,
    `{occurrence_id: {"in_person": n, "online": n}}`, in two queries whatever the number of
    dates. Places held for someone offered them count as taken, as when booking."""
    split = [
        o
        for o in occurrences
        if o.event.format == Event.Format.HYBRID and o.online_capacity is not None
    ]
    if not split:
        return {}
    ids = [o.pk for o in split]
    taken: dict[tuple[int, str], int] = {}
    booked = (
        Booking.objects.filter(occurrence_id__in=ids, status=Booking.Status.CONFIRMED)
        .order_by()
        .values("occurrence_id", "attendance_mode")
        .annotate(n=places_sum())
    )
    # Offered extra places on a booking (`adds_to`) count too: only those beyond the booking's.
    held = (
        WaitingListEntry.objects.filter(
            occurrence_id__in=ids, status=WaitingListEntry.Status.OFFERED
        )
        .order_by()
        .values("occurrence_id", "attendance_mode")
        .annotate(n=Sum(entry_places()))
    )
    for row in [*booked, *held]:
        key = (row["occurrence_id"], row["attendance_mode"])
        taken[key] = taken.get(key, 0) + (row["n"] or 0)
    left = {}
    for occurrence in split:
        online = min(occurrence.online_capacity or 0, occurrence.capacity)
        # "online" and "in_person": the values of events.models.bookings.AttendanceMode.
        left[occurrence.pk] = {
            "in_person": max(
                0, occurrence.capacity - online - taken.get((occurrence.pk, "in_person"), 0)
            ),
            "online": max(0, online - taken.get((occurrence.pk, "online"), 0)),
        }
    return left


# --- Access needs to arrange (the organisation's to-do list) ---------------------------------


def access_requests_prefetch() -> Prefetch:
    """For a list of bookings: each booking's access items (`booking.access_requests.all()`),
    what the organisation said about each need, each with `need_label` (the need in words), in
    one query for the whole list."""
    labels = Case(
        *(When(need=code, then=Value(label)) for code, label in NEED_LABELS.items()),
        default=F("need"),
        output_field=CharField(),
    )
    return Prefetch(
        "access_requests", queryset=AccessRequest.objects.annotate(need_label=labels).order_by("id")
    )


def _organisation_access_requests(*, organisation: Organisation) -> QuerySet[AccessRequest]:
    """Items of confirmed bookings on the organisation's dates that are not cancelled, with the
    booking, the people named on it and the date joined (for its staff: callers check
    `can_manage_events` first)."""
    return AccessRequest.objects.filter(
        booking__status=Booking.Status.CONFIRMED,
        booking__occurrence__event__organisation=organisation,
    ).select_related(
        "booking__person",
        "booking__booked_by",
        "booking__occurrence__event__organisation",
        "handled_by",
    )


def access_to_arrange(*, organisation: Organisation) -> QuerySet[AccessRequest]:
    """What is still to arrange for the organisation's dates to come, soonest date first. A
    cancelled booking's items, and a cancelled or past date's, are not on the list."""
    return (
        _organisation_access_requests(organisation=organisation)
        .filter(
            status=AccessRequest.Status.TO_ARRANGE,
            booking__occurrence__end__gte=timezone.now(),
        )
        .exclude(booking__occurrence__status=Occurrence.Status.CANCELLED)
        .order_by("booking__occurrence__start", "booking_id", "id")
    )


def access_answered(*, organisation: Organisation) -> QuerySet[AccessRequest]:
    """The items staff have answered (arranged, or cannot be), the latest answer first."""
    return (
        _organisation_access_requests(organisation=organisation)
        .exclude(status=AccessRequest.Status.TO_ARRANGE)
        .order_by("-handled_at", "-id")
    )


def access_request_for(*, organisation: Organisation, request_id: int) -> AccessRequest | None:
    """One item of the organisation's, its booking cancelled or not (None: not theirs)."""
    return (
        AccessRequest.objects.filter(
            pk=request_id, booking__occurrence__event__organisation=organisation
        )
        .select_related(
            "booking__person",
            "booking__booked_by",
            "booking__occurrence__event__organisation",
            "handled_by",
        )
        .first()
    )
