"""Who may quote which post: forums.permissions.can_quote, the one rule the reply service, the
reply page and the API all use."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forums.errors import ForumError
from forums.permissions import can_quote
from forums.services.posts import delete_post, post_reply
from tests.factories import PersonFactory
from tests.forums.fixtures import answer, ask


def test_a_post_of_the_same_topic_may_be_quoted_by_anyone_who_may_reply(asker, replier, category):
    topic = ask(asker, category)
    post = answer(replier, topic)
    assert can_quote(asker, post, topic)
    assert can_quote(PersonFactory(), topic.posts.get(number=1), topic)


def test_a_post_of_another_topic_a_removed_post_or_a_visitor_may_not(asker, replier, category):
    topic = ask(asker, category)
    other = ask(asker, category, title="Another question about PAs")
    removed = delete_post(deleted_by=replier, post=answer(replier, topic))
    opening = topic.posts.get(number=1)

    assert not can_quote(replier, other.posts.get(), topic)
    assert not can_quote(asker, removed, topic)
    assert not can_quote(AnonymousUser(), opening, topic)
    assert not can_quote(None, opening, topic)
    assert not can_quote(PersonFactory(is_active=False), opening, topic)


def test_members_only_posts_are_quoted_only_by_members(asker, private_category):
    topic = ask(asker, private_category, title="Feeling low about my assessment")
    assert not can_quote(AnonymousUser(), topic.posts.get(), topic)
    assert can_quote(PersonFactory(), topic.posts.get(), topic)


def test_the_reply_service_refuses_a_removed_post_with_its_code(asker, replier, category):
    topic = ask(asker, category)
    removed = delete_post(deleted_by=replier, post=answer(replier, topic))
    with pytest.raises(ForumError) as refused:
        post_reply(author=asker, topic=topic, body="As you said", quote=removed)
    assert (refused.value.code, refused.value.field) == ("cannot_quote", "quote")
    assert topic.posts.count() == 2
