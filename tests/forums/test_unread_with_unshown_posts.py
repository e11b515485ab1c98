"""Unread counts, "first unread" and page counts count only the posts the reader can see: a reply
waiting for a moderator, held or hidden is no news to anyone else, and never a place to jump to."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.safety.visibility import Visibility
from forums.models import Post
from forums.selectors import first_unread_post_number, topic_for, topic_page, topics_for
from forums.services.reading import mark_topic_read
from tests.forums.factories import TopicFactory, add_replies

pytestmark = pytest.mark.django_db


def _set(topic, numbers, visibility):
    Post.objects.filter(topic=topic, number__in=numbers).update(visibility=visibility)


def test_lists_count_only_new_replies_the_reader_can_see(category, replier, moderator):
    topic = TopicFactory(category=category)
    add_replies(topic, 2)
    mark_topic_read(person=replier, topic=topic, up_to=3)
    add_replies(topic, 4)  # posts 4 to 7
    _set(topic, [4, 5], Visibility.WAITING)
    _set(topic, [6], Visibility.HIDDEN)

    listed = topics_for(viewer=replier).get(pk=topic.pk)
    assert (listed.unread_count, listed.first_unread_number) == (1, 7)
    assert first_unread_post_number(viewer=replier, topic=listed) == 7
    # Without the list's annotations the selector works it out itself, the same way.
    assert first_unread_post_number(viewer=replier, topic=topic) == 7

    mark_topic_read(person=moderator, topic=topic, up_to=3)
    assert topics_for(viewer=moderator).get(pk=topic.pk).unread_count == 4


def test_a_topic_read_to_its_last_shown_post_has_nothing_new(category, replier):
    topic = TopicFactory(category=category)
    add_replies(topic, 3)
    mark_topic_read(person=replier, topic=topic, up_to=4)
    add_replies(topic, 2)
    _set(topic, [5, 6], Visibility.HELD)

    listed = topics_for(viewer=replier).get(pk=topic.pk)
    assert listed.unread_count == 0
    assert (
        topic_page(viewer=replier, topic=topic_for(viewer=replier, topic_id=topic.pk)).first_unread
        is None
    )


def test_waiting_replies_at_the_end_add_no_empty_page(category, replier, moderator):
    topic = TopicFactory(category=category)
    add_replies(topic, 19)  # 20 posts: one page
    add_replies(topic, 3)
    _set(topic, [21, 22, 23], Visibility.WAITING)

    assert (
        topic_page(viewer=replier, topic=topic_for(viewer=replier, topic_id=topic.pk)).page_count
        == 1
    )
    assert topic_page(viewer=replier, topic=topic).page_count == 1
    as_moderator = topic_page(
        viewer=moderator, topic=topic_for(viewer=moderator, topic_id=topic.pk)
    )
    assert as_moderator.page_count == 2


@pytest.mark.parametrize("topic_count", [2, 12])
def test_the_list_takes_one_query_however_many_topics(category, replier, topic_count):
    for _ in range(topic_count):
        topic = TopicFactory(category=category)
        add_replies(topic, 3)
        _set(topic, [3], Visibility.WAITING)
        mark_topic_read(person=replier, topic=topic, up_to=2)
    with CaptureQueriesContext(connection) as queries:
        listed = list(topics_for(viewer=replier))
    assert len(queries) == 1
    assert [topic.unread_count for topic in listed] == [1] * topic_count
