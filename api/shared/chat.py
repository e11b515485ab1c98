"""Finding what a chat request names, as the requester may see it, and rooms presented for them.

A room someone may not enter is simply not found (404), whatever its kind: like a members-only
forum category, a private conversation must not reveal that it exists."""

from django.db.models import Prefetch
from rest_framework.exceptions import NotFound

from api.serializers.chat.rooms import RoomDetailSerializer
from community.chat.models import Message, Participant, Room
from community.chat.permissions import (
    can_enter,
    can_moderate,
    can_see_message,
    can_take_from_queue,
    is_open,
)
from community.chat.selectors import (
    community_rooms,
    conversation_people,
    message_for,
    my_participations,
    participant_for,
    room_detail,
    with_authors,
)
from community.errors import CommunityError
from community.models import User

NO_ROOM = "We could not find that room."


def visible_room(request, room_id: int) -> Room:
    room = room_detail(room_id=room_id)
    if room is None or not can_enter(request.user, room):
        raise NotFound(NO_ROOM)
    return room


def visible_drop_in(request, room_id: int) -> Room:
    """Only drop-in rooms have a queue to talk privately to an advisor."""
    room = visible_room(request, room_id)
    if not room.is_drop_in:
        raise NotFound("Only drop-in rooms have a queue to talk privately.", code="no_queue")
    return room


def visible_message(request, message_id: int) -> Message:
    message = message_for(message_id=message_id)
    # Someone else's message that is not shown is not there for others, as in the history.
    if message is None or not can_see_message(request.user, message):
        raise NotFound("We could not find that message.")
    return message


def message_as_shown(message: Message) -> Message:
    """The message read again with its author's badges, as history shows it."""
    return with_authors(Message.objects.filter(pk=message.pk)).get()


def active_person(person_id: int, field: str) -> User:
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        raise CommunityError("unknown_person", "We could not find that person.", field=field)
    return person


def _private_people() -> Prefetch:
    # Only private conversations name their people; the join keeps shared rooms' crowds out.
    return Prefetch(
        "room__participants",
        queryset=Participant.objects.filter(active=True, room__kind=Room.Kind.PRIVATE)
        .select_related("person")
        .order_by("joined", "pk"),
        to_attr="people_in",
    )


def rooms_for(person: User, kind: str | None = None) -> tuple[list[Room], list[Room]]:
    """(the rooms the person is in, the community rooms they could join), in three queries."""
    participations = my_participations(person=person).prefetch_related(_private_people())
    if kind:
        participations = participations.filter(room__kind=kind)
    mine = []
    for participation in participations:
        room = participation.room
        room.people = [p.person for p in getattr(room, "people_in", [])]
        room.unread = participation.unread
        room.last_message_id = participation.last_message_id
        room.is_open = is_open(room)
        mine.append(room)
    joinable: list[Room] = []
    if kind in (None, "", Room.Kind.COMMUNITY):
        in_already = [room.pk for room in mine]
        joinable = list(community_rooms().exclude(pk__in=in_already))
        for room in joinable:
            room.people, room.unread, room.last_message_id = [], None, None
            room.is_open = is_open(room)
    return mine, joinable


def room_detail_data(request, room: Room) -> dict:
    """One room for the requester, with their own place in it."""
    person = request.user
    participation = my_participations(person=person).filter(room=room).first()
    participant = participant_for(room=room, person=person)
    room.people = conversation_people(room=room) if room.is_private else []
    room.unread = participation.unread if participation else None
    room.last_message_id = participation.last_message_id if participation else None
    room.is_open = is_open(room)
    muted = bool(participant and participant.muted)
    room.you = {
        "can_send": room.is_open and not muted,
        "muted": muted,
        "can_moderate": can_moderate(person, room),
        "can_take_from_queue": can_take_from_queue(person, room),
        "last_read_id": participant.last_read_id if participant else 0,
    }
    return RoomDetailSerializer(room).data
