"""Changing what was said: editing or deleting your own message (for 10 minutes), a host or
moderator removing one, and muting someone in a room. Plain forms; each calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.chat.permissions import can_edit_message
from community.chat.services.messages import edit_message, remove_message
from community.chat.services.rooms import set_muted
from frontend.attempts import attempt
from frontend.forms.chat import EditMessageForm
from frontend.shared.chat import back_to, message_or_404, person_or_404, room_or_404
from frontend.shared.limits import status_for


def _in_room(message) -> str:
    return f"{message.room.get_absolute_url()}#message-{message.pk}"


@login_required
def message_edit(request, message_id):
    message = message_or_404(request, message_id)
    if not can_edit_message(request.user, message):
        raise PermissionDenied
    if request.method != "POST":
        form = EditMessageForm(initial={"body": message.body})
        return _render_edit(request, message, form)
    form = EditMessageForm(request.POST)
    if form.is_valid():
        with attempt(form) as tried:
            edit_message(editor=request.user, message=message, body=form.cleaned_data["body"])
        if tried.succeeded:
            return redirect(_in_room(message))
    return _render_edit(request, message, form, status=status_for(form))


def _render_edit(request, message, form, status=200):
    context = {"message": message, "room": message.room, "form": form}
    return render(request, "frontend/chat/edit.html", context, status=status)


@login_required
@require_POST
def message_remove(request, message_id):
    message = message_or_404(request, message_id)
    own = message.author_id == request.user.pk
    with attempt(request=request) as tried:
        remove_message(person=request.user, message=message)
    if tried.succeeded:
        messages.success(request, "Your message is deleted." if own else "The message is removed.")
    return redirect(_in_room(message))


@login_required
@require_POST
def mute(request, room_id):
    room = room_or_404(request, room_id)
    try:
        person_id = int(request.POST.get("person", ""))
    except ValueError:
        person_id = 0
    person = person_or_404(person_id)
    muting = request.POST.get("muted") != "no"
    with attempt(request=request) as tried:
        set_muted(moderator=request.user, room=room, person=person, muted=muting)
    if tried.succeeded:
        if muting:
            messages.success(
                request,
                f"{person.display_name} is muted in this room. They can still read it, but "
                "cannot send messages.",
            )
        else:
            messages.success(
                request, f"{person.display_name} can send messages in this room again."
            )
    return back_to(request, room.get_absolute_url())
