"""`/ws/rooms/<id>/`: who gets in, what is replayed, and sending, changing and removing messages,
through the real ASGI application (origin check, session cookie, routing)."""

import datetime
import types

import pytest
import time_machine
from asgiref.sync import sync_to_async
from django.utils import timezone

from community.chat import consumers, selectors
from community.chat.consumers import CLOSE_NO_SUCH_ROOM, CLOSE_NOT_ALLOWED
from community.chat.models import BODY_MAX, Message, Room
from community.chat.services.rooms import open_private_room, set_muted
from community.consumers import CLOSE_NOT_SIGNED_IN
from community.content import render_markdown
from community.models import AuditLogEntry
from tests.chat.fixtures import make_drop_in
from tests.chat.sockets import SAME_ORIGIN, write
from tests.events.factories import uk_time
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("chat_sockets_settings"),
]


def _ids(frames, kind="message"):
    return [frame["id"] for frame in frames if frame["type"] == kind]


def _count(**filters) -> int:
    return Message.objects.filter(**filters).count()


count_messages = sync_to_async(_count)


# --- Who gets in ------------------------------------------------------------------------------


async def test_an_anonymous_visitor_is_refused_with_4401(sockets, community_room):
    tab = await sockets.room(community_room)
    assert not tab.connected
    assert tab.close_code == CLOSE_NOT_SIGNED_IN == 4401


async def test_an_unknown_room_is_refused_with_4404(sockets, person):
    tab = await sockets.room(987654, person)
    assert not tab.connected
    assert tab.close_code == CLOSE_NO_SUCH_ROOM == 4404


async def test_a_member_who_did_not_book_the_drop_in_is_refused_with_4403(sockets, drop_in):
    not_booked = await sync_to_async(PersonFactory)()
    tab = await sockets.room(drop_in.room, not_booked)
    assert not tab.connected
    assert tab.close_code == CLOSE_NOT_ALLOWED == 4403


async def test_someone_outside_a_private_conversation_is_told_no_such_room(sockets):
    first, second, outsider = [await sync_to_async(PersonFactory)() for _ in range(3)]
    conversation = await sync_to_async(open_private_room)(people=[first, second], created_by=first)
    tab = await sockets.room(conversation, outsider)
    assert not tab.connected
    assert tab.close_code == CLOSE_NO_SUCH_ROOM  # the same as a room that does not exist
    assert (await sockets.room(conversation, first)).connected


async def test_another_sites_origin_is_refused_even_with_a_session(sockets, community_room, person):
    tab = await sockets.room(community_room, person, origin=(b"origin", b"https://evil.example"))
    assert not tab.connected
    assert (await sockets.room(community_room, person, origin=SAME_ORIGIN)).connected


# --- Replay on connect ------------------------------------------------------------------------


async def test_messages_after_since_are_replayed_oldest_first_then_ready(
    sockets, community_room, person
):
    writer = await sync_to_async(PersonFactory)()
    written = [
        await sync_to_async(write)(writer, community_room, f"Message {number}")
        for number in range(4)
    ]
    tab = await sockets.room(community_room, person, since=written[1].pk)
    frames = await tab.until("ready")
    assert [frame["type"] for frame in frames] == ["message", "message", "ready"]
    assert _ids(frames) == [written[2].pk, written[3].pk]
    assert frames[0]["body_html"] == "<p>Message 2</p>"
    assert frames[0]["author"] == {
        "id": writer.pk,
        "display_name": writer.display_name,
        "badges": [],
    }
    assert frames[-1] == {"type": "ready", "room": community_room.pk, "open": True}


async def test_more_missed_messages_than_the_replay_limit_send_a_gap_then_the_newest(
    sockets, community_room, person, monkeypatch
):
    monkeypatch.setattr(selectors, "REPLAY_LIMIT", 5)
    writer = await sync_to_async(PersonFactory)()
    written = [
        await sync_to_async(write)(writer, community_room, f"Message {number}")
        for number in range(8)
    ]
    tab = await sockets.room(community_room, person, since=0)
    frames = await tab.until("ready")
    newest = [message.pk for message in written[-5:]]
    assert frames[0] == {"type": "gap", "before": newest[0]}
    assert _ids(frames[1:]) == newest
    assert [frame["type"] for frame in frames] == ["gap"] + ["message"] * 5 + ["ready"]


# --- Sending ----------------------------------------------------------------------------------


async def test_a_resent_client_id_is_stored_once_and_acked_twice_with_the_same_id(
    sockets, community_room, person
):
    other = await sync_to_async(PersonFactory)()
    sender = await sockets.entered(community_room, person)
    listener = await sockets.entered(community_room, other)
    client_id = await sender.say("Is anyone here?")
    await sender.say("Is anyone here?", client_id=client_id)

    frames = await sender.until("ack", count=2)
    frames += await sender.quiet()
    acks = [frame for frame in frames if frame["type"] == "ack"]
    [stored] = await sync_to_async(list)(Message.objects.filter(room=community_room))
    assert acks == [{"type": "ack", "client_id": client_id, "id": stored.pk}] * 2
    heard = await listener.until("message")
    heard += await listener.quiet()
    assert _ids(heard) == [stored.pk]
    assert heard[0]["client_id"] == client_id


async def test_sending_faster_than_the_rate_limit_is_refused_with_too_fast(
    sockets, community_room, person, rate_limits
):
    rate_limits(message="3/60")
    tab = await sockets.entered(community_room, person)
    for number in range(3):
        await tab.say(f"Message {number}")
    too_many = await tab.say("One too many")
    frames = await tab.until("error")
    frames += await tab.quiet()
    [error] = [frame for frame in frames if frame["type"] == "error"]
    assert error["code"] == "too_fast" and error["client_id"] == too_many
    assert "up to 3 messages every minute" in error["detail"]
    assert len([frame for frame in frames if frame["type"] == "ack"]) == 3
    assert await count_messages(room=community_room) == 3


async def test_a_message_that_is_too_long_is_refused_with_too_long(sockets, community_room, person):
    tab = await sockets.entered(community_room, person)
    client_id = await tab.say("x" * (BODY_MAX + 1))
    error = await tab.next()
    assert error["type"] == "error" and error["code"] == "too_long"
    assert error["client_id"] == client_id
    assert await tab.quiet() == []
    assert await count_messages(room=community_room) == 0


async def test_a_muted_person_is_told_they_are_muted_and_nothing_is_stored(sockets, drop_in):
    await sync_to_async(set_muted)(
        moderator=drop_in.host, room=drop_in.room, person=drop_in.member, muted=True
    )
    tab = await sockets.entered(drop_in.room, drop_in.member)
    client_id = await tab.say("Let me speak")
    error = await tab.next()
    assert error["type"] == "error" and error["code"] == "muted" and error["client_id"] == client_id
    assert await count_messages(room=drop_in.room) == 0


# --- A drop-in room opens 15 minutes before its date and closes when it ends ------------------


def _closed_drop_in_with_history():
    drop_in = make_drop_in(start=uk_time(1, 10))
    # Written while it was open; stored directly because the room is closed "now".
    message = Message.objects.create(
        room=drop_in.room,
        author=drop_in.host,
        body="Welcome, everyone",
        body_html=render_markdown("Welcome, everyone"),
        client_id="6f1d3c1e-8a55-4c8b-9a55-1b2f6e2b7d10",
    )
    return drop_in, message


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(lambda start: start - datetime.timedelta(minutes=15, seconds=1), id="before"),
        pytest.param(lambda start: start + datetime.timedelta(hours=2), id="at-the-end"),
        pytest.param(lambda start: start + datetime.timedelta(hours=3), id="after"),
    ],
)
async def test_a_closed_drop_in_replays_history_but_refuses_messages_with_room_closed(
    sockets, moment
):
    drop_in, message = await sync_to_async(_closed_drop_in_with_history)()
    with time_machine.travel(moment(drop_in.occurrence.start), tick=False):
        tab = await sockets.room(drop_in.room, drop_in.member)
        frames = await tab.until("ready")
        assert _ids(frames) == [message.pk]
        assert frames[-1] == {"type": "ready", "room": drop_in.room.pk, "open": False}
        client_id = await tab.say("Am I too early?")
        error = await tab.next()
    assert error["type"] == "error" and error["code"] == "room_closed"
    assert error["client_id"] == client_id
    assert await count_messages(room=drop_in.room) == 1


async def test_a_drop_in_room_opens_fifteen_minutes_before_the_start(sockets):
    drop_in = await sync_to_async(make_drop_in)(start=uk_time(1, 10))
    with time_machine.travel(drop_in.occurrence.start - datetime.timedelta(minutes=15), tick=False):
        tab = await sockets.room(drop_in.room, drop_in.member)
        assert (await tab.until("ready"))[-1]["open"] is True
        client_id = await tab.say("Hello, I am early")
        ack = await tab.until("ack")
    assert ack[-1]["client_id"] == client_id
    assert await count_messages(room=drop_in.room) == 1


# --- Changing and removing messages ------------------------------------------------------------


async def test_an_author_edits_their_message_and_others_get_it_with_the_same_id(
    sockets, community_room, person
):
    other = await sync_to_async(PersonFactory)()
    author = await sockets.entered(community_room, person)
    reader = await sockets.entered(community_room, other)
    await author.say("Helo")
    [sent] = _ids(await reader.until("message"))
    await author.send({"type": "edit", "id": sent, "body": "Hello **all**"})
    edited = await reader.next()
    assert edited["type"] == "message" and edited["id"] == sent
    assert edited["body_html"] == "<p>Hello <strong>all</strong></p>"
    assert edited["edited"] is not None and edited["removed"] is False


async def test_an_author_deletes_their_message_and_others_get_it_removed_with_the_same_id(
    sockets, community_room, person
):
    other = await sync_to_async(PersonFactory)()
    author = await sockets.entered(community_room, person)
    reader = await sockets.entered(community_room, other)
    await author.say("Sent to the wrong room")
    [sent] = _ids(await reader.until("message"))
    await author.send({"type": "delete", "id": sent})
    removed = await reader.next()
    assert removed["type"] == "message" and removed["id"] == sent
    assert removed["removed"] is True and removed["body_html"] == ""
    stored = await sync_to_async(Message.objects.get)(pk=sent)
    assert stored.removed is not None and stored.removed_by_id == person.pk


async def test_removing_a_message_as_soon_as_it_shows_never_trips_over_its_storing(
    sockets, community_room, person
):
    # The delete comes while the message's own turn may still be finishing (its ack not yet
    # sent): both must reach the database one after the other, on SQLite as on PostgreSQL.
    other = await sync_to_async(PersonFactory)()
    author = await sockets.entered(community_room, person)
    reader = await sockets.entered(community_room, other)
    for attempt in range(8):
        await author.say(f"Wrong room, try {attempt}")
        [sent] = _ids(await reader.until("message"))
        await author.send({"type": "delete", "id": sent})
        removed = await reader.next()
        assert removed["id"] == sent and removed["removed"] is True


async def test_after_ten_minutes_an_author_can_no_longer_edit_or_delete(
    sockets, community_room, person
):
    message = await sync_to_async(write)(person, community_room, "Old news")
    await sync_to_async(Message.objects.filter(pk=message.pk).update)(
        created=timezone.now() - datetime.timedelta(minutes=10, seconds=5)
    )
    tab = await sockets.entered(community_room, person, since=message.pk)
    await tab.send({"type": "edit", "id": message.pk, "body": "New news"})
    assert (await tab.next())["code"] == "not_allowed"
    await tab.send({"type": "delete", "id": message.pk})
    assert (await tab.next())["code"] == "not_allowed"
    stored = await sync_to_async(Message.objects.get)(pk=message.pk)
    assert stored.body == "Old news" and stored.edited is None and stored.removed is None


async def test_a_member_cannot_delete_someone_elses_message(sockets, community_room, person):
    other = await sync_to_async(PersonFactory)()
    message = await sync_to_async(write)(other, community_room, "Mine")
    tab = await sockets.entered(community_room, person, since=message.pk)
    await tab.send({"type": "delete", "id": message.pk})
    assert (await tab.next())["code"] == "not_allowed"
    await tab.send({"type": "edit", "id": message.pk, "body": "Yours now"})
    assert (await tab.next())["code"] == "not_allowed"


async def test_a_host_removes_a_members_message_and_the_room_gets_it_removed(sockets, drop_in):
    message = await sync_to_async(write)(drop_in.member, drop_in.room, "Something unkind")
    member = await sockets.entered(drop_in.room, drop_in.member, since=message.pk)
    host = await sockets.entered(drop_in.room, drop_in.host, since=message.pk)
    await host.send({"type": "delete", "id": message.pk})
    removed = await member.next()
    assert removed["type"] == "message" and removed["id"] == message.pk
    assert removed["removed"] is True and removed["body_html"] == ""
    assert (await host.next())["id"] == message.pk
    entry = await sync_to_async(AuditLogEntry.objects.get)(action="chat.message_removed")
    assert entry.actor_id == drop_in.host.pk and entry.subject_id == message.pk


# --- Typing -----------------------------------------------------------------------------------


async def test_typing_reaches_the_others_but_not_the_typist(sockets, community_room, person):
    other = await sync_to_async(PersonFactory)()
    typist = await sockets.entered(community_room, person)
    reader = await sockets.entered(community_room, other)
    await typist.send({"type": "typing"})
    assert await reader.next() == {
        "type": "typing",
        "person": {"id": person.pk, "display_name": person.display_name},
    }
    assert await typist.quiet() == []


async def test_typing_is_told_at_most_once_every_three_seconds(
    sockets, community_room, person, monkeypatch
):
    clock = types.SimpleNamespace(now=1000.0)
    monkeypatch.setattr(consumers, "time", types.SimpleNamespace(monotonic=lambda: clock.now))
    other = await sync_to_async(PersonFactory)()
    typist = await sockets.entered(community_room, person)
    reader = await sockets.entered(community_room, other)

    heard = []
    for now in (1000.0, 1001.0, 1002.9, 1003.0, 1005.9, 1006.0):
        clock.now = now
        await typist.send({"type": "typing"})
        heard.append(bool(await reader.quiet(0.1)))
    assert heard == [True, False, False, True, False, True]


async def test_a_message_from_another_room_cannot_be_changed_from_this_one(
    sockets, community_room, person
):
    elsewhere = await sync_to_async(Room.objects.create)(kind=Room.Kind.COMMUNITY, name="Carers")
    message = await sync_to_async(write)(person, elsewhere, "Mine, in another room")
    tab = await sockets.entered(community_room, person)
    await tab.send({"type": "edit", "id": message.pk, "body": "Changed"})
    assert (await tab.next())["code"] == "no_such_message"
    await tab.send({"type": "delete", "id": str(message.pk)})
    assert (await tab.next())["code"] == "no_such_message"


async def test_an_unknown_frame_or_bad_json_gets_an_unsupported_error(
    sockets, community_room, person
):
    tab = await sockets.entered(community_room, person)
    await tab.send({"type": "shout", "body": "HELLO"})
    assert (await tab.next())["code"] == "unsupported"
    await tab.communicator.send_to(text_data="{not json")
    assert (await tab.next())["code"] == "unsupported"
    await tab.send({"type": "message", "body": None, "client_id": "x"})
    error = await tab.next()
    assert error["code"] == "empty" and error["client_id"] == "x"
