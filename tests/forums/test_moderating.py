"""Moderating forum things through safety's registry and actions (issue 10, after review): an
opening post is its topic, notifications about taken-away things go with them, a hidden answer
stops answering, and approving an edit again does not announce the post a second time."""

import pytest
from django.utils import timezone

from community.models import Notification
from community.safety.moderation import act_on_case, case_for_thing
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from forums.models import Post, Topic
from forums.search import similar_topics
from forums.selectors import topics_for
from forums.services.answers import accept_answer
from forums.services.posts import edit_post, post_reply
from forums.services.topics import start_topic
from forums.services.watching import watch_category
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return PersonFactory(display_name="New Nell", date_joined=timezone.now())


def _ask(author, category, title="Can I pay my neighbour?", body="They help me most days."):
    return start_topic(author=author, category=category, title=title, body=body)


def _opening(topic) -> Post:
    return Post.objects.get(topic=topic, number=1)


def _act(moderator, kind, object_id, action):
    case = case_for_thing(actor=moderator, kind=kind, object_id=object_id)
    return act_on_case(actor=moderator, case=case, action=action, reason="Selling something.")


def _kinds(person):
    """The forum news this person was told (safety's own messages about outcomes left out)."""
    told = Notification.objects.filter(recipient=person, kind__startswith="forums.")
    return sorted(told.values_list("kind", flat=True))


# ---- The opening post is its topic ----


def test_hiding_the_opening_post_hides_the_whole_topic_title_and_all(
    asker, replier, moderator, category
):
    topic = _ask(asker, category, title="Cheap carers, message me")
    opening = _opening(topic)

    _act(moderator, "post", opening.pk, "hide")

    topic.refresh_from_db()
    assert topic.visibility == Visibility.HIDDEN
    assert topic not in topics_for(viewer=replier)
    assert not reportable_kind("post").can_see(replier, opening.pk)
    assert reportable_kind("post").can_see(asker, opening.pk)
    assert reportable_kind("post").describe([opening.pk])[opening.pk].visibility == "hidden"

    reportable_kind("post").set_visibility(opening.pk, Visibility.SHOWN, moderator)
    topic.refresh_from_db()
    assert topic.visibility == Visibility.SHOWN
    assert _opening(topic).visibility == Visibility.SHOWN
    assert topic in topics_for(viewer=replier)


def test_removing_the_opening_post_as_a_post_removes_its_topic(asker, moderator, category):
    topic = _ask(asker, category)
    reportable_kind("post").remove(_opening(topic).pk, moderator)
    topic.refresh_from_db()
    assert topic.deleted


def test_a_held_topic_holds_its_opening_post_too(asker, category):
    topic = _ask(asker, category)
    reportable_kind("topic").set_visibility(topic.pk, Visibility.HELD, None)
    assert _opening(topic).visibility == Visibility.HELD


# ---- Notifications go with what was taken away ----


def test_hiding_a_topic_forgets_every_notification_about_it_and_its_replies(
    asker, replier, moderator, category, django_capture_on_commit_callbacks
):
    watcher = PersonFactory(display_name="Wren")
    watch_category(person=watcher, category=category)
    with django_capture_on_commit_callbacks(execute=True):
        topic = _ask(asker, category, title="Buy my care plan template")
        reply = post_reply(author=replier, topic=topic, body="Is this allowed?")
    assert _kinds(watcher) == ["forums.new_topic", "forums.reply"]
    assert _kinds(asker) == ["forums.reply"]

    expected = {("forums.topic", topic.pk), ("forums.post", _opening(topic).pk)}
    expected.add(("forums.post", reply.pk))
    assert set(reportable_kind("topic").notification_about(topic.pk)) == expected

    _act(moderator, "topic", topic.pk, "hide")

    assert _kinds(watcher) == []
    assert _kinds(asker) == []


def test_hiding_a_reply_forgets_only_the_notifications_about_that_reply(
    asker, replier, moderator, category
):
    watcher = PersonFactory(display_name="Wren")
    watch_category(person=watcher, category=category)
    topic = _ask(asker, category)
    reply = post_reply(author=replier, topic=topic, body="Message me for cheap care.")
    assert reportable_kind("post").notification_about(reply.pk) == [("forums.post", reply.pk)]

    _act(moderator, "post", reply.pk, "hide")

    assert _kinds(watcher) == ["forums.new_topic"]
    assert _kinds(asker) == []


def test_an_opening_posts_notifications_are_its_topics(asker, category):
    topic = _ask(asker, category)
    opening = _opening(topic)
    assert set(reportable_kind("post").notification_about(opening.pk)) == {
        ("forums.topic", topic.pk),
        ("forums.post", opening.pk),
    }


# ---- A hidden answer answers nothing ----


def test_hiding_the_accepted_answer_leaves_the_question_unanswered(
    asker, replier, moderator, category
):
    topic = _ask(asker, category, title="Paying my PA in cash")
    answer = post_reply(author=replier, topic=topic, body="Call me, I sort it for a fee.")
    accept_answer(person=asker, post=answer)

    _act(moderator, "post", answer.pk, "hide")

    topic.refresh_from_db()
    assert topic.accepted_answer_id is None and not topic.is_answered
    reportable_kind("post").set_visibility(answer.pk, Visibility.SHOWN, moderator)
    topic.refresh_from_db()
    assert not topic.is_answered  # choosing it again is the asker's call


def test_similar_topics_never_suggest_a_hidden_or_waiting_topic(
    asker, replier, moderator, newcomer, category
):
    hidden = _ask(asker, category, title="Paying a PA in cash")
    accept_answer(person=asker, post=post_reply(author=replier, topic=hidden, body="Use payroll"))
    reportable_kind("topic").set_visibility(hidden.pk, Visibility.HIDDEN, moderator)
    waiting = _ask(newcomer, category, title="Paying a PA weekly")
    accept_answer(person=newcomer, post=post_reply(author=moderator, topic=waiting, body="Yes"))
    assert Topic.objects.get(pk=waiting.pk).is_answered

    for viewer in (moderator, asker, newcomer):
        assert similar_topics(title="Paying my PA", viewer=viewer) == []


# ---- Approving an edit again ----


def test_approving_an_edited_reply_again_tells_only_people_newly_mentioned(
    asker, newcomer, moderator, category
):
    topic = _ask(asker, category)
    dan, eve = PersonFactory(display_name="Dan"), PersonFactory(display_name="Eve")
    reply = post_reply(author=newcomer, topic=topic, body="Ask @Dan about it.")
    _act(moderator, "post", reply.pk, "approve")
    assert _kinds(asker) == ["forums.reply"]
    assert _kinds(dan) == ["forums.mention"]
    topic.refresh_from_db()
    activity = topic.last_activity

    edit_post(editor=newcomer, post=Post.objects.get(pk=reply.pk), body="Ask @Dan or @Eve.")
    edited = Post.objects.get(pk=reply.pk)
    assert edited.visibility == Visibility.WAITING
    # A second edit while it waits: the version others saw is still the first.
    edit_post(editor=newcomer, post=edited, body="Ask @Dan or @Eve, they know.")
    _act(moderator, "post", reply.pk, "approve")

    assert _kinds(asker) == ["forums.reply"]
    assert _kinds(dan) == ["forums.mention"]
    assert _kinds(eve) == ["forums.mention"]
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert topic.last_activity == activity  # an edit is not new activity
    assert Post.objects.get(pk=reply.pk).shown_revision is None


def test_approving_an_edited_topic_again_does_not_announce_it_twice(newcomer, moderator, category):
    watcher = PersonFactory(display_name="Wren")
    watch_category(person=watcher, category=category)
    topic = _ask(newcomer, category)
    _act(moderator, "topic", topic.pk, "approve")
    assert _kinds(watcher) == ["forums.new_topic"]

    edit_post(editor=newcomer, post=_opening(topic), body="Changed my mind about this.")
    topic.refresh_from_db()
    assert topic.visibility == Visibility.WAITING
    _act(moderator, "topic", topic.pk, "approve")

    assert _kinds(watcher) == ["forums.new_topic"]
