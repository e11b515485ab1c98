"""Who is in a room now, across every server process: one row per open socket, refreshed while
it is open, so a process that dies stops counting within a minute and a half."""

from django.utils import timezone

from community.chat import broadcasts
from community.chat.models import Presence, Room
from community.models import User


def arrive(*, room: Room, person: User, socket: str) -> None:
    Presence.objects.update_or_create(
        socket=socket, defaults={"room": room, "person": person, "seen": timezone.now()}
    )
    broadcasts.presence_changed(room.pk)


def depart(*, room_id: int, socket: str) -> None:
    Presence.objects.filter(socket=socket).delete()
    broadcasts.presence_changed(room_id)


def still_here(*, sockets: list[str]) -> int:
    """One update for all of a process's open sockets."""
    return Presence.objects.filter(socket__in=sockets).update(seen=timezone.now())
