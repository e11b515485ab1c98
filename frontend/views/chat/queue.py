"""'Talk privately to an advisor' at a drop-in, with plain buttons: a member joins or leaves the
queue; a host, staff member or advisor takes the next person (or a chosen one) and goes straight
to the private conversation that opens. chat.js keeps the queue and places live on top."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from community.chat.services.queue import join_queue, leave_queue, take_from_queue
from frontend.attempts import attempt
from frontend.shared.chat import room_or_404


def _queue_of(room) -> str:
    return f"{room.get_absolute_url()}#chat-queue"


@login_required
@require_POST
def queue_join(request, room_id):
    room = room_or_404(request, room_id)
    with attempt(request=request) as tried:
        join_queue(person=request.user, room=room)
    if tried.succeeded:
        messages.success(
            request,
            "You are in the queue to talk privately to an advisor. When an advisor is ready, a "
            "link to your private conversation shows on this page, under “Talk privately to an "
            "advisor”. If nothing has changed after a few minutes, choose “Check again”.",
        )
    return redirect(_queue_of(room))


@login_required
@require_POST
def queue_leave(request, room_id):
    room = room_or_404(request, room_id)
    with attempt(request=request) as tried:
        left = leave_queue(person=request.user, room=room)
    if tried.succeeded and left:
        messages.success(request, "You have left the queue. You can ask again at any time.")
    return redirect(_queue_of(room))


@login_required
@require_POST
def queue_take(request, room_id):
    room = room_or_404(request, room_id)
    try:
        entry_id = int(request.POST["entry"])
    except (KeyError, ValueError):
        entry_id = None
    with attempt(request=request) as tried:
        entry = take_from_queue(advisor=request.user, room=room, entry_id=entry_id)
    if not tried.succeeded:
        return redirect(_queue_of(room))
    messages.success(
        request,
        f"You are now talking privately with {entry.person.display_name}. They have been told "
        "you are ready.",
    )
    return redirect(entry.conversation)
