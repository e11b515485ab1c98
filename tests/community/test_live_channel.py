"""`/ws/me/`: a signed-in person's own live channel, through the real ASGI application."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from community.consumers import CLOSE_NOT_SIGNED_IN
from community.live import CLOSE_START_OVER, local_groups
from community.services.memberships import grant_role
from config.asgi import application
from config.pubsub_layer import GAP
from tests.factories import OrganisationFactory, PersonFactory, staff_of

pytestmark = pytest.mark.django_db(transaction=True)
SAME_ORIGIN = (b"origin", b"http://testserver")


def _session_cookie_for(person) -> bytes:
    client = Client()
    client.force_login(person)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


async def _open(headers):
    communicator = WebsocketCommunicator(application, "/ws/me/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


async def test_anonymous_visitors_are_refused():
    communicator, connected, code = await _open([SAME_ORIGIN])
    assert not connected
    assert code == CLOSE_NOT_SIGNED_IN
    await communicator.disconnect()


async def test_another_sites_origin_is_refused_even_with_a_session():
    person = await sync_to_async(PersonFactory)()
    cookie = await sync_to_async(_session_cookie_for)(person)
    communicator, connected, _ = await _open(
        [(b"origin", b"https://evil.example"), (b"cookie", cookie)]
    )
    assert not connected
    await communicator.disconnect()


async def test_signed_in_person_gets_their_count_and_a_push_when_a_role_is_granted():
    person = await sync_to_async(PersonFactory)()
    cookie = await sync_to_async(_session_cookie_for)(person)
    communicator, connected, _ = await _open([SAME_ORIGIN, (b"cookie", cookie)])
    assert connected
    assert await communicator.receive_json_from(timeout=5) == {"type": "unread", "notifications": 0}
    # Apps above the base add their own first frame: chat's unread counts per room.
    assert await communicator.receive_json_from(timeout=5) == {
        "type": "chat_unread",
        "total": 0,
        "rooms": {},
    }

    def grant():
        organisation = OrganisationFactory()
        grant_role(
            granted_by=staff_of(organisation),
            organisation=organisation,
            person=person,
            role="advisor",
            trained_on=datetime.date(2025, 5, 1),
        )

    await sync_to_async(grant)()
    assert await communicator.receive_json_from(timeout=5) == {"type": "unread", "notifications": 1}
    await communicator.disconnect()


async def test_another_persons_grant_is_not_pushed_to_me():
    person, other = await sync_to_async(PersonFactory)(), await sync_to_async(PersonFactory)()
    cookie = await sync_to_async(_session_cookie_for)(person)
    communicator, connected, _ = await _open([SAME_ORIGIN, (b"cookie", cookie)])
    assert connected
    await communicator.receive_json_from(timeout=5)
    await communicator.receive_json_from(timeout=5)

    def grant_to_other():
        organisation = OrganisationFactory()
        grant_role(
            granted_by=staff_of(organisation),
            organisation=organisation,
            person=other,
            role="staff",
        )

    await sync_to_async(grant_to_other)()
    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()


async def test_sending_to_the_channel_gets_a_clear_error_frame():
    person = await sync_to_async(PersonFactory)()
    cookie = await sync_to_async(_session_cookie_for)(person)
    communicator, connected, _ = await _open([SAME_ORIGIN, (b"cookie", cookie)])
    await communicator.receive_json_from(timeout=5)
    await communicator.receive_json_from(timeout=5)
    await communicator.send_json_to({"type": "hello"})
    frame = await communicator.receive_json_from(timeout=5)
    assert frame["type"] == "error" and frame["code"] == "unsupported"
    await communicator.disconnect()


async def test_when_the_layer_may_have_lost_messages_every_tab_starts_over():
    """The pub/sub layer says `layer.gap` after its subscription dropped: every socket of the
    process closes with 1012 (service restart), so its client reconnects and replays from the
    last message it has, and nothing missed stays missing."""
    people = [await sync_to_async(PersonFactory)() for _ in range(2)]
    tabs = []
    for person in people:
        cookie = await sync_to_async(_session_cookie_for)(person)
        tab, connected, _ = await _open([SAME_ORIGIN, (b"cookie", cookie)])
        assert connected
        await tab.receive_json_from(timeout=5)  # unread
        await tab.receive_json_from(timeout=5)  # chat_unread
        tabs.append(tab)

    groups = local_groups()
    await groups.layer.send(groups.channel, dict(GAP))

    for tab in tabs:
        assert await tab.receive_output(timeout=5) == {
            "type": "websocket.close",
            "code": CLOSE_START_OVER,
        }
        await tab.wait()
