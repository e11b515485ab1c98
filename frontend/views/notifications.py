"""A person's own notifications and how they want to hear about each kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community import selectors
from community.services.notifications import deliveries_for, mark_read, set_delivery
from frontend.forms.notifications import NotificationSettingsForm
from frontend.shared.paging import page_of


@login_required
def notification_list(request):
    page = page_of(selectors.notifications_for(person=request.user), request, per_page=25)
    return render(request, "frontend/notifications/list.html", {"page": page})


@login_required
@require_POST
def notifications_mark_read(request):
    changed = mark_read(person=request.user)
    if changed:
        messages.success(
            request, f"Marked {changed} notification{'s' if changed != 1 else ''} as read."
        )
    else:
        messages.info(request, "You had no unread notifications.")
    return redirect("notifications")


@login_required
def notification_settings(request):
    if request.method != "POST":
        initial = {
            NotificationSettingsForm.field_name(kind): delivery
            for kind, delivery in deliveries_for(person=request.user).items()
        }
        form = NotificationSettingsForm(initial=initial)
        return render(request, "frontend/notifications/settings.html", {"form": form})
    form = NotificationSettingsForm(request.POST)
    if not form.is_valid():
        return render(request, "frontend/notifications/settings.html", {"form": form}, status=400)
    for kind, delivery in form.choices_by_kind().items():
        set_delivery(person=request.user, kind=kind, delivery=delivery)
    messages.success(request, "Your notification settings are saved.")
    return redirect("notification_settings")
