"""What the chat holds about a person, for "Download my data" and "Delete my account".

Registered with community.safety when the app starts (community.chat.apps)."""

from django.db import transaction
from django.utils import timezone

from community.chat.models import Message, Participant, QueueEntry, Room
from community.models import User
from community.safety.personal_data import (
    Erasure,
    PersonalData,
    Row,
    register_personal_data,
    when,
)


def _room_name(room: Room) -> str:
    return room.name or f"{room.get_kind_display()} (room {room.pk})"


def export_messages(person: User) -> list[Row]:
    messages = Message.objects.filter(author=person).select_related("room").order_by("pk")
    return [
        {
            "room": _room_name(message.room),
            "sent": when(message.created),
            "edited": when(message.edited),
            "removed": when(message.removed),
            "text": message.body,
        }
        for message in messages.iterator(chunk_size=1000)
    ]


def export_rooms(person: User) -> list[Row]:
    """The rooms and conversations they are in, with who else is in the private ones (by the
    names everyone sees), and their times waiting to talk privately at a drop-in."""
    participations = Participant.objects.filter(person=person).select_related("room")
    rooms = [participation.room for participation in participations]
    others: dict[int, list[str]] = {}
    private = [room.pk for room in rooms if room.kind == Room.Kind.PRIVATE]
    for room_id, name in (
        Participant.objects.filter(room_id__in=private)
        .exclude(person=person)
        .values_list("room_id", "person__display_name")
    ):
        others.setdefault(room_id, []).append(name)
    queue = QueueEntry.objects.filter(person=person).select_related("room").order_by("joined")
    return [
        {
            "rooms": [
                {
                    "room": _room_name(participation.room),
                    "kind": participation.room.get_kind_display(),
                    "joined": when(participation.joined),
                    "still_in_it": participation.active,
                    "muted_by_a_host": participation.muted,
                    "other_people": others.get(participation.room_id, []),
                }
                for participation in participations
            ],
            "asked_to_talk_privately": [
                {
                    "room": _room_name(entry.room),
                    "asked": when(entry.joined),
                    "taken": when(entry.taken),
                    "left": when(entry.left),
                }
                for entry in queue
            ],
        }
    ]


def erase_from_chat(erasure: Erasure) -> None:
    """Kept messages show "A former member" once the account is gone; removed ones keep their
    place with no text, as a deleted message does. Leaving the rooms happens with the account."""
    if not erasure.remove_posts:
        return
    with transaction.atomic():
        mine = Message.objects.filter(author=erasure.person)
        mine.filter(removed__isnull=True).update(removed=timezone.now())
        mine.update(body="", body_html="")


register_personal_data(
    PersonalData(
        name="chat_messages",
        title="Your chat messages",
        export=export_messages,
        erase=erase_from_chat,
        models=("chat.Message",),
        order=40,
    )
)
register_personal_data(
    PersonalData(
        name="chat_rooms",
        title="Chat rooms and conversations you are in",
        export=export_rooms,
        erase=lambda erasure: None,  # these rows go with the account
        models=("chat.Participant", "chat.Presence", "chat.QueueEntry", "chat.Room"),
        order=41,
    )
)
