"""For the people who host dates (trained advisors, staff): "Sessions I host", the dates to come
and the ones that are over, each with its places and register, and a note on one date. Moving
and cancelling a date are the organisers' pages (manage), open to the date's hosts too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from events import selectors
from events.permissions import can_manage_event
from events.services.occurrences import add_date_note
from frontend.attempts import attempt
from frontend.forms.hosting import DateNoteForm
from frontend.shared.events import changeable_occurrence


@login_required
def hosting(request):
    """Two queries for the dates however many there are (one each for the coming and the past)."""
    context = {
        "upcoming": list(selectors.hosted_dates(request.user, past=False)),
        "past": list(selectors.hosted_dates(request.user, past=True)),
        "past_limit": selectors.PAST_HOSTED_LIMIT,
    }
    return render(request, "frontend/events/hosting.html", context)


@login_required
def occurrence_note(request, slug, occurrence_id):
    """A note on one date, told to everyone booked and waiting: staff and the date's hosts."""
    event, occurrence = changeable_occurrence(request, slug, occurrence_id)
    form = DateNoteForm(request.POST or None, initial={"note": occurrence.note})
    if request.method == "POST" and form.is_valid():
        with attempt(form) as tried:
            noted = add_date_note(
                editor=request.user, occurrence=occurrence, note=form.cleaned_data["note"]
            )
        if tried.succeeded:
            if noted.note:
                message = "The note is saved. We have told everyone booked and waiting."
            else:
                message = "This date has no note now."
            messages.success(request, message)
            if can_manage_event(request.user, event):
                return redirect(reverse("events_detail", args=[event.slug]) + f"#date-{noted.pk}")
            return redirect("events_hosting")
    context = {
        "event": event,
        "occurrence": occurrence,
        "form": form,
        "action": reverse("events_occurrence_note", args=[event.slug, occurrence.pk]),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/events/manage/date_note.html", context, status=status)
