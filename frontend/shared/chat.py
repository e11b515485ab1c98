"""What the chat pages share: finding the room or message in the URL (404 when a private
conversation is not the viewer's, so it is not even revealed), saying when a drop-in room opens
in words, and the small reads the pages need beyond community.chat.selectors."""

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from community.chat.models import Message, Participant, Room
from community.chat.permissions import can_enter, is_open, opens_at
from community.chat.selectors import message_for, room_detail
from community.models import Membership, Theme, User


def room_or_404(request, room_id: int) -> Room:
    """The room; a private conversation the viewer is not in does not exist for them."""
    room = room_detail(room_id=room_id)
    if room is None or (room.is_private and not can_enter(request.user, room)):
        raise Http404("No such room.")
    return room


def message_or_404(request, message_id: int) -> Message:
    message = message_for(message_id=message_id)
    if message is None or not can_enter(request.user, message.room):
        raise Http404("No such message.")
    return message


def person_or_404(person_id: int) -> User:
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        raise Http404("No such person.")
    return person


def when(moment: datetime.datetime) -> str:
    """'9:45 on Tuesday 8 December', in UK time."""
    local = timezone.localtime(moment)
    return f"{local:%-H:%M} on {local:%A %-d %B}"


@dataclass(frozen=True)
class RoomState:
    open: bool
    # Why nobody can write now, in words ("" when open).
    closed_because: str


def room_state(room: Room, now: datetime.datetime | None = None) -> RoomState:
    now = now or timezone.now()
    if is_open(room, now):
        return RoomState(open=True, closed_because="")
    if room.archived:
        return RoomState(open=False, closed_because="This room is closed.")
    occurrence = room.occurrence
    if occurrence.is_cancelled:
        return RoomState(open=False, closed_because="This date of the drop-in was cancelled.")
    if now >= occurrence.end:
        return RoomState(open=False, closed_because="This drop-in has ended.")
    return RoomState(open=False, closed_because=f"This room opens at {when(opens_at(occurrence))}.")


def drop_in_state(occurrence, now: datetime.datetime) -> str:
    """For the list of a person's drop-ins: open now, or when it opens."""
    if occurrence.is_cancelled:
        return "Cancelled"
    if opens_at(occurrence) <= now < occurrence.end:
        return "Open now"
    return f"Opens at {when(opens_at(occurrence))}"


def conversation_partners(*, room_ids: list[int], viewer: User) -> dict[int, list[str]]:
    """{room: names of the other people in it}, for private conversations, in one query."""
    names: dict[int, list[str]] = {room_id: [] for room_id in room_ids}
    if not room_ids:
        return names
    rows = (
        Participant.objects.filter(room_id__in=room_ids, active=True)
        .exclude(person=viewer)
        .order_by("joined", "pk")
        .values_list("room_id", "person__display_name")
    )
    for room_id, name in rows:
        names[room_id].append(name)
    return names


def theme_choices():
    return Theme.objects.order_by("position", "name")


def muted_in(room: Room) -> set[int]:
    return set(
        Participant.objects.filter(room=room, muted=True).values_list("person_id", flat=True)
    )


def organisation_staff(organisation, *, leaving: User):
    """Who an advisor can hand a conversation on to: the organisation's active staff."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=Membership.Role.STAFF,
            memberships__active=True,
        )
        .exclude(pk=leaving.pk)
        .distinct()
        .order_by("display_name", "pk")
    )


def back_to(request, fallback: str):
    """Back to the page the form was on (the `next` field), or to `fallback`."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(wanted)
    return redirect(fallback)
