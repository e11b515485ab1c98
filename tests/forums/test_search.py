"""Search on whichever database runs the tests (SQLite by default, PostgreSQL in CI)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from forums.search import search, similar_answered_topics
from forums.services.answers import accept_answer
from forums.services.posts import delete_post, post_reply
from forums.services.topics import start_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(asker, replier, category):
    receipts = start_topic(
        author=asker,
        category=category,
        title="Council wants receipts for everything",
        body="They asked for every receipt from my personal assistant's wages.",
    )
    holiday = start_topic(
        author=asker,
        category=category,
        title="Holiday pay for my PA",
        body="How do I work out holiday pay? <b>bold</b> & more",
    )
    answer = post_reply(author=replier, topic=holiday, body="Use 12.07% of hours worked.")
    accept_answer(person=asker, post=answer)
    return receipts, holiday


def test_finds_titles_and_bodies_with_highlighted_escaped_snippets(topics):
    receipts, holiday = topics
    hits = search(viewer=AnonymousUser(), query="holiday pay")

    assert hits[0].topic == holiday
    assert "<mark>" in hits[0].snippet_html and "<mark>" in hits[0].title_html
    assert "<b>" not in hits[0].snippet_html
    assert "&amp; more" in hits[0].snippet_html


def test_filters_by_answered_and_category(topics, private_category):
    receipts, holiday = topics
    assert {h.topic for h in search(viewer=None, query="receipts", answered=False)} == {receipts}
    assert search(viewer=None, query="holiday", answered=False) == []
    assert search(viewer=None, query="holiday", category=private_category) == []


def test_removed_posts_are_not_found(topics, replier):
    receipts, holiday = topics
    reply = post_reply(author=replier, topic=receipts, body="Zebra crossings are unrelated")
    delete_post(deleted_by=replier, post=reply)
    assert search(viewer=None, query="zebra") == []


def test_an_empty_query_finds_nothing(topics):
    assert search(viewer=None, query="  ") == []


def test_similar_answered_topics_suggest_while_asking(topics):
    receipts, holiday = topics
    assert similar_answered_topics(title="What holiday pay should I give?", viewer=None) == [
        holiday
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_search_stems_words_and_uses_the_gin_index(topics):
    receipts, holiday = topics
    # "receipt" finds "receipts" through English stemming.
    assert search(viewer=None, query="receipt")[0].topic == receipts
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN "
            "('forums_post_search', 'forums_topic_title_search')"
        )
        assert len(cursor.fetchall()) == 2
