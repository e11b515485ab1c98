"""WebSocket consumers for a signed-in person's own live channel (`/ws/me/`)."""

import json
from collections.abc import Callable

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from community.live import LiveSocket, local_groups
from community.models import User
from community.permissions import is_barred, is_signed_in
from community.selectors import unread_notification_count
from community.services.broadcasts import person_group

# The account was deleted, suspended or banned (before or while this tab was open): the client
# must not reconnect. The same code as a chat room's "not allowed".
ACCOUNT_CLOSED = 4403

# 4401: like HTTP 401, in the application range of WebSocket close codes.
CLOSE_NOT_SIGNED_IN = 4401

# Apps above the base add what a tab should hear on connect (chat: unread counts per room),
# from their AppConfig.ready(). Each takes the person and returns one frame.
_connect_frames: list[Callable[[User], dict]] = []


def on_connect_send(build: Callable[[User], dict]) -> None:
    _connect_frames.append(build)


class MeConsumer(LiveSocket, AsyncJsonWebsocketConsumer):
    """One per open tab. Sends the unread counts on connect and whenever they change."""

    async def connect(self):
        person = self.scope.get("user")
        if is_barred(person):  # suspended or banned: not "signed out", so no "log in again"
            await self.close(code=ACCOUNT_CLOSED)
            return
        if not is_signed_in(person):
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return
        self.group = person_group(person.pk)
        await self.accept()
        await local_groups().join(self.group, self)
        frames = await database_sync_to_async(self._first_frames)(person)
        for frame in frames:
            await self.send_json(frame)

    def _first_frames(self, person: User) -> list[dict]:
        count = unread_notification_count(person=person)
        return [{"type": "unread", "notifications": count}] + [
            build(person) for build in _connect_frames
        ]

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await local_groups().leave(self.group, self)

    async def receive_json(self, content, **kwargs):
        # Nothing is sent this way yet; say so rather than drop it silently.
        await self.send_json(
            {"type": "error", "code": "unsupported", "detail": "This channel only sends updates."}
        )

    async def deliver(self, event: dict) -> None:
        if event["type"] == "unread.count":
            frame = {"type": "unread", "notifications": event["notifications"]}
        elif event["type"] == "me.frame":  # apps above the base send their own frames whole
            frame = event["frame"]
        elif event["type"] == "account.closed":
            await self.close(code=ACCOUNT_CLOSED)
            return
        else:  # for other sockets of the person (a chat room re-reading blocks)
            return
        await self.write_text(json.dumps(frame))
