"""What community.safety does to chat messages: approve one that waited, hold or hide one, show it
again, remove it, and remove everything one person wrote. The safety services check who may (a
case's actions, a person's restrictions) before they call these, so these check nothing again."""

from functools import partial

from django.db import transaction
from django.utils import timezone

from community.chat import broadcasts
from community.chat.frames import removed_together_frame
from community.chat.models import Message
from community.chat.services.messages import notify_people_away, tell_room
from community.chat.tasks import queue_room_unread
from community.models import User
from community.safety.visibility import Visibility


def set_message_visibility(*, message: Message, visibility: str, actor: User | None) -> Message:
    """Going from waiting to shown is an approval: the room hears the message then, as it would
    have when it was sent, and people away from a private conversation are told of it."""
    was = message.visibility
    if was == visibility:
        return message
    message.visibility = visibility
    with transaction.atomic():
        message.save(update_fields=["visibility"])
        tell_room(message, room_saw_it=was == Visibility.SHOWN)
        if visibility == Visibility.SHOWN and was == Visibility.WAITING:
            transaction.on_commit(partial(queue_room_unread, message.room_id))
            if message.room.is_private and message.author is not None:
                notify_people_away(message, message.author)
    return message


def remove_for_safety(*, message: Message, actor: User) -> Message:
    """Removed by a moderator or the organisation's staff from the moderation queue (which writes
    the audit log): the text is gone for everyone, the place stays."""
    if message.removed is not None:
        return message
    message.removed = timezone.now()
    message.removed_by = actor
    with transaction.atomic():
        message.save(update_fields=["removed", "removed_by"])
        tell_room(message, room_saw_it=message.visibility != Visibility.WAITING)
    return message


def remove_everything_by(*, person: User, actor: User) -> int:
    """Every message `person` wrote, removed in one statement, and one frame to each room that
    had any. Returns how many."""
    rows = list(
        Message.objects.filter(author=person, removed__isnull=True).values_list("pk", "room_id")
    )
    if not rows:
        return 0
    with transaction.atomic():
        Message.objects.filter(pk__in=[pk for pk, _ in rows]).update(
            removed=timezone.now(), removed_by=actor
        )
        by_room: dict[int, list[int]] = {}
        for pk, room_id in rows:
            by_room.setdefault(room_id, []).append(pk)
        for room_id, ids in by_room.items():
            broadcasts.to_room(room_id, removed_together_frame(room_id, ids))
            transaction.on_commit(partial(queue_room_unread, room_id))
    return len(rows)
