"""Telling many people costs the request nothing extra: a reply watched by 200 people runs the
same queries in the request as one watched by 2, and the task worker then pushes every watcher's
new count to their open `/ws/me/` tabs (over Redis too, whenever REDIS_URL is set)."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from community.models import Notification
from config.asgi import application
from forums.models import Watch
from forums.services.topics import start_topic
from tests.factories import PersonFactory
from tests.forums.factories import CategoryFactory

SAME_ORIGIN = (b"origin", b"http://testserver")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFICATION_EMAIL_WAIT_SECONDS = 120


def _topic_watched_by(how_many: int):
    author = PersonFactory()
    topic = start_topic(
        author=author,
        category=CategoryFactory(),
        title="Can I pay my PA's holiday from my direct payment?",
        body="My PA has asked about holiday pay. Is it allowed?",
    )
    watchers = PersonFactory.create_batch(how_many)
    Watch.objects.bulk_create(Watch(person=person, topic=topic) for person in watchers)
    return topic, watchers


def _reply_through_the_page(topic, replier) -> int:
    """Post a reply as a person would; the number of queries the request ran."""
    client = Client()
    client.force_login(replier)
    url = reverse("forums_reply", args=[topic.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"body": "Yes: holiday pay is part of employing a PA."})
    assert response.status_code == 302
    return len(queries)


def _run_worker() -> None:
    """The real queue worker, drained once (signals are the main thread's, so not set here)."""
    Worker(
        queue_names=["*"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="fan-out-test",
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db(transaction=True)
def test_a_reply_watched_by_200_costs_the_request_the_same_queries_as_one_watched_by_2(
    database_queue,
):
    few_topic, few = _topic_watched_by(2)
    many_topic, many = _topic_watched_by(200)
    DBTaskResult.objects.all().delete()

    few_queries = _reply_through_the_page(few_topic, PersonFactory())
    many_queries = _reply_through_the_page(many_topic, PersonFactory())

    assert many_queries == few_queries
    # Each reply queued one job; nobody was pushed anything in the request.
    assert DBTaskResult.objects.count() == 2
    told = Notification.objects.filter(recipient__in=[*few, *many], kind="forums.reply")
    assert told.count() == 202


async def _open_tab(person) -> WebsocketCommunicator:
    client = Client()
    await sync_to_async(client.force_login)(person)
    name = settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}".encode()
    tab = WebsocketCommunicator(application, "/ws/me/", headers=[SAME_ORIGIN, (b"cookie", cookie)])
    connected, _ = await tab.connect()
    assert connected
    assert await tab.receive_json_from(timeout=5) == {"type": "unread", "notifications": 0}
    assert await tab.receive_json_from(timeout=5) == {
        "type": "chat_unread",
        "total": 0,
        "rooms": {},
    }
    return tab


@pytest.mark.django_db(transaction=True)
async def test_every_watchers_open_tab_gets_the_new_count_from_the_worker(database_queue):
    topic, watchers = await sync_to_async(_topic_watched_by)(200)
    tabs = [await _open_tab(person) for person in watchers]

    await sync_to_async(_reply_through_the_page)(topic, await sync_to_async(PersonFactory)())
    for tab in tabs[:5]:  # the request itself pushed nothing: the fan-out is the worker's
        assert await tab.receive_nothing(timeout=0.1)

    await sync_to_async(_run_worker)()
    for tab in tabs:
        assert await tab.receive_json_from(timeout=5) == {"type": "unread", "notifications": 1}
    # All 200 leave at once: more than the Redis pool holds (100), which must wait, not fail.
    await asyncio.gather(*(tab.disconnect() for tab in tabs))


@pytest.mark.integration
def test_the_fan_out_goes_over_redis_when_redis_is_configured():
    """The test above runs on whatever layer settings choose; in CI that must be Redis."""
    from config.pubsub_layer import PubSubChannelLayer

    assert isinstance(get_channel_layer(), PubSubChannelLayer)
