"""A topic posted without a name shows "A member" to everyone except moderators."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forums.selectors import present_topics, topic_for, topic_page, topics_for
from forums.services.posts import post_reply
from forums.services.topics import start_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous_topic(asker, category):
    return start_topic(
        author=asker,
        category=category,
        title="Worried my council will read this",
        body="Can they?",
        anonymous=True,
    )


def test_members_and_visitors_see_a_member_on_the_topic_and_all_the_askers_posts(
    anonymous_topic, asker, replier
):
    post_reply(author=replier, topic=anonymous_topic, body="No, they cannot.")
    post_reply(author=asker, topic=anonymous_topic, body="Thank you")

    for viewer in (replier, AnonymousUser()):
        topic = topic_for(viewer=viewer, topic_id=anonymous_topic.pk)
        posts = topic_page(viewer=viewer, topic=topic).posts
        assert [p.author_name for p in posts] == ["A member", "Marigold", "A member"]
        assert posts[0].shown_author is None and posts[2].shown_author is None
        assert present_topics(topics_for(viewer=viewer), viewer=viewer)[0].author_name == (
            "A member"
        )


def test_moderators_see_who_wrote_it(anonymous_topic, moderator):
    topic = topic_for(viewer=moderator, topic_id=anonymous_topic.pk)
    post = topic_page(viewer=moderator, topic=topic).posts[0]
    assert post.author_name == "Kestrel" and post.shown_author is not None


def test_the_askers_badges_are_hidden_too(category, advisor):
    topic = start_topic(
        author=advisor,
        category=category,
        title="A private question of mine",
        body="?",
        anonymous=True,
    )
    post = topic_page(viewer=None, topic=topic_for(viewer=None, topic_id=topic.pk)).posts[0]
    assert post.badges == [] and post.author_name == "A member"
