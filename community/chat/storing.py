"""Messages sent at the same moment through one process are stored together (a group commit).

In a busy drop-in, messages queued one behind another, each paying its own round trips and its
own commit (a flush to disk). Here a message that arrives while others are being stored waits
for the next turn with everything else that arrived meanwhile, and they share one write. When
nothing is being stored a message goes at once, so a quiet room waits for nothing.

The turns run on a thread of their own, which goes straight on to the next turn while there is
one: handing each turn to a database thread and its answer back to the event loop cost a busy
process a few milliseconds a turn, during which the next turn's messages waited.
"""

import asyncio
import logging
import os
import threading
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import SyncToAsync
from channels.db import database_sync_to_async
from django.db import close_old_connections, connection

from community.chat.services.messages import Outgoing, Sent, post_messages

logger = logging.getLogger(__name__)

MOST_AT_ONCE = 200  # one turn's batch, so one turn stays short however busy it gets

Waiting = tuple[Outgoing, asyncio.Future]


class MessageStore:
    def __init__(self) -> None:
        self.lock = threading.Lock()  # the waiting list and `storing`, shared with the thread
        self.waiting: list[Waiting] = []
        self.turn: list[Waiting] = []  # the messages being stored now
        self.storing = False
        # SQLite writes one at a time whatever the threads, so there a thread of its own gains
        # nothing: each turn is one call on the sockets' database thread, taking its place among
        # their other work (a second writer would wait for the lock, or in the tests' shared
        # in-memory database fail at once with "table is locked").
        self.thread = None
        if connection.vendor != "sqlite":
            self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chat-messages")
        self.turns: asyncio.Future | None = None  # the turns under way, until nothing waits

    async def post(self, item: Outgoing) -> Sent:
        """Store a message; the same answer, or the same error, as `post_message`."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self.lock:
            self.waiting.append((item, future))
            start, self.storing = not self.storing, True
        if start:  # once this moment's messages are all waiting, so they share the turn
            loop.call_soon(self._start_turns, loop)
        return await future

    def _start_turns(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.thread is not None:
            self.turns = asyncio.wrap_future(self.thread.submit(self._turns_on_thread, loop))
        else:
            self.turns = asyncio.ensure_future(self._turns_on_database_thread())
        self.turns.add_done_callback(self._turns_ended)

    def _next_batch(self) -> list[Waiting]:
        """The next turn's messages; none means the turns are over (the next message starts
        them again)."""
        with self.lock:
            batch = self.turn = self.waiting[:MOST_AT_ONCE]
            del self.waiting[:MOST_AT_ONCE]
            if not batch:
                self.storing = False
            return batch

    def _turns_on_thread(self, loop: asyncio.AbstractEventLoop) -> None:
        """On the store's thread: turn after turn, until nothing is waiting."""
        # As on the database threads of channels and asgiref: what is sent after a commit is
        # handed to the server's event loop (community.services.broadcasts.send_now).
        SyncToAsync.threadlocal.main_event_loop = loop
        SyncToAsync.threadlocal.main_event_loop_pid = os.getpid()
        while batch := self._next_batch():
            loop.call_soon_threadsafe(_answer, batch, _stored(batch))

    async def _turns_on_database_thread(self) -> None:
        while batch := self._next_batch():
            _answer(batch, await database_sync_to_async(_stored)(batch))

    def _turns_ended(self, turns: asyncio.Future) -> None:
        """Turns end when nothing waits. If they failed instead (the loop closing, a bug), say
        so, and let the next message start them again rather than wait for ever."""
        if turns.cancelled() or turns.exception() is None:
            return
        logger.error("Storing chat messages stopped", exc_info=turns.exception())
        with self.lock:
            stranded = [*self.turn, *self.waiting]  # those answered already are passed over
            self.turn, self.waiting, self.storing = [], [], False
        _answer(stranded, [turns.exception()] * len(stranded))


def _stored(batch: list[Waiting]) -> Sequence[Sent | BaseException]:
    """Each message's answer: (message, created) or the error that stopped it."""
    results: Sequence[Sent | BaseException]
    try:
        close_old_connections()
        results = post_messages([item for item, _ in batch])
    except Exception as error:  # the database went away: every sender hears it
        results = [error] * len(batch)
    try:
        close_old_connections()
    except Exception:  # the answers stand; the next turn starts with a fresh connection
        logger.warning("Could not close a database connection after storing", exc_info=True)
    return results


def _answer(batch: list[Waiting], results: Sequence) -> None:
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
