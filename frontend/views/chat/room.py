"""A chat room's page: the recent history, the send form, the private-talk queue, and for a
private conversation its people and "Hand on to staff". It works without JavaScript: each
message is a plain form post (stored once for a repeated client_id) and "Show older messages" is
a link; chat.js adds the live room on top. Also the stable drop-in address that e-mails link to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from community.chat import permissions, selectors
from community.chat.presence import presence_frame
from community.chat.services.messages import mark_read, post_message
from community.chat.services.rooms import drop_in_room, enter_room, hand_to_staff
from community.permissions import is_organisation_staff
from community.safety.selectors import kept_apart_ids
from events import selectors as event_selectors
from events.permissions import can_see_event
from frontend.attempts import attempt
from frontend.forms.chat import HandOnForm, MessageForm
from frontend.shared.chat import muted_in, organisation_staff, room_or_404, room_state, when
from frontend.shared.limits import status_for
from frontend.shared.safety import show_urgent_help

# Messages on one page; older ones are a link (or, with JavaScript, loaded from the API).
PAGE_SIZE = 50
# A service that names the hidden client_id gets its words shown at the top of the form.
MESSAGE_FIELDS = {"client_id": ""}


def _before(request) -> int | None:
    try:
        return int(request.GET["before"])
    except (KeyError, ValueError):
        return None


@login_required
def room(request, room_id):
    room = room_or_404(request, room_id)
    viewer = request.user
    if not permissions.can_enter(viewer, room):
        return _not_in_room(request, room)
    if request.method != "POST":
        return _render_room(request, room, MessageForm())
    form = MessageForm(request.POST)
    if form.is_valid():
        with attempt(form, field_names=MESSAGE_FIELDS) as tried:
            message, _ = post_message(
                author=viewer,
                room=room,
                body=form.cleaned_data["body"],
                client_id=form.chosen_client_id(),
            )
        if tried.succeeded:
            if message.urgent_help:
                show_urgent_help(request, room.organisation_id)  # where to get help now
            return redirect(f"{room.get_absolute_url()}#message-{message.pk}")
    return _render_room(request, room, form, status=status_for(form))


def _not_in_room(request, room):
    """A drop-in for the people booked on it: a member who could book sees how, and nothing of
    what was said."""
    if not room.is_drop_in:
        raise PermissionDenied
    occurrence = event_selectors.occurrence_detail(
        occurrence_id=room.occurrence_id, viewer=request.user
    )
    if occurrence is None or not can_see_event(request.user, occurrence.event):
        raise PermissionDenied
    state = room_state(room)
    ended = occurrence.end <= timezone.now() or occurrence.is_cancelled
    context = {
        "room": room,
        "occurrence": occurrence,
        "event": occurrence.event,
        "ended": ended,
        "state": state,
    }
    return render(request, "frontend/chat/book_first.html", context, status=403)


def _render_room(request, room, form, *, hand_on_form=None, status=200):
    viewer = request.user
    now = timezone.now()
    with attempt():
        participant = enter_room(person=viewer, room=room)
    before = _before(request)
    sees_all = permissions.sees_every_message(viewer, room)
    shown = selectors.messages_before(
        room=room, viewer_id=viewer.pk, before=before, limit=PAGE_SIZE + 1, sees_all=sees_all
    )
    has_older = len(shown) > PAGE_SIZE
    shown = shown[:PAGE_SIZE][::-1]  # oldest at the top
    state = room_state(room, now)
    may_moderate = permissions.can_moderate(viewer, room)
    muted = muted_in(room) if may_moderate else set()
    last_read = participant.last_read_id
    # Marked only for someone who has been here before: on a first visit everything is new.
    first_unread = last_read and next(
        (m.pk for m in shown if m.pk > last_read and m.author_id != viewer.pk), None
    )
    safety_urls = _safety_urls()
    for message in shown:
        _say_what_viewer_may_do(message, viewer, room, may_moderate, muted, now)
        _say_how_to_raise_a_concern(message, viewer, sees_all, safety_urls)

    context = {
        "room": room,
        "messages_shown": shown,
        "has_older": has_older,
        "older_before": shown[0].pk if shown else None,
        "is_older_page": before is not None,
        "last_id": shown[-1].pk if shown else 0,
        "first_unread": first_unread,
        "state": state,
        "form": form,
        "muted": participant.muted,
        "can_send": state.open and not participant.muted,
        "may_moderate": may_moderate,
        "report_url_template": safety_urls["report"],
        "moderate_url_template": safety_urls["moderate"] if sees_all else "",
    }
    if room.is_private:
        context.update(_conversation_context(room, viewer, hand_on_form))
    else:
        # People kept apart by a block, either way, are left out of who is here and of the
        # queue, as the room's socket leaves them out of its presence frames.
        apart = kept_apart_ids(person_id=viewer.pk)
        if room.is_drop_in:
            context.update(_drop_in_context(room, viewer, state, apart))
        here = presence_frame(room.pk, selectors.present_people(room=room), hide=apart)
        context["present_count"] = here["count"]
        context["present_helpers"] = [helper["display_name"] for helper in here["helpers"]]
    if before is None and shown and shown[-1].pk > last_read:
        # Read up to the newest shown, before the header counts what is unread.
        mark_read(person=viewer, room=room, up_to=shown[-1].pk)
    return render(request, "frontend/chat/room.html", context, status=status)


def _say_what_viewer_may_do(message, viewer, room, may_moderate, muted, now) -> None:
    """Which buttons each message shows; the services check again when one is pressed."""
    mine = message.author_id == viewer.pk
    live = message.removed is None
    message.is_mine = mine
    message.can_edit = permissions.can_edit_message(viewer, message, now)
    message.can_remove = live and may_moderate and not mine
    message.can_mute = may_moderate and not mine and message.author_id is not None
    message.author_muted = message.author_id in muted
    message.can_block = not room.is_private and not mine and message.author_id is not None
    message.removed_by_author = message.removed_by_id == message.author_id


def _safety_url(name: str, fallback: str) -> str:
    """The address for message 0; each message's is this with its own id."""
    try:
        return reverse(name, args=["chat_message", 0])
    except NoReverseMatch:  # the safety pages are a separate part of the site
        return fallback


def _safety_urls() -> dict[str, str]:
    return {
        "report": _safety_url("report_concern", "/report/chat_message/0/"),
        "moderate": _safety_url("moderation_thing", "/moderation/chat_message/0/"),
    }


def _for_message(template: str, message_id: int) -> str:
    return template.replace("/0/", f"/{message_id}/")


def _say_how_to_raise_a_concern(message, viewer, sees_all: bool, urls: dict) -> None:
    """Anyone may report someone else's message; moderators and the organisation's staff may
    open its case straight from here."""
    mine = message.author_id == viewer.pk
    message.report_url = "" if mine or message.removed else _for_message(urls["report"], message.pk)
    message.moderate_url = _for_message(urls["moderate"], message.pk) if sees_all else ""


def _conversation_context(room, viewer, hand_on_form) -> dict:
    people = selectors.conversation_people(room=room)
    others = [person for person in people if person.pk != viewer.pk]
    context = {"people": people, "others": others}
    if room.organisation_id is not None and (
        permissions.is_advisor_of(viewer, room) or is_organisation_staff(viewer, room.organisation)
    ):
        staff = organisation_staff(room.organisation, leaving=viewer)
        context["hand_on_form"] = hand_on_form or HandOnForm(staff=staff)
    return context


def _drop_in_context(room, viewer, state, apart: set[int]) -> dict:
    occurrence = room.occurrence
    helper = permissions.can_take_from_queue(viewer, room)
    context = {
        "occurrence": occurrence,
        "event": occurrence.event,
        "opens_at": when(permissions.opens_at(occurrence)),
        "is_helper": helper,
    }
    if helper:
        context["waiting"] = selectors.waiting_in(room=room, hide=apart)
    else:
        entry = selectors.my_queue_entry(room=room, person=viewer)
        context["queue_entry"] = entry
        context["taken_by"] = (
            entry.taken_by if entry is not None and entry.conversation_id else None
        )
    if room.organisation is not None and is_organisation_staff(viewer, room.organisation):
        figures = selectors.private_talk_figures(room=room)
        context["figures"] = figures
        context["figures_minutes"] = {
            "average": _minutes(figures.average_wait),
            "longest": _minutes(figures.longest_wait),
        }
    return context


def _minutes(wait) -> int | None:
    return None if wait is None else round(wait.total_seconds() / 60)


@login_required
@require_POST
def hand_on(request, room_id):
    room = room_or_404(request, room_id)
    if not room.is_private or room.organisation is None:
        raise Http404("Only a private conversation from an organisation can be handed on.")
    staff = organisation_staff(room.organisation, leaving=request.user)
    form = HandOnForm(request.POST, staff=staff)
    if form.is_valid():
        chosen = form.cleaned_data["staff"]
        with attempt(form) as tried:
            hand_to_staff(advisor=request.user, conversation=room, staff=chosen)
        if tried.succeeded:
            messages.success(
                request,
                f"You have handed the conversation on to {chosen.display_name} from "
                f"{room.organisation.name}. They can read everything said so far.",
            )
            return redirect("chat")
    return _render_room(request, room, MessageForm(), hand_on_form=form, status=400)


@login_required
def drop_in(request, occurrence_id):
    """The stable address of a drop-in date's room, for e-mails, the booked date and feeds."""
    occurrence = event_selectors.occurrence_detail(occurrence_id=occurrence_id, viewer=request.user)
    if occurrence is None:
        raise Http404("No such date.")
    tried = attempt()
    with tried:
        found = drop_in_room(occurrence=occurrence)
    if not tried.succeeded:
        raise Http404(tried.message)
    return redirect(found)
