"""A post in the API is built directly, for speed (PostSerializer.to_representation): it must say
exactly what DRF's own field-by-field representation says, for every kind of post and viewer."""

import pytest
from rest_framework import serializers

from api.serializers.forums.posts import PostSerializer
from forums.models import Post
from forums.selectors import posts_for, present_posts
from forums.services.answers import accept_answer
from forums.services.posts import delete_post, edit_post
from forums.services.reactions import mark_helped
from tests.factories import PersonFactory
from tests.forums.fixtures import answer, ask


def _as_drf_says(post) -> dict:
    return serializers.ModelSerializer.to_representation(PostSerializer(), post)


@pytest.fixture
def conversation(asker, replier, advisor, moderator, category):
    topic = ask(asker, category, title="Money worries", anonymous=True)
    helpful = answer(advisor, topic, body="An advisor's answer, with a [link](https://example.org)")
    edited = answer(replier, topic, body="First thoughts")
    edit_post(editor=replier, post=edited, body="Second thoughts")
    removed = answer(replier, topic, body="Taken back")
    delete_post(deleted_by=replier, post=removed)
    waiting = answer(PersonFactory(), topic, body="Waiting for a moderator")
    Post.objects.filter(pk=waiting.pk).update(visibility="waiting")
    answer(asker, topic, body="The asker, replying without their name")
    accept_answer(person=asker, post=helpful)
    mark_helped(person=replier, post=helpful)
    return topic


@pytest.mark.parametrize("who", ["visitor", "asker", "replier", "advisor", "moderator"])
def test_each_post_says_what_drf_would_say(conversation, who, asker, replier, advisor, moderator):
    viewer = {
        "visitor": None,
        "asker": asker,
        "replier": replier,
        "advisor": advisor,
        "moderator": moderator,
    }[who]
    shown = present_posts(
        posts_for(viewer=viewer, topic=conversation), viewer=viewer, topic=conversation
    )
    assert len(shown) >= 5
    for post in shown:
        assert PostSerializer(post).data == _as_drf_says(post)
    # Badges, an edit and a removal are among them; the asker's name is hidden from all but
    # moderators; the replier said the answer helped.
    said = [PostSerializer(post).data for post in shown]
    assert any(data["author"]["badges"] for data in said)
    assert any(data["edited_at"] for data in said) and any(data["is_removed"] for data in said)
    assert any(data["author"]["id"] is None for data in said) == (who != "moderator")
    assert any(data["helped_by_you"] for data in said) == (who == "replier")
