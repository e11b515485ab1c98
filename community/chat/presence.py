"""Presence for the room sockets of one server process: who is here, told to the room without a
storm. A change anywhere is a plain "presence changed" ping to the room; each process then asks
the database once (at most once a second per room) and tells its own sockets, each with what they
may see: people kept apart by a block are left out of each other's count and list.

Each open socket has a row (`community.chat.models.Presence`) so every process counts everyone;
the rows of one process are refreshed together every HEARTBEAT_SECONDS, and rows of a process that
died stop counting after `PRESENCE_FRESH`.
"""

import asyncio
import contextlib
import json
import logging
import weakref

from channels.db import database_sync_to_async

from community.chat.broadcasts import room_group
from community.chat.models import Room
from community.chat.selectors import Here, present_people
from community.chat.services.presence import arrive, depart, still_here
from community.live import local_groups

logger = logging.getLogger(__name__)

# Presence changes are gathered for this long before the room is told.
SETTLE_SECONDS = 1.0
HEARTBEAT_SECONDS = 30


class ProcessPresence:
    def __init__(self) -> None:
        self.pending: dict[int, asyncio.Task] = {}
        self.sockets: dict[str, object] = {}
        self.heartbeat: asyncio.Task | None = None

    def changed(self, room: Room) -> None:
        if room.pk not in self.pending:
            self.pending[room.pk] = asyncio.ensure_future(self._tell(room))

    async def _tell(self, room: Room) -> None:
        try:
            await asyncio.sleep(SETTLE_SECONDS)
            self.pending.pop(room.pk, None)
            here = await database_sync_to_async(present_people)(room=room)
            await tell_sockets(local_groups().sockets(room_group(room.pk)), here)
        except Exception:
            logger.exception("Could not tell room %s who is here", room.pk)
        finally:
            self.pending.pop(room.pk, None)

    def add(self, consumer) -> None:
        self.sockets[consumer.socket_id] = consumer
        if self.heartbeat is None:
            self.heartbeat = asyncio.ensure_future(self._beat())

    def remove(self, consumer) -> None:
        self.sockets.pop(consumer.socket_id, None)
        if not self.sockets and self.heartbeat is not None:
            self.heartbeat.cancel()
            self.heartbeat = None

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            with contextlib.suppress(Exception):
                await database_sync_to_async(still_here)(sockets=list(self.sockets))


async def tell_sockets(sockets, here: Here) -> None:
    everyone = None  # the frame for sockets with no blocks among those here, encoded once
    for socket in sockets:
        apart = socket.kept_apart.intersection(here.people) if socket.kept_apart else set()
        if apart:
            text = json.dumps(presence_frame(socket.room.pk, here, hide=apart))
        else:
            if everyone is None:
                everyone = json.dumps(presence_frame(socket.room.pk, here, hide=set()))
            text = everyone
        try:
            await socket.send_text(text)
        except Exception:  # a socket closing as we speak must not keep the others from hearing
            logger.debug("Could not tell a closing socket who is here", exc_info=True)


def presence_frame(room_id: int, here: Here, *, hide: set[int]) -> dict:
    return {
        "type": "presence",
        "room": room_id,
        "count": len([person for person in here.people if person not in hide]),
        "helpers": [helper for helper in here.helpers if helper["id"] not in hide],
    }


_per_loop: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ProcessPresence]" = (
    weakref.WeakKeyDictionary()
)


def _process() -> ProcessPresence:
    loop = asyncio.get_running_loop()
    found = _per_loop.get(loop)
    if found is None:
        found = _per_loop[loop] = ProcessPresence()
    return found


async def arrived(consumer) -> None:
    _process().add(consumer)
    await database_sync_to_async(arrive)(
        room=consumer.room, person=consumer.person, socket=consumer.socket_id
    )


async def departed(consumer) -> None:
    _process().remove(consumer)
    await database_sync_to_async(depart)(room_id=consumer.room.pk, socket=consumer.socket_id)


def changed(room: Room) -> None:
    _process().changed(room)
