"""On PostgreSQL, with real concurrent transactions: post numbers are handed out one at a time,
and "This helped" stays at one per person however many requests race."""

import threading

import pytest
from django.db import connection, connections

from forums.models import Post, Reaction, Topic
from forums.services.posts import post_reply
from forums.services.reactions import mark_helped
from tests.factories import PersonFactory
from tests.forums.factories import CategoryFactory, TopicFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _race(count: int, work) -> list[str]:
    outcomes: list[str] = []
    start = threading.Barrier(count)

    def run(number: int) -> None:
        try:
            start.wait()
            work(number)
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_replies_get_consecutive_numbers():
    topic = TopicFactory(category=CategoryFactory())
    people = [PersonFactory() for _ in range(12)]

    outcomes = _race(12, lambda n: post_reply(author=people[n], topic=topic, body=f"Reply {n}"))

    assert outcomes == ["ok"] * 12
    numbers = sorted(Post.objects.filter(topic=topic).values_list("number", flat=True))
    assert numbers == list(range(1, 14))
    topic = Topic.objects.get(pk=topic.pk)
    assert (topic.last_post_number, topic.reply_count) == (13, 12)


def test_racing_this_helped_from_one_person_counts_once():
    post = TopicFactory(category=CategoryFactory()).posts.get()
    person = PersonFactory()

    outcomes = _race(10, lambda n: mark_helped(person=person, post=post))

    assert outcomes == ["ok"] * 10
    assert Reaction.objects.filter(post=post).count() == 1
    assert Post.objects.get(pk=post.pk).helped_count == 1
