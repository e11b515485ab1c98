"""Themed dates: the page where staff and a date's hosts give one date its own theme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from events.permissions import can_change_date
from events.services.themes import set_date_theme
from frontend.attempts import attempt
from frontend.forms.themes import DateThemeForm
from frontend.shared.events import event_occurrence, visible_event


@login_required
def occurrence_theme(request, slug, occurrence_id):
    event = visible_event(request, slug)
    occurrence = event_occurrence(request, event, occurrence_id)
    if not can_change_date(request.user, occurrence):
        raise PermissionDenied
    initial = {"theme": occurrence.theme, "description": occurrence.theme_description}
    form = DateThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with attempt(form) as tried:
            themed = set_date_theme(
                editor=request.user,
                occurrence=occurrence,
                theme=form.cleaned_data["theme"],
                description=form.cleaned_data["description"],
            )
        if tried.succeeded:
            if themed.theme:
                message = f"This date's theme is now “{themed.theme}”."
            else:
                message = "This date has no theme now."
            messages.success(request, message)
            return redirect(reverse("events_detail", args=[event.slug]) + f"#date-{themed.pk}")
    context = {
        "event": event,
        "occurrence": occurrence,
        "form": form,
        "action": reverse("events_occurrence_theme", args=[event.slug, occurrence.pk]),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/events/manage/theme.html", context, status=status)
