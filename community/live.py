"""Local fan-out for live sockets: one channel-layer subscription per server process per group.

Stock Channels gives every socket its own channel and its own group membership, so one message to
a room of 500 becomes 500 channel-layer deliveries, 500 queue hand-offs and 500 dispatches (each
with a thread hop to close old database connections), and 500 sockets leaving at once make 500
Redis calls at once (more than redis-py's pool holds). Here each process subscribes once per group
(`community.services.broadcasts` sends to it as before), and a message that arrives is handed
straight to the process's own sockets for that group: one delivery per process, then a plain loop.

A socket registers with `join(group, socket)` and leaves with `leave(group, socket)`; `socket`
is anything with `async deliver(event)` and `async start_over()`. One `LocalGroups` exists per
event loop (tests run each in its own loop; a server process has one).

When the layer says this process may have missed messages (`layer.gap`: its Redis subscription
dropped, see config.pubsub_layer), every socket starts over: it is closed with 1012, and its client
reconnects and replays from the last message it has.
"""

import asyncio
import collections
import contextlib
import json
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Protocol

from channels.consumer import get_handler_name
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

# The in-memory layer forgets group members after `group_expiry` (a day by default); a process
# that keeps a group for longer says it is still there this often (over pub/sub this subscribes
# again, which changes nothing).
RENEW_SECONDS = 3600


# Sockets set this as their consumer's `channel_layer_alias`: no layer by that name, so Channels
# gives the socket no channel of its own and no receive loop (everything reaches it from here).
NO_CHANNEL_PER_SOCKET = "none: sockets hear through community.live"


# Frames held for one socket whose client is not reading before its connection is dropped.
SLOW_SOCKET_BACKLOG = 1000


def _writable(send) -> asyncio.Event | None:
    """uvicorn's `send` waits on its protocol's `writable` event while the client's buffer is
    full; other servers give us no way to tell, and are written to directly."""
    event = getattr(getattr(send, "__self__", None), "writable", None)
    return event if isinstance(event, asyncio.Event) else None


# The channel layer's word that this process may have missed messages (config.pubsub_layer).
LAYER_GAP = "layer.gap"
# WebSocket close code 1012, "service restart": clients reconnect, and replay what they missed.
CLOSE_START_OVER = 1012


class Socket(Protocol):
    async def deliver(self, event: dict) -> None: ...

    async def start_over(self) -> None: ...


class LiveSocket:
    """Mixed into the WebSocket consumers that hear through here: no channel of their own,
    and frames written with the server's own `send` (config.asgi keeps it in the scope)."""

    channel_layer_alias = NO_CHANNEL_PER_SOCKET
    # Frames waiting for a client that is not reading, and the task writing them.
    _backlog: collections.deque[dict] | None = None
    _drainer: asyncio.Future | None = None
    # The server's `send` and its "the client's buffer has room" event, found at the first write.
    _send: Callable[[dict], Awaitable[None]] | None = None
    _room_to_write: asyncio.Event | None = None
    scope: dict
    base_send: Callable[[dict], Awaitable[None]]
    close: Callable[..., Awaitable[None]]  # the consumer's

    async def raw_send(self, message: dict) -> None:
        await (self.scope.get("raw_send") or self.base_send)(message)

    async def write_text(self, text: str) -> None:
        await self.write({"type": "websocket.send", "text": text})

    async def write(self, message: dict) -> None:
        """Write a `websocket.send` message without letting a client that stopped reading stall
        everyone else. What a room hears is one message dict, shared by all its sockets here.

        The process's one listener writes to its sockets in turn, and uvicorn's `send` waits
        while a client's buffer is full. So when this socket cannot take more now, the frame
        waits in a backlog drained by its own task; a backlog past SLOW_SOCKET_BACKLOG drops the
        connection, and the client reconnects and replays from its last message id."""
        send = self._send
        if send is None:
            raw_send = self.scope.get("raw_send")
            send = self._send = raw_send or self.base_send
            self._room_to_write = _writable(raw_send)
        backlog = self._backlog
        if backlog is not None:
            if len(backlog) >= SLOW_SOCKET_BACKLOG:
                self._give_up()
            else:
                backlog.append(message)
            return
        room = self._room_to_write
        if room is not None and not room.is_set():
            self._backlog = collections.deque([message])
            self._drainer = asyncio.ensure_future(self._drain())
            return
        await send(message)

    async def _drain(self) -> None:
        backlog = self._backlog or collections.deque()
        try:
            while backlog:
                await self.raw_send(backlog.popleft())
        except Exception:  # the client went away meanwhile
            logger.debug("A slow socket closed while catching up", exc_info=True)
        finally:
            self._backlog = None

    def _give_up(self) -> None:
        logger.info("Dropping a socket %d frames behind", SLOW_SOCKET_BACKLOG)
        self._backlog = collections.deque()  # keep refusing until the drainer stops
        if self._drainer is not None:
            self._drainer.cancel()
        server_side = getattr(self.scope.get("raw_send"), "__self__", None)
        transport = getattr(server_side, "transport", None)
        if transport is not None:
            transport.abort()

    async def start_over(self) -> None:
        """This process may have missed messages for the socket: close it so that its client
        reconnects and replays from the last message it has (nothing can be missing then)."""
        self._backlog = collections.deque()  # nothing more is written before the close
        await self.close(code=CLOSE_START_OVER)

    async def dispatch(self, message: dict) -> None:
        """Channels' dispatch first closes stale database connections in the database thread,
        a thread hop for every frame a client sends. Every database call here goes through
        `database_sync_to_async`, which does that itself around the call, so skip it."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def decode_json(self, text_data: str):
        """A frame that is not JSON, or is nested too deeply for Python to read (which raises
        RecursionError, not ValueError), is None: `receive_json` answers it with an error frame
        and the socket stays open."""
        try:
            return json.loads(text_data)
        except (ValueError, RecursionError):
            return None


class LocalGroups:
    def __init__(self) -> None:
        self.layer = get_channel_layer()
        self.members: dict[str, set[Socket]] = {}
        # A group is subscribed when its future is done; joiners wait for it, so nobody reads
        # history before the process is listening (and misses what commits in between).
        self.subscribed: dict[str, asyncio.Future] = {}
        self.channel: str | None = None
        self.started: asyncio.Future | None = None
        self.listener: asyncio.Task | None = None
        self.renewer: asyncio.Task | None = None

    async def join(self, group: str, socket: Socket) -> None:
        await self._start()
        self.members.setdefault(group, set()).add(socket)
        if group not in self.subscribed:
            ready = asyncio.get_running_loop().create_future()
            self.subscribed[group] = ready
            try:
                await self.layer.group_add(group, self.channel)
            except BaseException as error:
                del self.subscribed[group]
                ready.set_exception(error)
                ready.exception()  # retrieved: joiners waiting on it get it raised
                raise
            ready.set_result(True)
        await asyncio.shield(self.subscribed[group])

    async def leave(self, group: str, socket: Socket) -> None:
        sockets = self.members.get(group)
        if sockets is None:
            return
        sockets.discard(socket)
        if sockets:
            return
        del self.members[group]
        ready = self.subscribed.pop(group, None)
        if ready is not None and ready.done() and not ready.exception():
            with contextlib.suppress(Exception):
                await self.layer.group_discard(group, self.channel)
            if group in self.subscribed:
                # Someone joined again while the discard was on its way (on another Redis
                # connection, it may land after their add): subscribe again.
                with contextlib.suppress(Exception):
                    await self.layer.group_add(group, self.channel)
        if not self.members:
            await self._stop()

    def sockets(self, group: str) -> list[Socket]:
        return list(self.members.get(group, ()))

    async def _start(self) -> None:
        if self.started is None:
            self.started = asyncio.get_running_loop().create_future()
            self.channel = await self.layer.new_channel()
            self.listener = asyncio.ensure_future(self._listen())
            self.renewer = asyncio.ensure_future(self._renew())
            self.started.set_result(True)
        await self.started

    async def _stop(self) -> None:
        tasks = [task for task in (self.listener, self.renewer) if task is not None]
        self.listener = self.renewer = self.started = None
        for task in tasks:
            task.cancel()
        # Wait for them to finish, so a receive abandoned mid-way never races the next start.
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _listen(self) -> None:
        while True:
            try:
                event = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # one message the layer cannot read must not deafen the process
                logger.exception("Could not receive from the channel layer")
                await asyncio.sleep(0.1)
                continue
            if event.get("type") == LAYER_GAP:
                await self._start_over()
                continue
            group = event.get("group", "")
            for socket in self.sockets(group):
                try:
                    await socket.deliver(event)
                except Exception:  # one broken socket must not stop the others hearing
                    logger.exception("Could not deliver to a socket in %s", group)

    async def _start_over(self) -> None:
        everyone = {socket for sockets in self.members.values() for socket in sockets}
        logger.warning("The channel layer reconnected: %d socket(s) start over", len(everyone))
        for socket in everyone:
            try:
                await socket.start_over()
            except Exception:
                logger.exception("Could not close a socket to start over")

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            for group in list(self.subscribed):
                with contextlib.suppress(Exception):
                    await self.layer.group_add(group, self.channel)


_per_loop: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LocalGroups]" = (
    weakref.WeakKeyDictionary()
)


def local_groups() -> LocalGroups:
    """This process's (this event loop's) local groups."""
    loop = asyncio.get_running_loop()
    groups = _per_loop.get(loop)
    if groups is None:
        groups = _per_loop[loop] = LocalGroups()
    return groups
