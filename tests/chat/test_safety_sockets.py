"""Safety on the room socket (issue 10): a waiting message reaches only its author's sockets and the
room hears it when a moderator approves it; a hidden message is taken away from the room; the
writer of words that suggest risk is offered urgent help; removing everything one person wrote is
one frame per room; suspended and banned people are refused, and an open socket is closed."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from community.chat.consumers import CLOSE_NOT_ALLOWED
from community.chat.models import Message
from community.safety.models import Case
from community.safety.moderation import act_on_case
from community.safety.registry import reportable_kind
from community.safety.restrictions import act_on_person
from community.safety.visibility import Visibility
from tests.chat.sockets import write
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("chat_sockets_settings"),
]


def _new_account():
    return PersonFactory(display_name="Newcomer", date_joined=timezone.now())


def _messages(frames: list[dict]) -> list[dict]:
    return [frame for frame in frames if frame["type"] == "message"]


async def test_a_waiting_message_goes_only_to_its_authors_sockets(sockets, community_room):
    newcomer = await sync_to_async(_new_account)()
    reader = await sync_to_async(PersonFactory)()
    writing = await sockets.entered(community_room, newcomer)
    other_tab = await sockets.entered(community_room, newcomer)
    reading = await sockets.entered(community_room, reader)

    client_id = await writing.say("Hello, I am new here")
    frames = await writing.until("message")
    [own] = _messages(frames)
    assert own["visibility"] == "waiting" and own["client_id"] == client_id
    assert "Hello, I am new here" in own["body_html"]
    assert any(frame["type"] == "ack" for frame in frames + await writing.quiet())

    [also_own] = _messages(await other_tab.until("message"))
    assert also_own["id"] == own["id"]
    assert _messages(await reading.quiet()) == []


async def test_the_room_hears_a_waiting_message_when_a_moderator_approves_it(
    sockets, community_room
):
    newcomer = await sync_to_async(_new_account)()
    reader = await sync_to_async(PersonFactory)()
    moderator = await sync_to_async(PersonFactory)(is_moderator=True)
    writing = await sockets.entered(community_room, newcomer)
    reading = await sockets.entered(community_room, reader)
    await writing.say("Is anyone here?")
    [waiting] = _messages(await writing.until("message"))

    case = await sync_to_async(Case.objects.get)(kind="chat_message", object_id=waiting["id"])
    await sync_to_async(act_on_case)(actor=moderator, case=case, action="approve", reason="Welcome")

    [approved] = _messages(await reading.until("message"))
    assert approved["id"] == waiting["id"] and approved["visibility"] == "shown"
    assert "Is anyone here?" in approved["body_html"]
    [own] = _messages(await writing.until("message"))
    assert own["visibility"] == "shown"


async def test_a_reader_who_connects_later_does_not_get_a_waiting_message(sockets, community_room):
    newcomer = await sync_to_async(_new_account)()
    reader = await sync_to_async(PersonFactory)()
    moderator = await sync_to_async(PersonFactory)(is_moderator=True)
    waiting = await sync_to_async(write)(newcomer, community_room, "Waiting")
    shown = await sync_to_async(write)(reader, community_room, "Shown")

    reading = await sockets.room(community_room, reader)
    assert [frame["id"] for frame in _messages(await reading.until("ready"))] == [shown.pk]
    moderating = await sockets.room(community_room, moderator)
    replayed = _messages(await moderating.until("ready"))
    assert [(frame["id"], frame["visibility"]) for frame in replayed] == [
        (waiting.pk, "waiting"),
        (shown.pk, "shown"),
    ]


async def test_a_hidden_message_is_taken_away_from_the_room_but_its_author_still_sees_it(
    sockets, community_room
):
    author, reader = [await sync_to_async(PersonFactory)() for _ in range(2)]
    message = await sync_to_async(write)(author, community_room, "Send me your card number")
    writing = await sockets.entered(community_room, author)
    reading = await sockets.entered(community_room, reader)

    kind = reportable_kind("chat_message")
    await sync_to_async(kind.set_visibility)(message.pk, Visibility.HELD, None)

    [gone] = _messages(await reading.until("message"))
    assert gone["id"] == message.pk and gone["removed"] and gone["body_html"] == ""
    [own] = _messages(await writing.until("message"))
    assert own["visibility"] == "held" and "card number" in own["body_html"]
    assert not own["removed"]
    assert _messages(await reading.quiet()) == []


async def test_the_writer_of_words_that_suggest_risk_is_offered_urgent_help(
    sockets, community_room
):
    writer, reader = [await sync_to_async(PersonFactory)() for _ in range(2)]
    writing = await sockets.entered(community_room, writer)
    reading = await sockets.entered(community_room, reader)

    await writing.say("I keep thinking about ending it all")
    frames = await writing.until("urgent_help")
    [help_frame] = [frame for frame in frames if frame["type"] == "urgent_help"]
    names = " ".join(contact["name"] for contact in help_frame["contacts"])
    assert "Samaritans" in names and "NHS 111" in names

    [sent] = _messages(await reading.until("message"))  # the message is never held back
    assert "ending it all" in sent["body_html"]
    assert not [frame for frame in await reading.quiet() if frame["type"] == "urgent_help"]


async def test_removing_everything_a_person_wrote_is_one_frame_per_room(sockets, community_room):
    spammer, reader = [await sync_to_async(PersonFactory)() for _ in range(2)]
    moderator = await sync_to_async(PersonFactory)(is_moderator=True)
    first = await sync_to_async(write)(spammer, community_room, "Cheap PAs")
    second = await sync_to_async(write)(spammer, community_room, "Cheaper PAs")
    reading = await sockets.entered(community_room, reader)

    removed = await sync_to_async(reportable_kind("chat_message").remove_all_by)(spammer, moderator)

    assert removed == 2
    frames = await reading.until("messages_removed")
    [frame] = [frame for frame in frames if frame["type"] == "messages_removed"]
    assert sorted(frame["ids"]) == [first.pk, second.pk]
    assert not [f for f in await reading.quiet() if f["type"] == "messages_removed"]


async def test_a_banned_or_suspended_person_is_refused(sockets, community_room):
    banned = await sync_to_async(PersonFactory)(banned=True, bar_reason="Scams")
    suspended = await sync_to_async(PersonFactory)(
        suspended_until=timezone.now() + datetime.timedelta(days=3), bar_reason="Abuse"
    )
    served = await sync_to_async(PersonFactory)(
        suspended_until=timezone.now() - datetime.timedelta(days=1)
    )

    for person in (banned, suspended):
        tab = await sockets.room(community_room, person)
        assert not tab.connected
        assert tab.close_code == CLOSE_NOT_ALLOWED
    assert (await sockets.room(community_room, served)).connected


async def test_an_open_socket_is_closed_when_its_person_is_banned(sockets, community_room):
    person = await sync_to_async(PersonFactory)()
    moderator = await sync_to_async(PersonFactory)(is_moderator=True)
    tab = await sockets.entered(community_room, person)

    await sync_to_async(act_on_person)(
        actor=moderator, person=person, action="ban", reason="Selling fake care services"
    )

    closed = await tab.until("closed")
    assert closed[-1]["code"] == CLOSE_NOT_ALLOWED
    assert not await sync_to_async(Message.objects.exists)()
