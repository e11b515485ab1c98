"""Chat's background work, run by the task worker: pushing unread counts to people's tabs, and
closing the private-talk queues of drop-ins that have ended."""

import datetime
import time

from django.core.cache import cache
from django_tasks import default_task_backend, task

from community.chat.models import Participant, Room
from community.chat.selectors import unread_chat_counts
from community.chat.services.queue import close_ended_queues
from community.periodic import register_job
from community.services.broadcasts import person_group, send_now

# New messages in a busy room update its people's counts at most this often: time is cut into
# turns this long, and each room gets at most one push per turn, run just after the turn ends.
UNREAD_PUSH_SECONDS = 2
# How long after its turn a push runs: more than server clocks differ by, so it counts every
# message committed during the turn on any server.
PUSH_AFTER_TURN_SECONDS = 0.5
# Rooms and the turn for which this process knows a push is queued (by itself or another).
_queued_here: dict[int, int] = {}


def unread_frame(rooms: dict[int, int]) -> dict:
    # Keys as strings: JSON has no other kind, and the Redis layer's msgpack refuses int keys.
    return {
        "type": "chat_unread",
        "total": sum(rooms.values()),
        "rooms": {str(room): count for room, count in rooms.items()},
    }


def unread_frame_for(person) -> dict:
    return unread_frame(unread_chat_counts(person_ids=[person.pk])[person.pk])


def push_chat_unread_now(person_ids: list[int]) -> None:
    """Each person's unread chat counts (one grouped query), one send each."""
    counts = unread_chat_counts(person_ids=person_ids)
    send_now(
        (person_group(person_id), {"type": "me.frame", "frame": unread_frame(rooms)})
        for person_id, rooms in counts.items()
    )


@task()
def push_room_unread(*, room_id: int) -> int:
    """Everyone in one room gets their new counts; returns how many people."""
    person_ids = list(
        Participant.objects.filter(room_id=room_id)
        .exclude(room__kind=Room.Kind.PRIVATE, active=False)
        .values_list("person_id", flat=True)
    )
    push_chat_unread_now(person_ids)
    return len(person_ids)


def queue_room_unread(room_id: int) -> None:
    """After a new message: one push job per room per turn of UNREAD_PUSH_SECONDS, however many
    messages and server processes. The first message of a turn anywhere queues the push, which
    runs once the turn is over and so counts every message committed in it; a process that has
    queued it, or found it queued, asks the cache nothing more until the next turn (in a busy
    room that was a Redis call for every message stored). Where the task backend cannot wait
    (tests run tasks at once), each message pushes."""
    if not default_task_backend.supports_defer:
        push_room_unread.enqueue(room_id=room_id)
        return
    turn = int(time.time() // UNREAD_PUSH_SECONDS)
    if _queued_here.get(room_id) == turn:
        return
    if cache.add(f"chat:unread-queued:{room_id}:{turn}", 1, timeout=UNREAD_PUSH_SECONDS * 5):
        run_after = datetime.datetime.fromtimestamp(
            (turn + 1) * UNREAD_PUSH_SECONDS + PUSH_AFTER_TURN_SECONDS, tz=datetime.UTC
        )
        push_room_unread.using(run_after=run_after).enqueue(room_id=room_id)
    if len(_queued_here) > 10_000:  # a bound, not an eviction policy: start again
        _queued_here.clear()
    _queued_here[room_id] = turn


def forget_queued_pushes() -> None:
    """Forget the pushes this process queued (tests, where room ids come round again)."""
    _queued_here.clear()


@task()
def close_ended_queues_in_background() -> int:
    return close_ended_queues()


# Someone still waiting when the drop-in ends hears within five minutes that nobody got to them.
register_job(
    "chat.close_ended_queues", close_ended_queues_in_background, every=datetime.timedelta(minutes=5)
)
