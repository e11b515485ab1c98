"""Messages sent at the same moment through one process are stored together (a group commit).

Channels gives each server process one thread for database work, and the sockets take turns on
it. In a busy drop-in, messages queued there one behind another, each paying its own round trips
and its own commit (a flush to disk). Here a message that arrives while others are being stored
waits for the next turn with everything else that arrived meanwhile, and they share one
transaction. When the thread is free a message goes at once, so a quiet room waits for nothing.
"""

import asyncio
import weakref

from channels.db import database_sync_to_async

from community.chat.services.messages import Outgoing, Sent, post_messages

MOST_AT_ONCE = 200  # one turn's batch, so one turn stays short however busy it gets


class MessageStore:
    def __init__(self) -> None:
        self.waiting: list[tuple[Outgoing, asyncio.Future]] = []
        self.turn: asyncio.Task | None = None

    async def post(self, item: Outgoing) -> Sent:
        """Store a message; the same answer, or the same error, as `post_message`."""
        future = asyncio.get_running_loop().create_future()
        self.waiting.append((item, future))
        if self.turn is None:
            self.turn = asyncio.get_running_loop().create_task(self._store_waiting())
        return await future

    async def _store_waiting(self) -> None:
        try:
            while self.waiting:
                batch = self.waiting[:MOST_AT_ONCE]
                del self.waiting[:MOST_AT_ONCE]
                await self._store(batch)
        finally:
            self.turn = None

    async def _store(self, batch: list[tuple[Outgoing, asyncio.Future]]) -> None:
        try:
            results = await database_sync_to_async(post_messages)([item for item, _ in batch])
        except Exception as error:  # the database went away: every sender hears it
            results = [error] * len(batch)
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():  # the sender's socket closed meanwhile; it resends on reconnect
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)


_per_loop: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, MessageStore]" = (
    weakref.WeakKeyDictionary()
)


def message_store() -> MessageStore:
    """This process's (this event loop's) message store."""
    loop = asyncio.get_running_loop()
    store = _per_loop.get(loop)
    if store is None:
        store = _per_loop[loop] = MessageStore()
    return store
