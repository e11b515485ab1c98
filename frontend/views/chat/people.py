"""Chat and people: starting (or going back to) a private conversation with someone, blocking
and unblocking, and the list of people you blocked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.chat.services.rooms import start_conversation
from community.safety.selectors import blocked_by
from community.safety.services import block_person, unblock_person
from frontend.attempts import attempt
from frontend.shared.chat import back_to, person_or_404


@login_required
@require_POST
def conversation_start(request, person_id):
    other = person_or_404(person_id)
    try:
        with attempt(request=request) as tried:
            room = start_conversation(starter=request.user, other=other)
    except PermissionDenied as refusal:
        # The plain reason, so people know whom they can talk to privately.
        context = {"reason": str(refusal), "other": other}
        return render(request, "frontend/chat/not_allowed.html", context, status=403)
    if not tried.succeeded:
        return back_to(request, other.get_absolute_url())
    return redirect(room)


@login_required
@require_POST
def block(request, person_id):
    other = person_or_404(person_id)
    with attempt(request=request) as tried:
        block_person(blocker=request.user, blocked=other)
    if tried.succeeded:
        messages.success(
            request,
            f"You have blocked {other.display_name}. You will not see their messages in chat "
            "or hear when they reply to you or mention you, and they cannot start a private "
            "conversation with you. They are not told.",
        )
    return back_to(request, "chat_blocked")


@login_required
@require_POST
def unblock(request, person_id):
    other = person_or_404(person_id)
    with attempt(request=request) as tried:
        unblock_person(blocker=request.user, blocked=other)
    if tried.succeeded:
        messages.success(request, f"You have unblocked {other.display_name}.")
    return back_to(request, "chat_blocked")


@login_required
def blocked_list(request):
    blocks = list(blocked_by(person=request.user))
    return render(request, "frontend/chat/blocked.html", {"blocks": blocks})
