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
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from community.selectors import unread_notification_counts

Send = tuple[str, dict]
# Sends in flight at once: enough to hide Redis round trips, few enough not to exhaust its pool.
SENDS_AT_ONCE = 50


def person_group(person_id: int) -> str:
    """The channel-layer group every open `/ws/me/` socket of one person joins."""
    return f"person.{person_id}"


def send_now(sends: Iterable[Send]) -> None:
    """Send each (group, message) now, all from one event loop. Callers are after-commit hooks
    and task-worker jobs; nothing else calls the channel layer."""
    sends = list(sends)
    if not sends:
        return
    layer = get_channel_layer()

    async def send_all() -> None:
        for start in range(0, len(sends), SENDS_AT_ONCE):
            batch = sends[start : start + SENDS_AT_ONCE]
            await asyncio.gather(
                *(layer.group_send(group, {**message, "group": group}) for group, message in batch)
            )

    async_to_sync(send_all)()


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
