"""Chat messages as community.safety sees them (kind "chat_message"): described for the
moderation queue, who may see (and so report) one, and what moderation does to one. Registered
from ChatConfig.ready()."""

import html

from django.utils.html import strip_tags
from django.utils.text import Truncator

from community.chat.models import Message
from community.chat.permissions import can_see_message
from community.chat.services.messages import KIND
from community.chat.services.moderation import (
    remove_everything_by,
    remove_for_safety,
    set_message_visibility,
)
from community.models import User
from community.safety.registry import Described, ReportableKind, register_reportable

EXCERPT_LENGTH = 300


def _label(message: Message) -> str:
    room = message.room
    if room.is_private:
        return "Private message"
    return f"Message in {room.name or room.get_kind_display()}"


def _excerpt(message: Message) -> str:
    text = html.unescape(strip_tags(message.body_html)).strip()
    return Truncator(" ".join(text.split())).chars(EXCERPT_LENGTH)


def describe(ids: list[int]) -> dict[int, Described]:
    """One query however many messages."""
    messages = Message.objects.filter(pk__in=ids).select_related("room")
    return {
        message.pk: Described(
            kind=KIND,
            id=message.pk,
            label=_label(message),
            excerpt=_excerpt(message),
            url=f"{message.room.get_absolute_url()}#message-{message.pk}",
            author_id=message.author_id,
            organisation_id=message.room.organisation_id,
            visibility=message.visibility,
            removed=message.removed is not None,
        )
        for message in messages
    }


def _message(message_id: int) -> Message | None:
    return (
        Message.objects.filter(pk=message_id)
        .select_related("room__occurrence__event__organisation", "room__organisation", "author")
        .first()
    )


def can_see(person: User, message_id: int) -> bool:
    message = _message(message_id)
    return message is not None and can_see_message(person, message)


def set_visibility(message_id: int, visibility: str, actor: User | None) -> None:
    message = _message(message_id)
    if message is not None:
        set_message_visibility(message=message, visibility=visibility, actor=actor)


def remove(message_id: int, actor: User) -> None:
    message = _message(message_id)
    if message is not None:
        remove_for_safety(message=message, actor=actor)


def remove_all_by(person: User, actor: User) -> int:
    return remove_everything_by(person=person, actor=actor)


def notification_about(message_id: int) -> list[tuple[str, int]]:
    """Notifications that point at the message itself go when it stops being shown."""
    return [(Message._meta.label_lower, message_id)]


register_reportable(
    ReportableKind(
        name=KIND,
        title="chat message",
        describe=describe,
        can_see=can_see,
        set_visibility=set_visibility,
        remove=remove,
        remove_all_by=remove_all_by,
        notification_about=notification_about,
    )
)
