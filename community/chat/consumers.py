"""The chat room socket, `/ws/rooms/<room_id>/?since=<last_message_id>`: a thin adapter over the
chat services (the same ones the API and the pages call).

On connect it sends every message after `since` (at most REPLAY_LIMIT, then a `gap` frame), then
live traffic; it is subscribed before it reads history, and what arrives meanwhile is held and
sent after, so nothing committed in between is missed. Live frames reach it through
`community.live` (one subscription per process per room), already encoded once for everyone.
"""

import asyncio
import contextlib
import json
import logging
import time
import urllib.parse
import uuid

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from community.chat import presence
from community.chat.broadcasts import room_group
from community.chat.frames import message_frame, queue_frame, without_kept_apart
from community.chat.models import Message
from community.chat.permissions import (
    can_moderate,
    can_take_from_queue,
    is_open,
    sees_every_message,
)
from community.chat.selectors import message_for, messages_after, room_detail, waiting_in
from community.chat.services.messages import Outgoing, edit_message, mark_read, remove_message
from community.chat.services.rooms import enter_room
from community.chat.storing import message_store
from community.consumers import CLOSE_NOT_SIGNED_IN
from community.errors import CommunityError, NotAllowed
from community.live import LiveSocket, local_groups
from community.permissions import is_barred, is_signed_in
from community.safety import signposting
from community.safety.selectors import hidden_authors, kept_apart_ids
from community.services.broadcasts import person_group, send_signal

logger = logging.getLogger(__name__)

CLOSE_NOT_ALLOWED = 4403
CLOSE_NO_SUCH_ROOM = 4404
CLOSE_INTERNAL_ERROR = 1011
# Messages from one socket being stored at once; a client sending faster waits to be read.
MESSAGES_IN_FLIGHT = 8
# Someone typing is told to the room at most this often.
TYPING_EVERY_SECONDS = 3


class RoomConsumer(LiveSocket, AsyncJsonWebsocketConsumer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sending: set[asyncio.Task] = set()  # messages being stored, until acknowledged
        self.closing = False  # closed, or closing: nothing more can be written to it

    async def connect(self):
        person = self.scope.get("user")
        if is_barred(person):  # suspended or banned: not "signed out", so no "log in again"
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        if not is_signed_in(person):
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return
        self.person = person
        self.socket_id = uuid.uuid4().hex  # names its presence row
        room_id = self.scope["url_route"]["kwargs"]["room_id"]
        state = await database_sync_to_async(self._load)(room_id)
        if state is None:
            await self.close(code=CLOSE_NO_SUCH_ROOM)
            return
        if not state:
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        self.room, self.is_helper, self.hidden, self.kept_apart = state
        self.group = room_group(self.room.pk)
        self.held: list[dict] | None = []  # live frames that arrive while history is sent
        self.last_typing = 0.0
        await self.accept()
        await local_groups().join(self.group, self)
        # The person's own group too: a block they make or receive applies at once.
        await local_groups().join(person_group(person.pk), self)
        await self._replay()
        await presence.arrived(self)

    def _load(self, room_id: int):
        room = room_detail(room_id=room_id)
        if room is None:
            return None
        try:
            participant = enter_room(person=self.person, room=room)  # their read marker from now
        except NotAllowed:
            # Outsiders cannot tell someone else's private conversation from no room at all.
            return None if room.is_private else False
        self.muted = participant.muted
        # Moderators and the organisation's staff see waiting and hidden messages in the history.
        self.sees_all = sees_every_message(self.person, room)
        return (room, can_take_from_queue(self.person, room), *self._blocks())

    def _blocks(self) -> tuple[set[int], set[int]]:
        return hidden_authors(person_id=self.person.pk), kept_apart_ids(person_id=self.person.pk)

    def _since(self) -> int:
        query = urllib.parse.parse_qs(self.scope.get("query_string", b"").decode())
        try:
            return max(0, int(query.get("since", ["0"])[0]))
        except ValueError:
            return 0

    async def _replay(self) -> None:
        messages, gap_before, queue = await database_sync_to_async(self._history)()
        if gap_before is not None:
            await self.send_json({"type": "gap", "before": gap_before})
        last = 0
        for message in messages:
            await self.send_json(message_frame(message))
            last = message.pk
        held, self.held = self.held or [], None
        for frame in held:
            if frame["id"] > last or frame["edited"] or frame["removed"]:
                await self.send_json(frame)
        if queue is not None:
            await self.send_json(queue)
        await self.send_json({"type": "ready", "room": self.room.pk, "open": is_open(self.room)})

    def _history(self):
        messages, gap_before = messages_after(
            room=self.room, viewer_id=self.person.pk, since=self._since(), sees_all=self.sees_all
        )
        queue = None
        if self.is_helper:
            queue = queue_frame(self.room.pk, waiting_in(room=self.room, hide=self.kept_apart))
        return messages, gap_before, queue

    async def close(self, code=None, reason=None):
        self.closing = True
        await super().close(code=code, reason=reason)

    async def disconnect(self, code):
        self.closing = True
        for task in list(self._sending):  # stored all the same; only the ack is lost
            task.cancel()
        if hasattr(self, "group"):
            await local_groups().leave(self.group, self)
            await local_groups().leave(person_group(self.person.pk), self)
            await presence.departed(self)

    # --- from the client -------------------------------------------------------------------

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        handler = {
            "message": self._send_message,
            "typing": self._typing,
            "read": self._read,
            "edit": self._edit,
            "delete": self._delete,
        }.get(kind)
        if handler is None:
            await self._error("unsupported", "Send a message, typing, read, edit or delete frame.")
            return
        if kind == "message":
            # Stored in the process's next turn with everyone else's (community.chat.storing),
            # while this socket goes on reading: a second message sent meanwhile joins that
            # turn instead of waiting for the first to be stored. Acks keep the sending order.
            if len(self._sending) >= MESSAGES_IN_FLIGHT:  # read no more until one is stored
                await asyncio.wait(self._sending, return_when=asyncio.FIRST_COMPLETED)
            self._sending.add(asyncio.ensure_future(self._send_in_turn(handler, content)))
            return
        await self._handle(handler, content)

    async def _send_in_turn(self, handler, content) -> None:
        try:
            await self._handle(handler, content)
        except Exception:
            if self.closing:  # the ack or error had nowhere to go; the client resends on return
                logger.debug("A chat message was answered after its socket closed", exc_info=True)
                return
            # As when handling a frame fails in the socket's own loop: in the log, and the
            # socket closed (its client reconnects and resends what was not acknowledged).
            logger.exception("Could not handle a chat message")
            with contextlib.suppress(Exception):  # it may be gone already
                await self.close(code=CLOSE_INTERNAL_ERROR)
        finally:
            self._sending.discard(asyncio.current_task())

    async def _handle(self, handler, content) -> None:
        try:
            await handler(content)
        except CommunityError as error:
            self.muted = self.muted or error.code == "muted"
            await self._error(error.code, error.message, client_id=content.get("client_id"))
            if is_barred(self.person):  # barred since connect (the services read it again)
                await self.close(code=CLOSE_NOT_ALLOWED)

    async def _send_message(self, content):
        body = content.get("body")
        if not isinstance(body, str):
            await self._error("empty", "Write a message first.", client_id=content.get("client_id"))
            return
        message, _ = await message_store().post(
            Outgoing(self.person, self.room, body, content.get("client_id"))
        )
        # The message itself arrives through the room's broadcast; the ack says it is stored,
        # also for a resend that was stored the first time.
        await self.send_json({"type": "ack", "client_id": str(message.client_id), "id": message.pk})
        await self._offer_urgent_help(message)

    async def _offer_urgent_help(self, message: Message) -> None:
        """The writer's words suggest they may be at risk: where to get help now. The message is
        sent all the same."""
        if message.urgent_help:
            contacts = signposting.urgent_help(self.room.organisation)
            await self.send_json({"type": "urgent_help", "contacts": contacts})

    async def _typing(self, content):
        if self.muted or not is_open(self.room):
            return  # nothing they could send, so nothing to show
        now = time.monotonic()
        if now - self.last_typing < TYPING_EVERY_SECONDS:
            return
        self.last_typing = now
        person = {"id": self.person.pk, "display_name": self.person.display_name}
        await send_signal(
            self.group,
            {
                "type": "chat.frame",
                "frame": {"type": "typing", "person": person},
                "author": self.person.pk,
            },
        )

    async def _read(self, content):
        await database_sync_to_async(mark_read)(
            person=self.person, room=self.room, up_to=content.get("up_to")
        )

    async def _edit(self, content):
        message = await self._own_message(content)
        body = content.get("body")
        if not isinstance(body, str):
            await self._error("empty", "Write a message first.")
            return
        edited = await database_sync_to_async(edit_message)(
            editor=self.person, message=message, body=body
        )
        await self._offer_urgent_help(edited)

    async def _delete(self, content):
        message = await self._own_message(content)
        await database_sync_to_async(remove_message)(person=self.person, message=message)

    @database_sync_to_async
    def _own_message(self, content) -> Message:
        message_id = content.get("id")
        message = (
            message_for(message_id=message_id, room=self.room)
            if isinstance(message_id, int) and not isinstance(message_id, bool)
            else None
        )
        if message is None:
            raise CommunityError("no_such_message", "That message is not in this room.")
        return message

    async def _error(self, code: str, detail: str, client_id=None):
        frame = {"type": "error", "code": code, "detail": detail}
        if client_id is not None:
            frame["client_id"] = str(client_id)
        await self.send_json(frame)

    # --- from the room (community.live) ----------------------------------------------------

    async def deliver(self, event: dict) -> None:
        kind = event["type"]
        if kind == "chat.frames":  # messages stored together, in the order they were stored
            for each in event["events"]:
                await self._deliver_frame(each)
        elif kind == "chat.frame":
            await self._deliver_frame(event)
        elif kind == "chat.presence":
            presence.changed(self.room)
        elif (kind == "chat.leave" and event["person"] == self.person.pk) or kind == (
            "account.closed"
        ):
            await self.close(code=CLOSE_NOT_ALLOWED)
        elif kind == "blocks.changed":
            self.hidden, self.kept_apart = await database_sync_to_async(self._blocks)()
            presence.changed(self.room)

    async def _deliver_frame(self, event: dict) -> None:
        # The event is the same dict for every socket of this process: what they all share is
        # worked out by the first, and then most sockets need one look at their blocks.
        if "for_everyone" not in event:
            event["for_everyone"] = _for_everyone(event)
        for_everyone = event["for_everyone"]
        if for_everyone is not None and self.held is None:
            if event["author"] not in self.hidden:
                await self.write(for_everyone)
            return
        if event.get("helpers_only") and not self.is_helper:
            return
        if not self._is_for_me(event):
            return
        author = event.get("author")
        frame = event["frame"]
        if author is not None and author in self.hidden:
            return
        if frame["type"] == "typing" and (author == self.person.pk or author in self.kept_apart):
            return
        if frame["type"] == "queue" and self.kept_apart:
            frame = without_kept_apart(frame, self.kept_apart)
            await self.send_json(frame)
            return
        if self.held is not None:
            if frame["type"] == "message":
                self.held.append(frame)
            return
        # Encoded once for every socket of this process: the event is the same dict for all.
        text = event.get("text")
        if text is None:
            text = event["text"] = json.dumps(frame)
        await self.write_text(text)

    def _is_for_me(self, event: dict) -> bool:
        """A message not shown to the room goes to its author's sockets and to those of people who
        see every message; the room sees it taken away."""
        watchers = event.get("watchers")
        if watchers is not None and self.sees_all:
            return watchers
        me = self.person.pk
        return event.get("only", me) == me and event.get("skip") != me

    async def send_text(self, text: str) -> None:
        await self.write_text(text)

    @property
    def may_moderate(self) -> bool:
        return can_moderate(self.person, self.room)


def _for_everyone(event: dict) -> dict | None:
    """A message every socket in the room gets unless it blocked the author: the frame to write,
    encoded once for all of them. None for anything that needs each socket's own look (frames
    for some people only, typing, the queue, messages not shown to everyone)."""
    plain = (
        event["frame"]["type"] == "message"
        and "author" in event
        and not event.get("helpers_only")
        and not {"only", "skip", "watchers"} & event.keys()
    )
    if not plain:
        return None
    text = event.get("text")
    if text is None:
        text = event["text"] = json.dumps(event["frame"])
    return {"type": "websocket.send", "text": text}
