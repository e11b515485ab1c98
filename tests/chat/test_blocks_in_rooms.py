"""Blocking in a room: the blocker no longer hears the blocked person, and the two are left out
of each other's presence; everyone else hears and counts both."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from community.safety.services import block_person
from tests.chat.sockets import write
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("chat_sockets_settings"),
]


@pytest.fixture
def three(db):
    """The blocker, the person they blocked, and someone else."""
    blocker = PersonFactory(display_name="Blocker")
    blocked = PersonFactory(display_name="Blocked")
    other = PersonFactory(display_name="Other")
    block_person(blocker=blocker, blocked=blocked)
    return blocker, blocked, other


async def test_the_blocker_does_not_hear_the_blocked_persons_messages_or_typing(
    sockets, community_room, three
):
    blocker, blocked, other = three
    blocker_tab = await sockets.entered(community_room, blocker)
    blocked_tab = await sockets.entered(community_room, blocked)
    other_tab = await sockets.entered(community_room, other)

    await blocked_tab.send({"type": "typing"})
    await blocked_tab.say("Can you hear me?")
    heard = await other_tab.until("message")
    assert [frame["type"] for frame in heard] == ["typing", "message"]
    assert heard[0]["person"]["id"] == heard[1]["author"]["id"] == blocked.pk
    assert await blocker_tab.quiet() == []


async def test_the_blocked_persons_messages_are_not_replayed_to_the_blocker(
    sockets, community_room, three
):
    blocker, blocked, other = three
    await sync_to_async(write)(blocked, community_room, "From the blocked person")
    kept = await sync_to_async(write)(other, community_room, "From someone else")
    blocker_tab = await sockets.room(community_room, blocker)
    frames = await blocker_tab.until("ready")
    assert [frame["id"] for frame in frames if frame["type"] == "message"] == [kept.pk]


async def test_the_blocker_and_the_blocked_person_leave_each_other_out_of_presence(
    sockets, community_room, three
):
    blocker, blocked, other = three
    tabs = {
        "blocker": await sockets.entered(community_room, blocker),
        "blocked": await sockets.entered(community_room, blocked),
        "other": await sockets.entered(community_room, other),
    }
    await asyncio.sleep(0.3)  # every arrival told
    for tab in tabs.values():
        await tab.quiet(0)
    counts = {name: tab.last_presence()["count"] for name, tab in tabs.items()}
    assert counts == {"blocker": 2, "blocked": 2, "other": 3}


async def test_a_blocked_helper_is_left_out_of_the_blockers_list_of_helpers(sockets, drop_in):
    await sync_to_async(block_person)(blocker=drop_in.member, blocked=drop_in.advisor)
    member = await sockets.entered(drop_in.room, drop_in.member)
    other = await sockets.entered(drop_in.room, drop_in.members[1])
    await sockets.entered(drop_in.room, drop_in.advisor)
    await asyncio.sleep(0.3)
    await member.quiet(0)
    await other.quiet(0)
    advisor = {"id": drop_in.advisor.pk, "display_name": drop_in.advisor.display_name}
    assert other.last_presence()["helpers"] == [advisor]
    assert other.last_presence()["count"] == 3
    assert member.last_presence()["helpers"] == []
    assert member.last_presence()["count"] == 2


async def test_a_block_made_while_both_are_in_the_room_applies_at_once(sockets, community_room):
    blocker, blocked = await sync_to_async(PersonFactory)(), await sync_to_async(PersonFactory)()
    blocker_tab = await sockets.entered(community_room, blocker)
    blocked_tab = await sockets.entered(community_room, blocked)

    await sync_to_async(block_person)(blocker=blocker, blocked=blocked)
    await asyncio.sleep(0.2)  # the blocker's socket re-reads whom to hide
    await blocker_tab.quiet(0)
    await blocked_tab.say("After the block")
    await blocked_tab.until("ack")
    assert [frame for frame in await blocker_tab.quiet() if frame["type"] == "message"] == []
