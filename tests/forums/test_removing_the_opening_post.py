"""Removing a topic's opening post (issue 13 point 9c): with nobody else's reply to keep, the topic
goes too; when others replied, it stays at its address for their sake but leaves every list,
search and suggestion, so a title with nothing under it is never listed."""

import pytest
from django.utils import timezone

from community.safety.erasing import delete_account
from community.safety.visibility import Visibility
from forums.models import Post, Topic
from forums.search import search
from forums.selectors import (
    categories_for,
    post_for,
    posts_for,
    topic_for,
    topics_for,
    visible_topics,
    waiting_for_advisor,
)
from forums.services.answers import accept_answer
from forums.services.posts import delete_post, post_reply
from tests.factories import PersonFactory
from tests.forums.fixtures import answer, ask

pytestmark = pytest.mark.django_db


def _opening(topic) -> Post:
    return Post.objects.select_related("topic").get(topic=topic, number=1)


def test_with_no_replies_removing_the_opening_post_removes_the_topic(asker, replier, category):
    topic = ask(asker, category)
    removed = delete_post(deleted_by=asker, post=_opening(topic))
    assert removed.topic.deleted and not removed.topic.unlisted
    assert topic_for(viewer=replier, topic_id=topic.pk) is None
    assert topic.pk not in {listed.pk for listed in topics_for(viewer=asker)}


def test_the_askers_own_replies_do_not_keep_the_topic(asker, category):
    topic = ask(asker, category)
    answer(asker, topic, "Adding more detail")
    assert delete_post(deleted_by=asker, post=_opening(topic)).topic.deleted


def test_a_reply_others_cannot_see_yet_does_not_keep_the_topic(asker, category):
    topic = ask(asker, category)
    newcomer = PersonFactory(display_name="New Nell", date_joined=timezone.now())
    assert post_reply(author=newcomer, topic=topic, body="Me too").visibility == "waiting"
    assert delete_post(deleted_by=asker, post=_opening(topic)).topic.deleted


def test_after_others_replied_the_topic_is_unlisted_but_stays_at_its_address(
    asker, replier, advisor, category
):
    topic = ask(asker, category, title="Holiday pay for my PA", wants_advisor=True)
    reply = answer(replier, topic, "Holiday pay is 5.6 weeks a year")
    accept_answer(person=asker, post=reply)
    assert {hit.topic.pk for hit in search(viewer=replier, query="holiday pay")} == {topic.pk}
    removed = delete_post(deleted_by=asker, post=_opening(topic))

    assert removed.topic.unlisted and not removed.topic.deleted
    # Off every list...
    for listing in ("latest", "unanswered", "answered", "mine"):
        assert not topics_for(viewer=replier, listing=listing).filter(pk=topic.pk).exists()
        assert not topics_for(viewer=asker, listing=listing).filter(pk=topic.pk).exists()
    assert not topics_for(viewer=None, category=category).filter(pk=topic.pk).exists()
    assert not waiting_for_advisor(viewer=advisor).filter(pk=topic.pk).exists()
    assert search(viewer=replier, query="holiday pay") == []
    # Suggestions while writing a question start from visible_topics too.
    assert not visible_topics(viewer=replier).filter(pk=topic.pk).exists()
    assert categories_for(viewer=None).get(pk=category.pk).topic_count == 0
    # ...but the replies live on at the topic's address.
    shown = topic_for(viewer=replier, topic_id=topic.pk)
    assert shown is not None and shown.unlisted
    assert [post.number for post in posts_for(viewer=replier, topic=shown)] == [1, 2]
    assert post_for(viewer=None, post_id=reply.pk) is not None


def test_a_moderator_removing_the_opening_post_follows_the_same_rule(
    asker, replier, moderator, category
):
    alone = ask(asker, category, title="Nobody answered this")
    answered = ask(asker, category, title="Somebody answered this")
    answer(replier, answered)
    assert delete_post(deleted_by=moderator, post=_opening(alone)).topic.deleted
    assert delete_post(deleted_by=moderator, post=_opening(answered)).topic.unlisted


def test_removing_a_reply_leaves_the_topic_listed(asker, replier, category):
    topic = ask(asker, category)
    reply = answer(replier, topic)
    delete_post(deleted_by=replier, post=reply)
    assert Topic.objects.filter(pk=topic.pk, deleted=False, unlisted=False).exists()
    assert topics_for(viewer=asker).filter(pk=topic.pk).exists()


def test_a_hidden_reply_does_not_keep_the_topic(asker, replier, category):
    topic = ask(asker, category)
    reply = answer(replier, topic)
    Post.objects.filter(pk=reply.pk).update(visibility=Visibility.HIDDEN)
    assert delete_post(deleted_by=asker, post=_opening(topic)).topic.deleted


@pytest.mark.django_db(transaction=True)
def test_deleting_an_account_with_its_posts_unlists_its_topics_others_replied_to(
    asker, replier, category
):
    alone = ask(asker, category, title="Nobody answered this")
    answered = ask(asker, category, title="Somebody answered this")
    answer(replier, answered)
    delete_account(person=asker, remove_posts=True)
    assert Topic.objects.get(pk=alone.pk).deleted
    kept = Topic.objects.get(pk=answered.pk)
    assert kept.unlisted and not kept.deleted
    assert not topics_for(viewer=replier).filter(pk=answered.pk).exists()
