"""Opening chat sockets in tests: through the real ASGI application (origin check, session
cookie, routing), one `Tab` per socket that keeps what it heard in order."""

import asyncio
import contextlib
import json
import uuid

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from community.chat.models import Message, Room
from community.chat.services.messages import post_message
from config.asgi import application

SAME_ORIGIN = (b"origin", b"http://testserver")
# Presence frames come whenever someone arrives or leaves; most tests are about something else.
PRESENCE = ("presence",)


def session_cookie(person) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(person)
    name = settings.SESSION_COOKIE_NAME
    return (b"cookie", f"{name}={client.cookies[name].value}".encode())


def write(author, room: Room, body: str = "Hello") -> Message:
    """A message stored through the service, as every door stores one."""
    message, _ = post_message(author=author, room=room, body=body, client_id=uuid.uuid4())
    return message


class Tab:
    """One open socket. `heard` keeps every frame received, in order."""

    def __init__(self, communicator: WebsocketCommunicator):
        self.communicator = communicator
        self.heard: list[dict] = []
        self.connected = False
        self.close_code = None

    async def _next_raw(self, timeout: float) -> dict:
        output = await self.communicator.receive_output(timeout)
        if output["type"] == "websocket.close":
            frame = {"type": "closed", "code": output.get("code")}
        else:
            frame = json.loads(output["text"])
        self.heard.append(frame)
        return frame

    async def next(self, *, skip=PRESENCE, timeout: float = 5) -> dict:
        """The next frame that is not one of `skip`."""
        while True:
            frame = await self._next_raw(timeout)
            if frame["type"] not in skip:
                return frame

    async def until(self, kind: str, *, count: int = 1, skip=PRESENCE) -> list[dict]:
        """Frames up to and including the `count`th of `kind` (without those of `skip`)."""
        frames: list[dict] = []
        while sum(1 for frame in frames if frame["type"] == kind) < count:
            frames.append(await self.next(skip=skip))
        return frames

    async def quiet(self, seconds: float = 0.3, *, skip=PRESENCE) -> list[dict]:
        """Everything that arrives in the next `seconds` (without those of `skip`)."""
        await asyncio.sleep(seconds)
        frames = []
        queue = self.communicator.output_queue
        while not queue.empty():
            output = queue.get_nowait()
            if output["type"] == "websocket.close":
                frame = {"type": "closed", "code": output.get("code")}
            else:
                frame = json.loads(output["text"])
            self.heard.append(frame)
            if frame["type"] not in skip:
                frames.append(frame)
        return frames

    async def send(self, frame: dict) -> None:
        await self.communicator.send_json_to(frame)

    async def say(self, body: str, client_id: str | None = None) -> str:
        client_id = client_id or str(uuid.uuid4())
        await self.send({"type": "message", "body": body, "client_id": client_id})
        return client_id

    def last_presence(self) -> dict | None:
        frames = [frame for frame in self.heard if frame["type"] == "presence"]
        return frames[-1] if frames else None


class Sockets:
    """Opens tabs for a test and closes them all after it."""

    def __init__(self):
        self.tabs: list[Tab] = []

    async def open(self, path: str, person=None, *, origin=SAME_ORIGIN) -> Tab:
        headers = [origin]
        if person is not None:
            headers.append(await sync_to_async(session_cookie)(person))
        tab = Tab(WebsocketCommunicator(application, path, headers=headers))
        self.tabs.append(tab)
        tab.connected, tab.close_code = await tab.communicator.connect(timeout=5)
        return tab

    async def room(self, room: Room | int, person=None, *, since: int | None = None, **kw) -> Tab:
        room_id = room if isinstance(room, int) else room.pk
        query = f"?since={since}" if since is not None else ""
        return await self.open(f"/ws/rooms/{room_id}/{query}", person, **kw)

    async def entered(self, room: Room, person, *, since: int | None = None) -> Tab:
        """A room socket that has replayed history and is counted as here."""
        tab = await self.room(room, person, since=since)
        assert tab.connected, f"refused with {tab.close_code}"
        await tab.until("ready")
        await tab.next(skip=())  # the first presence frame: this socket is counted now
        return tab

    async def me(self, person) -> Tab:
        """`/ws/me/`, past its first frames (the notification and chat unread counts)."""
        tab = await self.open("/ws/me/", person)
        assert tab.connected
        await tab.until("chat_unread")
        return tab

    async def close_all(self) -> None:
        for tab in self.tabs:
            if tab.connected:
                # A socket the server already closed has nothing left to close.
                with contextlib.suppress(Exception):
                    await tab.communicator.disconnect(timeout=5)
