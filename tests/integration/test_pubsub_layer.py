"""The pub/sub channel layer (config.pubsub_layer) against the real Redis: what two server
processes share, what two sites on one Redis server do not, and what a process hears when its
subscription drops."""

import asyncio
import os
import uuid

import pytest
import redis

from config.pubsub_layer import GAP, PubSubChannelLayer
from config.settings import redis_database

pytestmark = pytest.mark.integration


def _layer(url: str | None = None) -> PubSubChannelLayer:
    # A prefix of its own, so nothing else on this Redis server hears these tests.
    return PubSubChannelLayer(hosts=[url or os.environ["REDIS_URL"]], prefix=PREFIX)


PREFIX = f"alongside-test-{uuid.uuid4().hex[:8]}"


async def test_a_group_message_reaches_each_process_once_and_no_other_redis_database():
    first, second, other_site = (
        _layer(),
        _layer(),
        _layer(redis_database(os.environ["REDIS_URL"], 14)),
    )
    here = await first.new_channel()
    there = await second.new_channel()
    elsewhere = await other_site.new_channel()
    for layer, channel in ((first, here), (second, there), (other_site, elsewhere)):
        await layer.group_add("chat.room.7", channel)

    await second.group_send("chat.room.7", {"type": "chat.frame", "n": 1})

    assert await asyncio.wait_for(first.receive(here), 5) == {"type": "chat.frame", "n": 1}
    assert await asyncio.wait_for(second.receive(there), 5) == {"type": "chat.frame", "n": 1}
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(other_site.receive(elsewhere), 0.3)
    for layer in (first, second, other_site):
        await layer.flush()


async def test_group_add_returns_once_redis_has_the_subscription():
    """A socket reads history only after joining: anything published from then on must reach
    it, so group_add waits for Redis to confirm."""
    layer = _layer()
    channel = await layer.new_channel()
    await layer.group_add("person.9", channel)
    counts = redis.Redis.from_url(os.environ["REDIS_URL"]).pubsub_numsub(
        layer._group_name("person.9")
    )
    assert counts[0][1] == 1
    await layer.flush()


async def test_a_dropped_subscription_tells_every_channel_before_anything_else():
    layer = _layer()
    channels = [await layer.new_channel() for _ in range(2)]
    for channel in channels:
        await layer.group_add("chat.room.8", channel)
    subscriber = layer._here().pubsub.connection
    killed = redis.Redis.from_url(os.environ["REDIS_URL"]).client_kill_filter(
        _id=await _client_id(subscriber)
    )
    assert killed == 1

    for channel in channels:
        assert await asyncio.wait_for(layer.receive(channel), 10) == GAP
    # Subscribed again: what is published now arrives.
    await _layer().group_send("chat.room.8", {"type": "chat.frame", "n": 2})
    for channel in channels:
        assert await asyncio.wait_for(layer.receive(channel), 5) == {"type": "chat.frame", "n": 2}
    await layer.flush()


async def _client_id(connection) -> int:
    """The Redis client id of the layer's subscriber connection, found by its local port."""
    port = connection._writer.get_extra_info("sockname")[1]
    for client in redis.Redis.from_url(os.environ["REDIS_URL"]).client_list():
        if client["addr"].endswith(f":{port}"):
            return int(client["id"])
    raise AssertionError("the subscriber connection is not in CLIENT LIST")


async def test_a_channel_whose_reader_is_cancelled_leaves_nothing_subscribed():
    """A process whose last socket left stops listening; starting again later makes a new
    channel, so the old one's queue and subscriptions must not stay behind."""
    layer = _layer()
    channel = await layer.new_channel()
    await layer.group_add("chat.room.9", channel)
    reading = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0.05)
    reading.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reading
    here = layer._here()
    assert channel not in here.channels and not here.groups
    await asyncio.sleep(0.2)  # the UNSUBSCRIBE reaches Redis
    counts = redis.Redis.from_url(os.environ["REDIS_URL"]).pubsub_numsub(
        layer._group_name("chat.room.9"), layer._channel_name(channel)
    )
    assert [count for _, count in counts] == [0, 0]
    await layer.flush()


def test_sends_from_short_lived_loops_leave_no_connection_open():
    """The task worker sends through `async_to_sync`, a new event loop each time: each loop's
    connections close with it, or the worker would hold one more Redis connection per send."""
    from asgiref.sync import async_to_sync

    layer = _layer()
    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    database = str(server.connection_pool.connection_kwargs.get("db", 0))

    def connections_here() -> int:  # other test processes use other Redis databases
        return sum(1 for client in server.client_list() if client["db"] == database)

    before = connections_here()
    for _ in range(20):
        async_to_sync(layer.group_send)("person.10", {"type": "unread.count", "notifications": 1})
    assert connections_here() <= before
    assert not layer._loops
