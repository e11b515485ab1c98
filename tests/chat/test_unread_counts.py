"""Unread chat counts: the read marker moved from the room socket, and every participant's
`/ws/me/` tabs told the new counts when something changes."""

import pytest
from asgiref.sync import sync_to_async

from community.chat.errors import ChatError
from community.chat.models import Participant
from community.chat.selectors import unread_chat_counts
from community.chat.services.messages import mark_read, remove_message
from community.chat.services.rooms import enter_room
from tests.chat.sockets import write
from tests.factories import PersonFactory


def _last_read(room, person) -> int:
    return Participant.objects.get(room=room, person=person).last_read_id


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_reading_moves_the_marker_and_my_tabs_get_the_new_counts(
    sockets, community_room, person
):
    writer = await sync_to_async(PersonFactory)()
    await sync_to_async(enter_room)(person=person, room=community_room)
    written = [await sync_to_async(write)(writer, community_room, f"Hi {n}") for n in range(3)]

    tab = await sockets.open("/ws/me/", person)
    first = await tab.until("chat_unread")
    assert first[-1] == {"type": "chat_unread", "total": 3, "rooms": {str(community_room.pk): 3}}

    room = await sockets.entered(community_room, person, since=written[-1].pk)
    await room.send({"type": "read", "up_to": written[1].pk})
    assert await tab.next() == {
        "type": "chat_unread",
        "total": 1,
        "rooms": {str(community_room.pk): 1},
    }
    assert await sync_to_async(_last_read)(community_room, person) == written[1].pk

    await room.send({"type": "read", "up_to": written[2].pk})
    assert await tab.next() == {"type": "chat_unread", "total": 0, "rooms": {}}
    assert await sync_to_async(_last_read)(community_room, person) == written[2].pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_a_read_marker_never_moves_back_and_a_bad_one_is_an_error_frame(
    sockets, community_room, person
):
    writer = await sync_to_async(PersonFactory)()
    message = await sync_to_async(write)(writer, community_room, "Hello")
    room = await sockets.entered(community_room, person, since=message.pk)
    await room.send({"type": "read", "up_to": message.pk})
    await room.send({"type": "read", "up_to": 0})
    await room.send({"type": "read", "up_to": "latest"})
    error = await room.next()
    assert error["type"] == "error" and error["code"] == "bad_up_to"
    assert await sync_to_async(_last_read)(community_room, person) == message.pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_a_new_message_pushes_unread_counts_to_the_other_participants_tabs(
    sockets, community_room, person
):
    writer = await sync_to_async(PersonFactory)()
    await sync_to_async(enter_room)(person=person, room=community_room)
    reader_tab = await sockets.me(person)
    writer_tab = await sockets.me(writer)
    writer_room = await sockets.entered(community_room, writer)

    await writer_room.say("News for everyone")
    assert await reader_tab.next() == {
        "type": "chat_unread",
        "total": 1,
        "rooms": {str(community_room.pk): 1},
    }
    # The writer has read what they wrote.
    assert await writer_tab.next() == {"type": "chat_unread", "total": 0, "rooms": {}}


# --- Services, without sockets ----------------------------------------------------------------


def test_unread_counts_leave_out_my_own_and_removed_messages(community_room, person):
    writer = PersonFactory()
    enter_room(person=person, room=community_room)
    write(person, community_room, "Mine")
    kept = write(writer, community_room, "Theirs")
    removed = write(writer, community_room, "Theirs, then removed")
    remove_message(person=writer, message=removed)
    assert unread_chat_counts(person_ids=[person.pk, writer.pk]) == {
        person.pk: {community_room.pk: 1},
        writer.pk: {},
    }
    mark_read(person=person, room=community_room, up_to=kept.pk)
    assert unread_chat_counts(person_ids=[person.pk]) == {person.pk: {}}


def test_mark_read_refuses_what_is_not_a_message_id(community_room, person):
    enter_room(person=person, room=community_room)
    for bad in (-1, "12", True, None):
        with pytest.raises(ChatError) as refused:
            mark_read(person=person, room=community_room, up_to=bad)
        assert refused.value.code == "bad_up_to"


def test_the_unread_frame_survives_the_redis_layers_msgpack():
    """The in-memory layer passes dicts as they are; the Redis layer packs them with msgpack,
    which refuses integer map keys on the way back (it once deafened a whole process)."""
    from community.chat.tasks import unread_frame
    from config.pubsub_layer import pack, unpack

    frame = unread_frame({7: 2, 9: 1})
    assert unpack(pack(frame)) == frame
    assert frame["rooms"] == {"7": 2, "9": 1} and frame["total"] == 3


def test_a_busy_room_queues_one_push_a_turn_that_runs_once_the_turn_is_over(
    community_room, settings, monkeypatch
):
    """The push runs after its turn of UNREAD_PUSH_SECONDS ends and counts everything committed
    in it, so the messages after the first ask the cache nothing; the next turn queues the
    next push."""
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    from community.chat import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    clock = [1000.1]  # a turn runs from 1000 to 1002
    monkeypatch.setattr(tasks.time, "time", lambda: clock[0])
    asked = []
    real_add = cache.add
    monkeypatch.setattr(cache, "add", lambda *a, **k: asked.append(a[0]) or real_add(*a, **k))

    for _ in range(5):
        tasks.queue_room_unread(community_room.pk)
        clock[0] += 0.3
    assert DBTaskResult.objects.count() == 1
    assert len(asked) == 1
    after_the_turn = 1002 + tasks.PUSH_AFTER_TURN_SECONDS
    assert DBTaskResult.objects.get().run_after.timestamp() == after_the_turn

    clock[0] = 1002.0  # the next turn
    tasks.queue_room_unread(community_room.pk)
    assert DBTaskResult.objects.count() == 2
    assert len(asked) == 2


def test_a_push_another_process_queued_for_this_turn_is_not_queued_again(
    community_room, settings, monkeypatch
):
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    from community.chat import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(tasks.time, "time", lambda: 1000.1)
    asked = []
    real_add = cache.add
    monkeypatch.setattr(cache, "add", lambda *a, **k: asked.append(a[0]) or real_add(*a, **k))
    tasks.queue_room_unread(community_room.pk)
    tasks.forget_queued_pushes()  # as a process that has not queued it knows nothing of it

    tasks.queue_room_unread(community_room.pk)
    tasks.queue_room_unread(community_room.pk)
    assert DBTaskResult.objects.count() == 1
    assert len(asked) == 2  # it asked once, and then knew
