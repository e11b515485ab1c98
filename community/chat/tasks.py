"""Chat's background work, run by the task worker: pushing unread counts to people's tabs, and
closing the private-talk queues of drop-ins that have ended."""

import datetime
import time

from django.core.cache import cache
from django.utils import timezone
from django_tasks import default_task_backend, task

from community.chat.models import Participant, Room
from community.chat.selectors import unread_chat_counts
from community.chat.services.queue import close_ended_queues
from community.periodic import register_job
from community.services.broadcasts import person_group, send_now

# New messages in a busy room update its people's counts at most this often.
UNREAD_PUSH_SECONDS = 2
# A push this process queued will not run before UNREAD_PUSH_SECONDS; until this much before
# then, a new message in that room needs no Redis call to queue one (the push will count it).
QUEUED_MARGIN_SECONDS = 0.5
# Rooms with a push queued by this process, and until when (time.monotonic()) it covers more.
_queued_here: dict[int, float] = {}


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
    cache.delete(f"chat:unread-queued:{room_id}")
    person_ids = list(
        Participant.objects.filter(room_id=room_id)
        .exclude(room__kind=Room.Kind.PRIVATE, active=False)
        .values_list("person_id", flat=True)
    )
    push_chat_unread_now(person_ids)
    return len(person_ids)


def queue_room_unread(room_id: int) -> None:
    """After a new message: one push job per room per couple of seconds, however many messages.
    Where the task backend cannot wait (tests run tasks at once), each message pushes."""
    if not default_task_backend.supports_defer:
        push_room_unread.enqueue(room_id=room_id)
        return
    now = time.monotonic()
    if now < _queued_here.get(room_id, 0.0):
        return
    if cache.add(f"chat:unread-queued:{room_id}", 1, timeout=UNREAD_PUSH_SECONDS * 5):
        run_after = timezone.now() + datetime.timedelta(seconds=UNREAD_PUSH_SECONDS)
        push_room_unread.using(run_after=run_after).enqueue(room_id=room_id)
        if len(_queued_here) > 10_000:  # a bound, not an eviction policy: start again
            _queued_here.clear()
        _queued_here[room_id] = now + UNREAD_PUSH_SECONDS - QUEUED_MARGIN_SECONDS


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
