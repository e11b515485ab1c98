"""The register of one date, for its hosts and the organisation's staff: who has a place (with
their access needs), who came, walk-ins, and a CSV download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from events import selectors
from events.services.registers import add_walk_in, mark_attendance, register_csv
from frontend.attempts import attempt
from frontend.forms.events import WalkInForm
from frontend.shared.events import access_need_labels, register_occurrence


@login_required
def register(request, slug, occurrence_id):
    event, occurrence = register_occurrence(request, slug, occurrence_id)
    return _render_register(request, event, occurrence)


def _render_register(request, event, occurrence, *, walk_in_form=None, error="", status=200):
    bookings = list(selectors.register_for(occurrence=occurrence))
    for booking in bookings:
        booking.access_need_labels = access_need_labels(booking.access_needs)
    context = {
        "event": event,
        "occurrence": occurrence,
        "bookings": bookings,
        "waiting": list(selectors.waiting_list_for(occurrence=occurrence)),
        "places_taken": sum(booking.places for booking in bookings),
        "attended_count": sum(1 for booking in bookings if booking.attended),
        "walk_in_form": walk_in_form or WalkInForm(),
        "register_error": error,
    }
    return render(request, "frontend/events/manage/register.html", context, status=status)


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
    messages.success(request, f"{booking.name} {word}.")
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
