"""A channel layer on Redis pub/sub: one PUBLISH per message, pushed to every server process that
subscribes to the group, with nothing kept in Redis.

Why not channels-redis's list-based layer: a message to a room there costs a Lua script (read the
group's members, push to each process's list) and, in each process, a blocking pop and a clean-up;
at a busy drop-in that was a quarter of the server's time. community.live already gives each
process one subscription per room, which is exactly what pub/sub offers. channels-redis's own
pub/sub layer serialises every publish behind one lock and polls for messages ten times a second;
here publishes share a pool and the listener blocks until Redis pushes.

What pub/sub does not do is keep messages for a process whose subscription dropped. redis-py
reconnects and subscribes again by itself, silently; this layer notices the reconnection and puts
a `layer.gap` message on every channel of the process first, so `community.live` can close the
sockets that may have missed something (code 1012, "service restart"): their clients reconnect
with the id of the last message they have and replay the rest from the database.

Sends and subscriptions belong to one event loop, as in a server process; a send from code with no
running loop (the task worker, a management command) goes through a short-lived loop of its own,
which publishes and is gone. Channel names carry the Redis database number as well as the prefix:
pub/sub channels are server-wide, and two sites (or two test processes) on one Redis server must
not hear each other.
"""

import asyncio
import contextlib
import logging
import uuid
import weakref

import msgpack
from channels.layers import BaseChannelLayer
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.client import PubSub

logger = logging.getLogger(__name__)

GAP = {"type": "layer.gap"}
SUBSCRIBE_TIMEOUT = 10  # seconds for Redis to confirm a subscription
RECONNECT_WAIT = 0.5  # seconds between tries to subscribe again


def pack(message: dict) -> bytes:
    return msgpack.packb(message)


def unpack(data: bytes) -> dict:
    """As msgpack reads it back: a map with integer keys is refused, so frames key by strings."""
    return msgpack.unpackb(data)


class _NoticingPubSub(PubSub):
    """redis-py's PubSub, which also says when it had to connect again."""

    connects = 0
    reconnected = False

    async def on_connect(self, connection):
        self.connects += 1
        if self.connects > 1:
            self.reconnected = True
        await super().on_connect(connection)


class _LoopLayer:
    """What one event loop holds: a publishing pool, one subscriber connection and its listener,
    and a queue per local channel."""

    def __init__(self, url: str, pool_options: dict, names: "PubSubChannelLayer") -> None:
        self.names = names
        self.redis = Redis(connection_pool=BlockingConnectionPool.from_url(url, **pool_options))
        # Its own connection, with no read timeout: a quiet process waits for a message as long
        # as there is none. Keep-alive notices a peer that vanished without closing.
        self.subscriber = Redis.from_url(url, socket_keepalive=True, socket_timeout=None)
        self.pubsub = _NoticingPubSub(self.subscriber.connection_pool)
        self.channels: dict[str, asyncio.Queue] = {}
        self.groups: dict[str, set[str]] = {}  # Redis channel of a group -> local channels
        self.listener: asyncio.Task | None = None
        self.connected = asyncio.Event()
        # Subscriptions sent and not yet confirmed by Redis, by Redis channel name.
        self.confirming: dict[str, list[asyncio.Future]] = {}

    async def subscribe(self, name: str) -> None:
        """Return once Redis has confirmed the subscription: from then on, everything published
        to `name` reaches this process (a socket reads history only after that)."""
        confirmed = asyncio.get_running_loop().create_future()
        self.confirming.setdefault(name, []).append(confirmed)
        try:
            await self.pubsub.subscribe(name)
            self.connected.set()
            if self.listener is None:
                self.listener = asyncio.ensure_future(self._listen())
            await asyncio.wait_for(asyncio.shield(confirmed), SUBSCRIBE_TIMEOUT)
        finally:
            waiting = self.confirming.get(name, [])
            if confirmed in waiting:
                waiting.remove(confirmed)
            if not waiting:
                self.confirming.pop(name, None)

    async def unsubscribe(self, name: str) -> None:
        with contextlib.suppress(Exception):
            await self.pubsub.unsubscribe(name)

    async def _listen(self) -> None:
        while True:
            await self.connected.wait()
            try:
                message = await self.pubsub.get_message(timeout=None)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis went away, or closed this connection
                logger.warning("Lost the channel layer's subscription; reconnecting", exc_info=True)
                await self._drop_connection()
                await asyncio.sleep(RECONNECT_WAIT)
                continue
            if self.pubsub.reconnected:
                self.pubsub.reconnected = False
                for queue in self.channels.values():
                    queue.put_nowait(GAP)
            if message is None:
                continue
            if message["type"] == "subscribe":
                self._confirm(message["channel"])
            elif message["type"] == "message":
                self._hand_out(message["channel"], message["data"])

    async def _drop_connection(self) -> None:
        """redis-py leaves a connection the server closed marked as connected, and would wait on
        it for ever: disconnect it, so the next read connects again (and subscribes again, which
        `_NoticingPubSub` notices)."""
        connection = self.pubsub.connection
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.disconnect()

    def _confirm(self, name: bytes | str) -> None:
        name = name.decode() if isinstance(name, bytes) else name
        for confirmed in self.confirming.pop(name, []):
            if not confirmed.done():
                confirmed.set_result(True)

    def _hand_out(self, name: bytes | str, data: bytes) -> None:
        name = name.decode() if isinstance(name, bytes) else name
        try:
            event = unpack(data)
        except Exception:  # one message we cannot read must not deafen the process
            logger.exception("Could not read a channel layer message on %s", name)
            return
        direct = self.names.channel_of(name)
        if direct in self.channels:
            self.channels[direct].put_nowait(event)
        for channel in self.groups.get(name, ()):
            queue = self.channels.get(channel)
            if queue is not None:
                queue.put_nowait(event)

    async def close(self) -> None:
        if self.listener is not None:
            self.listener.cancel()
            with contextlib.suppress(BaseException):
                await self.listener
            self.listener = None
        with contextlib.suppress(Exception):
            await self.pubsub.aclose()
        for client in (self.subscriber, self.redis):
            with contextlib.suppress(Exception):
                await client.aclose(close_connection_pool=True)


class PubSubChannelLayer(BaseChannelLayer):
    extensions = ["groups", "flush"]

    def __init__(self, hosts=None, prefix: str = "alongside", **kwargs) -> None:
        super().__init__(expiry=kwargs.pop("expiry", 60), capacity=kwargs.pop("capacity", 100))
        host = (hosts or ["redis://127.0.0.1:6379/0"])[0]
        host = dict(host) if isinstance(host, dict) else {"address": host}
        self.url = host.pop("address")
        self.pool_options = host  # max_connections, timeout, socket_timeout
        database = Redis.from_url(self.url).connection_pool.connection_kwargs.get("db", 0)
        self.prefix = f"{prefix}:{database}:"
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopLayer] = (
            weakref.WeakKeyDictionary()
        )

    def _here(self) -> _LoopLayer:
        loop = asyncio.get_running_loop()
        layer = self._loops.get(loop)
        if layer is None:
            layer = self._loops[loop] = _LoopLayer(self.url, self.pool_options, self)
            self._close_with(loop, layer)
        return layer

    def _close_with(self, loop: asyncio.AbstractEventLoop, layer: _LoopLayer) -> None:
        """Close the loop's connections when the loop closes. A short-lived loop (the task
        worker's `async_to_sync` makes one per send) would otherwise leave one Redis connection
        open for good: the layer's connections refer to their loop, so it is never let go."""
        close_loop = loop.close

        def close() -> None:
            if self._loops.get(loop) is layer:
                del self._loops[loop]
            if not loop.is_closed() and not loop.is_running():
                try:
                    loop.run_until_complete(layer.close())
                except Exception:
                    logger.exception("Could not close the channel layer's Redis connections")
            close_loop()

        loop.close = close  # type: ignore[method-assign]

    def _group_name(self, group: str) -> str:
        return f"{self.prefix}group:{group}"

    def _channel_name(self, channel: str) -> str:
        return f"{self.prefix}channel:{channel}"

    def channel_of(self, name: str) -> str | None:
        """The local channel a Redis channel name stands for, if it is one."""
        start = f"{self.prefix}channel:"
        return name[len(start) :] if name.startswith(start) else None

    async def _publish(self, name: str, message: dict) -> None:
        await self._here().redis.publish(name, pack(message))

    # --- the channel layer API -------------------------------------------------------------

    async def send(self, channel: str, message: dict) -> None:
        assert self.require_valid_channel_name(channel)
        await self._publish(self._channel_name(channel), message)

    async def new_channel(self, prefix: str = "specific.") -> str:
        layer = self._here()
        channel = f"{prefix}{uuid.uuid4().hex}"
        layer.channels[channel] = asyncio.Queue()
        await layer.subscribe(self._channel_name(channel))
        return channel

    async def receive(self, channel: str) -> dict:
        """The next message for `channel`. Cancelled, the channel is closed: its reader has
        gone (as in channels-redis's pub/sub layer; Channels has no call to close a channel),
        so its queue and subscription go too, and a process that starts listening again on a
        new channel leaves nothing behind."""
        layer = self._here()
        queue = layer.channels.get(channel)
        if queue is None:
            raise ValueError(f"{channel} is not a channel of this process (see new_channel)")
        try:
            return await queue.get()
        except asyncio.CancelledError:
            await self._close_channel(layer, channel)
            raise

    async def _close_channel(self, layer: _LoopLayer, channel: str) -> None:
        layer.channels.pop(channel, None)
        for name, members in list(layer.groups.items()):
            members.discard(channel)
            if not members:
                del layer.groups[name]
                await layer.unsubscribe(name)
        await layer.unsubscribe(self._channel_name(channel))

    async def group_add(self, group: str, channel: str) -> None:
        layer = self._here()
        name = self._group_name(group)
        members = layer.groups.setdefault(name, set())
        members.add(channel)
        await layer.subscribe(name)

    async def group_discard(self, group: str, channel: str) -> None:
        layer = self._here()
        name = self._group_name(group)
        members = layer.groups.get(name)
        if members is None:
            return
        members.discard(channel)
        if not members:
            del layer.groups[name]
            await layer.unsubscribe(name)

    async def group_send(self, group: str, message: dict) -> None:
        await self._publish(self._group_name(group), message)

    async def flush(self) -> None:
        """Forget this loop's channels and groups and close its connections (nothing is kept in
        Redis to flush)."""
        loop = asyncio.get_running_loop()
        layer = self._loops.pop(loop, None)
        if layer is not None:
            await layer.close()

    async def close(self) -> None:
        await self.flush()
