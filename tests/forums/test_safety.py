"""Safety in the forums (issue 10): new members' writing waits for a moderator, reported or hidden
things leave the lists, locked topics take no replies, and the moderation registry's "post" and
"topic" kinds approve, hide, remove, lock and move."""

import pytest
from django.utils import timezone

from community.errors import CommunityError
from community.models import Notification
from community.safety.models import Case
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from forums.errors import ForumError
from forums.models import Post, Topic
from forums.selectors import posts_for, topic_for, topics_for
from forums.services.posts import delete_post, edit_post, post_reply
from forums.services.topics import start_topic
from forums.services.watching import watch_category
from tests.factories import PersonFactory
from tests.forums.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return PersonFactory(display_name="New Nell", date_joined=timezone.now())


def _ask(author, category, title="Can I pay my neighbour?", body="They help me most days."):
    return start_topic(author=author, category=category, title=title, body=body)


def _kinds(person):
    return sorted(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


# ---- Waiting for a moderator ----


def test_a_new_members_topic_waits_and_only_they_and_moderators_see_it(
    newcomer, replier, moderator, category
):
    topic = _ask(newcomer, category)

    assert topic.visibility == Visibility.WAITING
    assert Post.objects.get(topic=topic, number=1).visibility == Visibility.WAITING
    case = Case.objects.get(kind="topic", object_id=topic.pk)
    assert case.waiting_approval
    assert topic_for(viewer=replier, topic_id=topic.pk) is None
    assert topic_for(viewer=None, topic_id=topic.pk) is None
    assert topic_for(viewer=newcomer, topic_id=topic.pk) is not None
    assert topic_for(viewer=moderator, topic_id=topic.pk) is not None
    assert topic not in topics_for(viewer=replier)
    assert topic in topics_for(viewer=newcomer)


def test_an_established_members_topic_is_shown_at_once(asker, category):
    topic = _ask(asker, category)
    assert topic.visibility == Visibility.SHOWN
    assert not Case.objects.filter(kind="topic", object_id=topic.pk).exists()


def test_a_waiting_topic_tells_no_watchers_until_approved(newcomer, replier, moderator, category):
    watch_category(person=replier, category=category)
    topic = _ask(newcomer, category)
    assert _kinds(replier) == []

    reportable_kind("topic").set_visibility(topic.pk, Visibility.SHOWN, moderator)

    topic.refresh_from_db()
    assert topic.visibility == Visibility.SHOWN
    assert Post.objects.get(topic=topic, number=1).visibility == Visibility.SHOWN
    assert _kinds(replier) == ["forums.new_topic"]
    assert topic in topics_for(viewer=replier)


def test_a_waiting_reply_is_not_counted_or_told_until_approved(
    asker, newcomer, moderator, category
):
    topic = _ask(asker, category)
    helper = PersonFactory(display_name="Dan")
    post = post_reply(author=newcomer, topic=topic, body="Ask @Dan, he knows.")

    topic.refresh_from_db()
    assert post.visibility == Visibility.WAITING
    assert topic.reply_count == 0
    assert _kinds(asker) == [] and _kinds(helper) == []
    assert post not in posts_for(viewer=asker, topic=topic)
    assert post in posts_for(viewer=newcomer, topic=topic)
    assert post in posts_for(viewer=moderator, topic=topic)

    reportable_kind("post").set_visibility(post.pk, Visibility.SHOWN, moderator)

    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert _kinds(asker) == ["forums.reply"]
    assert _kinds(helper) == ["forums.mention"]
    assert post in posts_for(viewer=asker, topic=topic)


def test_a_new_member_editing_a_shown_reply_sends_it_back_to_wait(
    asker, newcomer, moderator, category
):
    topic = _ask(asker, category)
    post = post_reply(author=newcomer, topic=topic, body="First words.")
    reportable_kind("post").set_visibility(post.pk, Visibility.SHOWN, moderator)

    edit_post(editor=newcomer, post=Post.objects.get(pk=post.pk), body="Something else.")

    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.visibility == Visibility.WAITING
    assert topic.reply_count == 0


def test_new_members_may_add_only_a_few_links(newcomer, category):
    body = "See [one](https://a.example), [two](https://b.example), [three](https://c.example)"
    with pytest.raises(CommunityError) as refused:
        _ask(newcomer, category, body=body)
    assert refused.value.code == "too_many_links"
    assert not Topic.objects.exists()


# ---- Hidden and held things leave every list ----


def test_a_hidden_topic_leaves_the_lists_but_its_author_still_sees_it_marked(
    asker, replier, moderator, category
):
    topic = _ask(asker, category, title="Cheap PA agency, message me")
    reportable_kind("topic").set_visibility(topic.pk, Visibility.HIDDEN, moderator)

    assert topic not in topics_for(viewer=replier)
    assert topic not in topics_for(viewer=None)
    assert topic_for(viewer=replier, topic_id=topic.pk) is None
    assert topic_for(viewer=asker, topic_id=topic.pk).visibility == Visibility.HIDDEN
    assert topic_for(viewer=moderator, topic_id=topic.pk) is not None


def test_hiding_a_reply_takes_it_out_of_the_count_and_restoring_puts_it_back(
    asker, replier, moderator, category
):
    topic = _ask(asker, category)
    post = post_reply(author=replier, topic=topic, body="Spam spam.")
    kind = reportable_kind("post")

    kind.set_visibility(post.pk, Visibility.HELD, None)
    topic.refresh_from_db()
    assert topic.reply_count == 0
    assert post not in posts_for(viewer=asker, topic=topic)

    kind.set_visibility(post.pk, Visibility.SHOWN, moderator)
    topic.refresh_from_db()
    assert topic.reply_count == 1


def test_removing_a_waiting_reply_leaves_the_count_alone(asker, newcomer, category):
    topic = _ask(asker, category)
    post = post_reply(author=newcomer, topic=topic, body="Hello.")
    delete_post(deleted_by=newcomer, post=post)
    topic.refresh_from_db()
    assert topic.reply_count == 0


# ---- The registry ----


def test_posts_and_topics_are_described_in_a_fixed_number_of_queries(
    asker, replier, category, django_assert_num_queries
):
    topics = [_ask(asker, category, title=f"Question {n}") for n in range(3)]
    posts = [post_reply(author=replier, topic=topic, body="**Yes** you can.") for topic in topics]

    with django_assert_num_queries(1):
        described = reportable_kind("post").describe([post.pk for post in posts])
    with django_assert_num_queries(1):
        about_topics = reportable_kind("topic").describe([topic.pk for topic in topics])

    first = described[posts[0].pk]
    assert first.label == "Reply in “Question 0”"
    assert first.excerpt == "Yes you can."
    assert first.author_id == replier.pk and first.organisation_id is None
    assert first.url == posts[0].get_absolute_url()
    assert about_topics[topics[1].pk].label == "Topic “Question 1”"
    assert about_topics[topics[1].pk].excerpt == "They help me most days."


def test_can_see_follows_the_forum_rules(asker, replier, private_category):
    topic = _ask(asker, private_category)
    assert reportable_kind("topic").can_see(replier, topic.pk)
    assert not reportable_kind("topic").can_see(None, topic.pk)


def test_removing_a_topic_marks_it_deleted(asker, moderator, category):
    topic = _ask(asker, category)
    reportable_kind("topic").remove(topic.pk, moderator)
    topic.refresh_from_db()
    assert topic.deleted


def test_remove_all_by_removes_every_post_and_topic_of_a_person(
    asker, replier, moderator, category, django_assert_max_num_queries
):
    spammer = PersonFactory()
    own = [_ask(spammer, category, title=f"Buy now {n}") for n in range(2)]
    elsewhere = _ask(asker, category)
    for _ in range(3):
        post_reply(author=spammer, topic=elsewhere, body="Buy now")
    post_reply(author=replier, topic=elsewhere, body="A real reply")

    with django_assert_max_num_queries(8):
        removed_posts = reportable_kind("post").remove_all_by(spammer, moderator)
    removed_topics = reportable_kind("topic").remove_all_by(spammer, moderator)

    assert removed_posts == 5 and removed_topics == 2
    assert not Post.objects.filter(author=spammer, deleted_at__isnull=True).exists()
    assert all(Topic.objects.get(pk=topic.pk).deleted for topic in own)
    elsewhere.refresh_from_db()
    assert elsewhere.reply_count == 1


# ---- Locking and moving ----


def test_a_locked_topic_refuses_replies_except_from_moderators(asker, replier, moderator, category):
    topic = _ask(asker, category)
    reportable_kind("topic").actions["lock"](topic.pk, moderator)
    topic.refresh_from_db()

    with pytest.raises(ForumError) as refused:
        post_reply(author=replier, topic=topic, body="Me too")
    assert refused.value.code == "topic_locked"
    assert refused.value.message == "This topic is closed to new replies."
    assert post_reply(author=moderator, topic=topic, body="Closing this now.").number == 2

    reportable_kind("topic").actions["unlock"](topic.pk, moderator)
    topic.refresh_from_db()
    assert post_reply(author=replier, topic=topic, body="Thanks").number == 3


def test_moving_a_topic_needs_a_category_that_exists(asker, moderator, category):
    topic = _ask(asker, category)
    elsewhere = CategoryFactory(name="Employing a PA")
    move = reportable_kind("topic").actions["move"]

    with pytest.raises(ForumError) as refused:
        move(topic.pk, moderator, category_id=999999)
    assert refused.value.code == "no_such_category"

    move(topic.pk, moderator, category_id=elsewhere.pk)
    topic.refresh_from_db()
    assert topic.category == elsewhere


# ---- Urgent help ----


def test_writing_that_suggests_risk_asks_for_urgent_help_and_is_still_posted(
    asker, replier, category
):
    topic = _ask(asker, category, body="Some days I want to end it all.")
    assert topic.urgent_help is True
    assert topic.visibility == Visibility.SHOWN
    assert Case.objects.get(kind="topic", object_id=topic.pk).urgent

    calm = post_reply(author=replier, topic=topic, body="I hear you. Please call someone.")
    assert calm.urgent_help is False
