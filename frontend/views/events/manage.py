"""Organisers' tools for one event: add it, change it, give it dates (one, or repeating by a
plain-English rule), move a date, change its host or places, cancel it, cancel the whole event.
Staff only; the services check again when they write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from community.areas import AREA_CHOICES
from community.selectors import organisation_roles
from events import selectors
from events.models import Event
from events.models.events import VENUE_ACCESS_FIELDS
from events.permissions import can_manage_event
from events.recurrence import repeats_in_words
from events.services.events import cancel_event, create_event, publish_event, update_event
from events.services.occurrences import (
    add_occurrence,
    cancel_occurrence,
    change_occurrence,
    move_occurrence,
)
from events.services.series import create_series
from events.time_zones import named_zone
from frontend.attempts import attempt
from frontend.forms.events import (
    ChangeDateForm,
    EventForm,
    MoveDateForm,
    OneDateForm,
    ReasonForm,
    RecurrenceForm,
)
from frontend.forms.profiles import MARKDOWN_HINT
from frontend.shared.events import (
    changeable_occurrence,
    event_occurrence,
    managed_event,
    staff_organisation,
    themes,
    venue_access_choices,
)

# What a service calls a field, and what the page's form calls it.
SERIES_FIELDS = {"rule": "repeats", "start_date": "starts_on", "duration": "end_time"}
# A service's "start" error is about the day (out of range): shown next to the date.
DATE_FIELDS = {"start": "date", "end": "end_time"}


def _event_form_choices(organisation) -> dict:
    people = {}
    for membership in organisation_roles(organisation=organisation):
        people.setdefault(membership.person.pk, membership.person)
    return {
        "kind": list(Event.Kind.choices),
        "themes": [(theme.slug, theme.name) for theme in themes()],
        "audience": list(Event.Audience.choices),
        "format": list(Event.Format.choices),
        "hosts": [(str(pk), person.display_name) for pk, person in people.items()],
        "access": venue_access_choices(),
        "area": list(AREA_CHOICES),
        "waiting_list_mode": list(Event.WaitingListMode.choices),
        "markdown_hint": MARKDOWN_HINT,
        "_people": people,
    }


def _themes_and_hosts(form, choices):
    by_slug = {theme.slug: theme for theme in themes()}
    chosen_themes = [by_slug[slug] for slug in form.cleaned_data["themes"] if slug in by_slug]
    people = choices["_people"]
    hosts = [people[int(pk)] for pk in form.cleaned_data["hosts"] if int(pk) in people]
    return chosen_themes, hosts


@login_required
def event_create(request, org_slug):
    organisation = staff_organisation(request, org_slug)
    choices = _event_form_choices(organisation)
    if request.method != "POST":
        form = EventForm(
            choices=choices,
            initial={
                "kind": "workshop",
                "audience": "everyone",
                "format": "in_person",
                "area": organisation.area,
            },
        )
        return _render_event_form(request, form, organisation=organisation)
    form = EventForm(request.POST, choices=choices)
    if form.is_valid():
        chosen_themes, hosts = _themes_and_hosts(form, choices)
        with attempt(form) as tried:
            event = create_event(
                creator=request.user,
                organisation=organisation,
                themes=chosen_themes,
                hosts=hosts,
                **form.event_fields(VENUE_ACCESS_FIELDS),
            )
        # A new event has no dates yet, so it is saved as a draft (publish_event: no_dates).
        if tried.succeeded:
            messages.success(request, f"{event.title} is saved. Now add its dates.")
            return redirect("events_detail", event.slug)
    return _render_event_form(request, form, organisation=organisation, status=400)


@login_required
def event_edit(request, slug):
    event = managed_event(request, slug)
    choices = _event_form_choices(event.organisation)
    if request.method != "POST":
        initial = {
            name: getattr(event, name) for name in EventForm.base_fields if hasattr(event, name)
        }
        initial.update(
            themes=[theme.slug for theme in event.themes.all()],
            hosts=[str(host.pk) for host in event.hosts.all()],
            access=[name for name in VENUE_ACCESS_FIELDS if getattr(event, name)],
            publish=event.status == Event.Status.PUBLISHED,
        )
        form = EventForm(initial=initial, choices=choices)
        return _render_event_form(request, form, event=event)
    form = EventForm(request.POST, choices=choices)
    if form.is_valid():
        chosen_themes, hosts = _themes_and_hosts(form, choices)
        # One change: if publishing is refused (no dates yet), the rest is not saved either, so
        # the form the person sees again is what they typed, not half of it.
        with attempt(form) as tried, transaction.atomic():
            event = update_event(
                editor=request.user,
                event=event,
                themes=chosen_themes,
                hosts=hosts,
                **form.event_fields(VENUE_ACCESS_FIELDS),
            )
            if form.cleaned_data["publish"] and event.status == Event.Status.DRAFT:
                publish_event(publisher=request.user, event=event)
        if tried.succeeded:
            messages.success(request, "Your changes are saved.")
            return redirect("events_detail", event.slug)
    return _render_event_form(request, form, event=event, status=400)


def _render_event_form(request, form, *, event=None, organisation=None, status=200):
    if event is not None:
        action = reverse("events_edit", args=[event.slug])
        if event.status != Event.Status.DRAFT:
            # Published events stay published; cancelling has its own page.
            form.fields.pop("publish", None)
    else:
        action = reverse("events_create", args=[organisation.slug])
        # Publishing needs a date: it is offered once the event has one (on the edit page).
        form.fields.pop("publish", None)
    context = {
        "form": form,
        "event": event,
        "organisation": organisation or event.organisation,
        "action": action,
    }
    return render(request, "frontend/events/manage/event_form.html", context, status=status)


@login_required
def event_series(request, slug):
    event = managed_event(request, slug)
    series = event.series if _has_series(event) else None
    context = {"event": event, "series": series}
    if series is not None:
        context["series_description"] = repeats_in_words(
            rule=series.rule, until=series.until, count=series.count
        )
        context["zone_name"] = named_zone(series.time_zone)
        return render(request, "frontend/events/manage/series.html", context)
    if request.method != "POST":
        context["form"] = RecurrenceForm(initial={"ends": "never", "repeats": "weekly"})
        return render(request, "frontend/events/manage/series.html", context)
    form = RecurrenceForm(request.POST)
    if form.is_valid():
        with attempt(form, field_names=SERIES_FIELDS) as tried:
            create_series(creator=request.user, event=event, **form.series_fields())
        if tried.succeeded:
            messages.success(request, f"Dates added: {form.description()}.")
            return redirect(reverse("events_detail", args=[event.slug]) + "#dates")
    context["form"] = form
    if not form.errors:
        context.update(preview=form.description(), first_date=form.first_date())
    return render(request, "frontend/events/manage/series.html", context, status=400)


def _has_series(event) -> bool:
    try:
        return event.series is not None
    except Event.series.RelatedObjectDoesNotExist:
        return False


@login_required
def add_date(request, slug):
    event = managed_event(request, slug)
    form = OneDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with attempt(form, field_names=DATE_FIELDS) as tried:
            add_occurrence(creator=request.user, event=event, start=form.start(), end=form.end())
        if tried.succeeded:
            messages.success(request, f"Date added: {form.start():%A %-d %B %Y}.")
            return redirect(reverse("events_detail", args=[event.slug]) + "#dates")
    context = {
        "event": event,
        "form": form,
        "heading": "Add a date",
        "button": "Add the date",
        "action": reverse("events_add_date", args=[event.slug]),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/events/manage/date_form.html", context, status=status)


def _after_date_change(request, event) -> str:
    """Staff go back to the event's dates; a host who is not staff to "Sessions I host"."""
    if can_manage_event(request.user, event):
        return reverse("events_detail", args=[event.slug]) + "#dates"
    return reverse("events_hosting")


@login_required
def occurrence_move(request, slug, occurrence_id):
    """Staff and the date's hosts."""
    event, occurrence = changeable_occurrence(request, slug, occurrence_id)
    form = MoveDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with attempt(form, field_names=DATE_FIELDS) as tried:
            move_occurrence(
                mover=request.user,
                occurrence=occurrence,
                start=form.start(),
                end=form.end(),
                reason=form.cleaned_data["reason"],
            )
        if tried.succeeded:
            messages.success(
                request, "The date has moved. We have told everyone booked and waiting."
            )
            return redirect(_after_date_change(request, event))
    context = {
        "event": event,
        "occurrence": occurrence,
        "form": form,
        "heading": "Move a date",
        "button": "Move the date",
        "action": reverse("events_occurrence_move", args=[event.slug, occurrence.pk]),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/events/manage/date_form.html", context, status=status)


@login_required
def occurrence_change(request, slug, occurrence_id):
    """Another host for one date, or another number of places."""
    event = managed_event(request, slug)
    occurrence = event_occurrence(request, event, occurrence_id)
    people = {str(person.pk): person for person in selectors.possible_hosts(event=event)}
    if occurrence.host is not None:
        # Kept on offer even if they have since left, so the form shows who it is now.
        people.setdefault(str(occurrence.host.pk), occurrence.host)
    hosts = [(pk, person.display_name) for pk, person in people.items()]
    initial = {"host": str(occurrence.host_id or ""), "capacity": occurrence.capacity}
    form = ChangeDateForm(request.POST or None, hosts=hosts, initial=initial)
    if request.method == "POST" and form.is_valid():
        before = (occurrence.host_id, occurrence.capacity)
        host = people.get(form.cleaned_data["host"])
        with attempt(form) as tried:
            changed = change_occurrence(
                editor=request.user,
                occurrence=occurrence,
                host=host,
                clear_host=host is None,
                capacity=form.cleaned_data["capacity"],
            )
        if tried.succeeded:
            if changed.host_id != before[0]:
                message = "This date is changed. We have told everyone booked and waiting."
            elif changed.capacity != before[1]:
                message = "This date is changed."
            else:
                message = "Nothing needed changing."
            messages.success(request, message)
            return redirect(reverse("events_detail", args=[event.slug]) + f"#date-{changed.pk}")
    context = {
        "event": event,
        "occurrence": occurrence,
        "form": form,
        "action": reverse("events_occurrence_change", args=[event.slug, occurrence.pk]),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/events/manage/date_change.html", context, status=status)


@login_required
def occurrence_cancel(request, slug, occurrence_id):
    """Staff and the date's hosts."""
    event, occurrence = changeable_occurrence(request, slug, occurrence_id)
    form = ReasonForm(request.POST or None)
    tried = attempt()
    if request.method == "POST" and form.is_valid():
        with tried:
            cancel_occurrence(
                canceller=request.user, occurrence=occurrence, reason=form.cleaned_data["reason"]
            )
        if tried.succeeded:
            messages.success(
                request, "The date is cancelled. We have told everyone booked and waiting."
            )
            return redirect(_after_date_change(request, event))
    context = {
        "heading": "Cancel this date?",
        "occurrence": occurrence,
        "details": [("Places taken", occurrence.places_taken)],
        "explanation": [
            "Everyone booked or waiting gets a message. The date stays in calendars, marked as "
            "cancelled. The other dates are not affected."
        ],
        "form": form,
        "can_do": not occurrence.is_cancelled,
        "action": reverse("events_occurrence_cancel", args=[event.slug, occurrence.pk]),
        "button": "Cancel this date",
        "warning": True,
        "back_url": reverse("events_detail", args=[event.slug]) + f"#date-{occurrence.pk}",
        "back_label": "Keep this date",
        "error": tried.message,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/events/confirm.html", context, status=status)


@login_required
def event_cancel(request, slug):
    event = managed_event(request, slug)
    form = ReasonForm(request.POST or None)
    tried = attempt()
    if request.method == "POST" and form.is_valid():
        with tried:
            cancel_event(canceller=request.user, event=event, reason=form.cleaned_data["reason"])
        if tried.succeeded:
            messages.success(
                request, f"{event.title} is cancelled. We have told everyone booked and waiting."
            )
            return redirect("events_detail", event.slug)
    context = {
        "heading": f"Cancel {event.title}?",
        "explanation": [
            "Every date still to come is cancelled. Everyone booked or waiting gets a message, "
            "and calendars show the dates as cancelled. You cannot undo this."
        ],
        "form": form,
        "can_do": event.status != Event.Status.CANCELLED,
        "action": reverse("events_cancel", args=[event.slug]),
        "button": "Cancel the event",
        "warning": True,
        "back_url": reverse("events_detail", args=[event.slug]),
        "back_label": "Keep the event",
        "error": tried.message,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/events/confirm.html", context, status=status)
