"""The register of one date, for its hosts and the organisation's staff: who has a place (with
their access needs, whom each place is for and who booked it), who came and walk-ins (from the
start of the date), a CSV download, and, before the date, staff booking a place for someone who
phoned in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from events import selectors
from events.models import Event
from events.permissions import can_book_for_someone
from events.recurrence import uk_local
from events.services.booking_for_someone import find_member_to_book
from events.services.bookings import book_for_someone as book_for_someone_service
from events.services.registers import (
    add_walk_in,
    booked_by_words,
    has_started,
    mark_attendance,
    place_for_words,
    register_csv,
)
from frontend.attempts import attempt
from frontend.forms.events import WalkInForm
from frontend.forms.hosting import BookForSomeoneForm
from frontend.shared.events import access_need_labels, register_occurrence
from frontend.shared.limits import status_for


@login_required
def register(request, slug, occurrence_id):
    event, occurrence = register_occurrence(request, slug, occurrence_id)
    return _render_register(request, event, occurrence)


def _render_register(
    request, event, occurrence, *, walk_in_form=None, book_form=None, error="", status=200
):
    bookings = list(selectors.register_for(occurrence=occurrence))
    for booking in bookings:
        booking.access_need_labels = access_need_labels(booking.access_needs)
        booking.place_for = place_for_words(booking)
        booking.booked_by_name = booked_by_words(booking)
    started = has_started(occurrence)
    books_for_others = (
        not started
        and not occurrence.is_cancelled
        and can_book_for_someone(request.user, occurrence)
    )
    if books_for_others and book_form is None:
        book_form = BookForSomeoneForm(hybrid=_hybrid(event))
    elif not books_for_others and book_form is not None and book_form.errors:
        # Refused because the date has just started: the form is gone, its answer is not.
        error = error or " ".join(str(e) for errors in book_form.errors.values() for e in errors)
    context = {
        "event": event,
        "occurrence": occurrence,
        "bookings": bookings,
        "waiting": list(selectors.waiting_list_for(occurrence=occurrence)),
        "places_taken": sum(booking.places for booking in bookings),
        "attended_count": sum(1 for booking in bookings if booking.attended),
        "walk_in_form": walk_in_form or WalkInForm(),
        "register_error": error,
        "started": started,
        "opens_at": uk_local(occurrence.start),
        "book_form": book_form if books_for_others else None,
    }
    return render(request, "frontend/events/manage/register.html", context, status=status)


def _hybrid(event) -> bool:
    return event.format == Event.Format.HYBRID


def _back(event, occurrence) -> str:
    return reverse("events_register", args=[event.slug, occurrence.pk])


@login_required
@require_POST
def mark(request, slug, occurrence_id, booking_id):
    event, occurrence = register_occurrence(request, slug, occurrence_id)
    booking = selectors.register_for(occurrence=occurrence).filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    attended = {"yes": True, "no": False, "clear": None}.get(request.POST.get("attended", ""))
    if request.POST.get("attended") not in ("yes", "no", "clear"):
        return _render_register(
            request, event, occurrence, error="Choose Came or Did not come.", status=400
        )
    with attempt() as tried:
        mark_attendance(marker=request.user, booking=booking, attended=attended)
    if not tried.succeeded:
        return _render_register(request, event, occurrence, error=tried.message, status=400)
    word = {True: "came", False: "did not come", None: "is not marked"}[attended]
    messages.success(request, f"{place_for_words(booking)} {word}.")
    return redirect(_back(event, occurrence))


@login_required
@require_POST
def walk_in(request, slug, occurrence_id):
    event, occurrence = register_occurrence(request, slug, occurrence_id)
    form = WalkInForm(request.POST)
    if form.is_valid():
        with attempt(form) as tried:
            booking = add_walk_in(
                marker=request.user,
                occurrence=occurrence,
                name=form.cleaned_data["name"],
                companions=form.cleaned_data["companions"],
            )
        if tried.succeeded:
            messages.success(request, f"{booking.name} is on the register as a walk-in.")
            return redirect(_back(event, occurrence))
    return _render_register(request, event, occurrence, walk_in_form=form, status=400)


@login_required
@require_GET
def register_download(request, slug, occurrence_id):
    event, occurrence = register_occurrence(request, slug, occurrence_id)
    with attempt(request=request) as tried:
        text = register_csv(viewer=request.user, occurrence=occurrence)
    if not tried.succeeded:
        return redirect(_back(event, occurrence))
    day = timezone.localtime(occurrence.start)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="register-{event.slug}-{day:%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def book_for_someone(request, slug, occurrence_id):
    """Staff book a place for someone who phoned: a member found by their exact e-mail address,
    or by name for someone without an account."""
    event, occurrence = register_occurrence(request, slug, occurrence_id)
    if not can_book_for_someone(request.user, occurrence):
        # Before any look-up: whether an address has an account is for staff only.
        raise PermissionDenied
    form = BookForSomeoneForm(request.POST, hybrid=_hybrid(event))
    if form.is_valid():
        data = form.cleaned_data
        # The service's "person" (already booked, account closed) is the address typed here.
        with attempt(form, field_names={"person": "email"}) as tried:
            person = None
            if data["has_account"] == "yes":
                person = find_member_to_book(
                    staff=request.user, occurrence=occurrence, email=data["email"]
                )
            booking = book_for_someone_service(
                staff=request.user,
                occurrence=occurrence,
                person=person,
                name="" if person is not None else data["name"],
                **form.booking_fields(),
            )
        if tried.succeeded:
            messages.success(request, f"Booked: {booking.name} has a place on this date.")
            return redirect(_back(event, occurrence) + "#book")
    # A refusal (already booked, full, too many look-ups) is shown beside the form, which keeps
    # everything typed.
    return _render_register(request, event, occurrence, book_form=form, status=status_for(form))
