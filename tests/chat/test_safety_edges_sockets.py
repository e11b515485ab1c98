"""Safety on the room socket: the room sees a hidden message go as any
removal, without learning why; moderators and the organisation's staff in the room see waiting
messages as they arrive; a writer banned since connecting is refused and their socket closed,
even when the message that should have closed it was lost."""

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from community.chat.consumers import CLOSE_NOT_ALLOWED
from community.chat.models import Message
from community.models import User
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from tests.chat.sockets import write
from tests.factories import OrganisationFactory, PersonFactory, staff_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("chat_sockets_settings"),
]


def _messages(frames: list[dict]) -> list[dict]:
    return [frame for frame in frames if frame["type"] == "message"]


async def test_the_room_sees_a_held_message_go_without_learning_it_was_reported(
    sockets, community_room
):
    author, reader = [await sync_to_async(PersonFactory)() for _ in range(2)]
    message = await sync_to_async(write)(author, community_room, "Send me your card number")
    reading = await sockets.entered(community_room, reader)

    await sync_to_async(reportable_kind("chat_message").set_visibility)(
        message.pk, Visibility.HELD, None
    )

    [gone] = _messages(await reading.until("message"))
    assert gone["removed"] and gone["body_html"] == ""
    assert gone["visibility"] == "shown"
    assert "held" not in str(gone)


async def test_a_moderator_in_the_room_sees_a_waiting_message_as_it_arrives(
    sockets, community_room
):
    newcomer = await sync_to_async(PersonFactory)(date_joined=timezone.now())
    moderator = await sync_to_async(PersonFactory)(is_moderator=True)
    reader = await sync_to_async(PersonFactory)()
    writing = await sockets.entered(community_room, newcomer)
    watching = await sockets.entered(community_room, moderator)
    reading = await sockets.entered(community_room, reader)

    await writing.say("Hello, I am new here")

    [seen] = _messages(await watching.until("message"))
    assert seen["visibility"] == "waiting" and "I am new here" in seen["body_html"]
    assert _messages(await reading.quiet()) == []


async def test_the_organisations_staff_see_a_held_message_marked_not_taken_away(
    sockets, community_room
):
    organisation = await sync_to_async(OrganisationFactory)(verified=True)
    community_room.organisation = organisation
    await sync_to_async(community_room.save)()
    staff = await sync_to_async(staff_of)(organisation)
    author = await sync_to_async(PersonFactory)()
    message = await sync_to_async(write)(author, community_room, "Send me your card number")
    watching = await sockets.entered(community_room, staff)

    await sync_to_async(reportable_kind("chat_message").set_visibility)(
        message.pk, Visibility.HELD, None
    )

    [seen] = _messages(await watching.until("message"))
    assert seen["visibility"] == "held" and not seen["removed"]
    assert "card number" in seen["body_html"]
    assert _messages(await watching.quiet()) == []


async def test_a_writer_banned_since_connecting_is_refused_and_their_socket_closed(
    sockets, community_room
):
    person = await sync_to_async(PersonFactory)()
    tab = await sockets.entered(community_room, person)
    # Banned without the broadcast that closes their sockets (as if it were lost).
    await sync_to_async(User.objects.filter(pk=person.pk).update)(banned=True)

    await tab.say("Still here")

    frames = await tab.until("closed")
    [error] = [frame for frame in frames if frame["type"] == "error"]
    assert "suspended or banned" in error["detail"]
    assert frames[-1]["code"] == CLOSE_NOT_ALLOWED
    assert not await sync_to_async(Message.objects.exists)()
