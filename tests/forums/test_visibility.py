"""Members-only categories never reach signed-out visitors, through any selector or search."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forums.search import search, similar_topics
from forums.selectors import (
    categories_for,
    category_for,
    posts_for,
    topic_for,
    topics_for,
)
from forums.services.answers import accept_answer
from forums.services.posts import post_reply
from tests.factories import PersonFactory
from tests.forums.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_topic(private_category):
    return TopicFactory(
        category=private_category,
        title="Hearing voices and my personal budget",
        opening="Secret worries about my direct payment",
    )


def test_signed_out_visitors_see_no_members_only_category_or_topic(category, hidden_topic):
    visitor = AnonymousUser()
    public = TopicFactory(category=category, opening="My direct payment was late")

    assert list(categories_for(viewer=visitor)) == [category]
    assert category_for(viewer=visitor, slug="mental-health") is None
    assert list(topics_for(viewer=visitor)) == [public]
    assert topic_for(viewer=visitor, topic_id=hidden_topic.pk) is None
    assert list(posts_for(viewer=visitor, topic=hidden_topic)) == []
    assert [hit.topic for hit in search(viewer=visitor, query="direct payment")] == [public]


def test_signed_in_members_see_members_only_topics(hidden_topic):
    member = PersonFactory()
    assert topic_for(viewer=member, topic_id=hidden_topic.pk) == hidden_topic
    assert [hit.topic for hit in search(viewer=member, query="secret worries")] == [hidden_topic]


def test_closed_accounts_count_as_signed_out(hidden_topic):
    closed = PersonFactory(is_active=False)
    assert topic_for(viewer=closed, topic_id=hidden_topic.pk) is None


def test_similar_topics_never_suggest_members_only_ones(hidden_topic, replier, asker):
    hidden_topic.author = asker
    hidden_topic.save()
    answer = post_reply(author=replier, topic=hidden_topic, body="You can, ask your council")
    accept_answer(person=asker, post=answer)

    suggestions_for_visitor = similar_topics(title="voices and budgets", viewer=AnonymousUser())
    suggestions_for_member = similar_topics(title="voices and budgets", viewer=replier)
    assert suggestions_for_visitor == []
    assert suggestions_for_member == [hidden_topic]


def test_deleted_topics_are_hidden_from_everyone(category):
    topic = TopicFactory(category=category, deleted=True)
    assert topic_for(viewer=PersonFactory(), topic_id=topic.pk) is None
    assert list(topics_for(viewer=PersonFactory())) == []
