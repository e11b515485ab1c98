"""The one path for live updates. Everything sent over the channel layer (a person's open tabs on
`/ws/me/`; chat rooms later) leaves from here, and only after the change that caused it has
committed: `transaction.on_commit` runs after the transaction's row locks are released, and a
rolled-back change tells nobody.

Sends are batched: all of them leave from one event loop (one thread hop, not one per person),
and unread counts for any number of people come from one grouped query. Fan-out to many people
is not done here but in the task worker (see `community.tasks.deliver_notifications`), so the
request that caused it costs the same however many people are told.
"""

import asyncio
import collections
import logging
import os
import weakref
from collections.abc import Iterable

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from community.selectors import unread_notification_counts

logger = logging.getLogger(__name__)

Send = tuple[str, dict]
# Sends in flight at once: enough to hide Redis round trips, few enough not to exhaust its pool.
SENDS_AT_ONCE = 50


def person_group(person_id: int) -> str:
    """The channel-layer group every open `/ws/me/` socket of one person joins."""
    return f"person.{person_id}"


def send_now(sends: Iterable[Send]) -> None:
    """Send each (group, message) now. Callers are after-commit hooks and task-worker jobs;
    nothing else calls the channel layer.

    In a server process the caller is a worker thread of the server's event loop: the sends are
    handed to that loop, in order, without waiting for Redis (the thread goes back to the next
    database call while the loop is busy writing to sockets). Elsewhere (the task worker, a
    management command) they go out before this returns."""
    sends = list(sends)
    if not sends:
        return
    loop = _server_loop()
    if loop is None:
        async_to_sync(_send_all)(sends)
    else:
        loop.call_soon_threadsafe(_post, loop, sends)


async def _send_all(sends: list[Send]) -> None:
    layer = get_channel_layer()
    for start in range(0, len(sends), SENDS_AT_ONCE):
        batch = sends[start : start + SENDS_AT_ONCE]
        await asyncio.gather(
            *(layer.group_send(group, {**message, "group": group}) for group, message in batch)
        )


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop this thread works for (set by asgiref's sync_to_async), if any."""
    if getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


class _Outbox:
    """Sends waiting to leave one event loop, drained by one task so they leave in order."""

    def __init__(self) -> None:
        self.waiting: collections.deque[list[Send]] = collections.deque()
        self.draining: asyncio.Task | None = None

    async def drain(self) -> None:
        while self.waiting:
            sends = self.waiting.popleft()
            try:
                await _send_all(sends)
            except Exception:  # keep draining: the next sends must still go
                logger.exception("Could not send %d live update(s)", len(sends))
        self.draining = None


_outboxes: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Outbox]" = (
    weakref.WeakKeyDictionary()
)


def _post(loop: asyncio.AbstractEventLoop, sends: list[Send]) -> None:
    """Runs in the loop: queue the sends and make sure one task is draining them."""
    outbox = _outboxes.get(loop)
    if outbox is None:
        outbox = _outboxes[loop] = _Outbox()
    outbox.waiting.append(sends)
    if outbox.draining is None:
        outbox.draining = loop.create_task(outbox.drain())


async def send_signal(group: str, message: dict) -> None:
    """A passing signal that changes nothing stored (someone is typing): sent at once, from
    the socket's own event loop. Everything that changes data goes through `send_after_commit`."""
    await get_channel_layer().group_send(group, {**message, "group": group})


def send_after_commit(*sends: Send) -> None:
    """Messages to groups (a room, people's tabs) once the caller's change commits. Each message
    reaches every socket of its group through `community.live`, which reads `group` from it."""
    transaction.on_commit(lambda: send_now(sends))


def unread_count_message(count: int) -> dict:
    return {"type": "unread.count", "notifications": count}


def push_unread_counts(*, person_ids: Iterable[int]) -> None:
    """Send each person their current unread count (not a delta, so a tab that missed a push is
    right on the next). One query for everyone, then one send per person."""
    person_ids = sorted(set(person_ids))
    counts = unread_notification_counts(person_ids=person_ids)
    send_now(
        (person_group(person_id), unread_count_message(counts.get(person_id, 0)))
        for person_id in person_ids
    )
