"""Against the real PostgreSQL and Redis: constraints under concurrency, and live pushes fanned
out across two separate ASGI server processes through the Redis channel layer."""

import asyncio
import datetime
import json
import os
import threading
from pathlib import Path

import pytest
import websockets
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection, connections

from community.errors import CommunityError
from community.models import Membership
from community.services.memberships import grant_role
from config.pubsub_layer import PubSubChannelLayer
from tests.factories import OrganisationFactory, PersonFactory, staff_of
from tests.integration.servers import session_cookie

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def test_the_suite_really_talks_to_postgresql_and_redis():
    assert connection.vendor == "postgresql"
    assert isinstance(get_channel_layer(), PubSubChannelLayer)
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def test_concurrent_grants_of_the_same_role_leave_exactly_one():
    organisation = OrganisationFactory()
    staff = staff_of(organisation)
    person = PersonFactory()
    outcomes: list[str] = []
    start = threading.Barrier(20)

    def grant():
        try:
            start.wait()
            grant_role(
                granted_by=staff,
                organisation=organisation,
                person=person,
                role="advisor",
                trained_on=datetime.date(2025, 1, 10),
            )
            outcomes.append("granted")
        except CommunityError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=grant) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(set(outcomes)) == ["granted", "role_already_held"]
    assert outcomes.count("granted") == 1
    assert Membership.objects.filter(person=person, role="advisor", active=True).count() == 1


async def test_two_layer_instances_share_groups_like_two_processes():
    first = PubSubChannelLayer(hosts=[os.environ["REDIS_URL"]], prefix="alongside-test")
    second = PubSubChannelLayer(hosts=[os.environ["REDIS_URL"]], prefix="alongside-test")
    channel = await first.new_channel()
    await first.group_add("person.424242", channel)
    await second.group_send("person.424242", {"type": "unread.count", "notifications": 7})
    assert await asyncio.wait_for(first.receive(channel), 5) == {
        "type": "unread.count",
        "notifications": 7,
    }
    await first.group_discard("person.424242", channel)
    await first.flush()
    await second.flush()


def test_a_grant_reaches_the_persons_tabs_on_both_server_processes(two_servers):
    person = PersonFactory()
    organisation = OrganisationFactory()
    staff = staff_of(organisation)
    cookie = session_cookie(person)

    async def open_tab(port):
        socket_ = await websockets.connect(
            f"ws://127.0.0.1:{port}/ws/me/",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": cookie},
        )
        first = json.loads(await asyncio.wait_for(socket_.recv(), 10))
        assert first == {"type": "unread", "notifications": 0}
        second = json.loads(await asyncio.wait_for(socket_.recv(), 10))
        assert second == {"type": "chat_unread", "total": 0, "rooms": {}}
        return socket_

    async def scenario():
        tabs = [await open_tab(port) for port in two_servers]
        await sync_to_async(grant_role)(
            granted_by=staff,
            organisation=organisation,
            person=person,
            role="advisor",
            trained_on=datetime.date(2025, 2, 3),
        )
        received = [json.loads(await asyncio.wait_for(tab.recv(), 10)) for tab in tabs]
        for tab in tabs:
            await tab.close()
        return received

    assert async_to_sync(scenario)() == [{"type": "unread", "notifications": 1}] * 2
