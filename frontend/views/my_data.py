""" "Download my data": ask for the zip, see how it is going, download it (as yourself only)."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from community.safety.exporting import (
    current_data_export,
    downloadable_data_export,
    request_data_export,
)
from community.safety.personal_data import registered_personal_data
from frontend.attempts import attempt


@login_required
def my_data(request):
    if request.method == "POST":
        with attempt(request=request) as tried:
            request_data_export(person=request.user)
        if tried.succeeded:
            messages.success(request, "Thank you. We are getting your download ready.")
        return redirect("my_data")
    context = {
        "export": current_data_export(person=request.user),
        "parts": [entry.title for entry in registered_personal_data()],
    }
    return render(request, "frontend/people/my_data.html", context)


@require_GET
@login_required
# Everything about a person in one file: asking for the password again means an unlocked phone
# or a shared computer left signed in is not enough to take it.
@reauthentication_required
def my_data_download(request, token):
    export = downloadable_data_export(person=request.user, token=token)
    if export is None:
        raise Http404("No such download, or it has expired.")
    response = HttpResponse(bytes(export.archive), content_type="application/zip")
    day = timezone.localdate(export.ready_at).isoformat()
    response["Content-Disposition"] = f'attachment; filename="alongside-my-data-{day}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
