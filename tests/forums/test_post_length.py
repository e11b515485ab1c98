"""The post length limit: one number (forums.models.posts.BODY_MAX), checked by
forums.services.validation.clean_body with the code `body_too_long`."""

import pytest

from forums.errors import ForumError
from forums.models import Draft, Post
from forums.models.posts import BODY_MAX
from forums.services import validation
from forums.services.posts import post_reply
from forums.services.topics import start_topic
from tests.forums.fixtures import ask


def test_the_stored_fields_and_the_check_share_one_limit():
    assert BODY_MAX == validation.BODY_MAX == 20000
    assert Post._meta.get_field("body").max_length == BODY_MAX
    assert Draft._meta.get_field("body").max_length == BODY_MAX


def test_a_post_of_exactly_the_limit_is_accepted_and_one_more_is_refused(asker, category):
    topic = ask(asker, category)
    assert len(post_reply(author=asker, topic=topic, body="x" * BODY_MAX).body) == BODY_MAX
    with pytest.raises(ForumError) as refused:
        post_reply(author=asker, topic=topic, body="x" * (BODY_MAX + 1))
    assert (refused.value.code, refused.value.field) == ("body_too_long", "body")


def test_a_new_topic_over_the_limit_is_refused(asker, category):
    with pytest.raises(ForumError) as refused:
        start_topic(author=asker, category=category, title="A very long question", body="x" * 20001)
    assert refused.value.code == "body_too_long"
