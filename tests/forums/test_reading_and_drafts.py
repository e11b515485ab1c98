"""Unread tracking (lists show new replies, the topic opens at the first unread post) and drafts."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from community.errors import NotAllowed
from forums.models import Draft, Topic
from forums.selectors import draft_for, topic_for, topic_page, topics_for
from forums.services.drafts import discard_draft, save_draft
from forums.services.posts import post_reply
from forums.services.reading import mark_topic_read
from forums.services.topics import start_topic
from tests.forums.factories import TopicFactory, add_replies

pytestmark = pytest.mark.django_db


def test_lists_count_new_replies_since_you_last_read(category, replier):
    topic = TopicFactory(category=category)
    add_replies(topic, 5)
    mark_topic_read(person=replier, topic=topic, up_to=4)
    add_replies(topic, 3)

    listed = topics_for(viewer=replier).get(pk=topic.pk)
    assert (listed.last_read_number, listed.unread_count) == (4, 5)
    assert topics_for(viewer=AnonymousUser()).get(pk=topic.pk).unread_count == 0


def test_a_topic_opens_at_the_page_of_the_first_unread_post(category, replier):
    topic = TopicFactory(category=category)
    add_replies(topic, 44)  # 45 posts: three pages of 20
    mark_topic_read(person=replier, topic=topic, up_to=25)

    page = topic_page(viewer=replier, topic=topic_for(viewer=replier, topic_id=topic.pk))
    assert (page.first_unread, page.number, page.page_count) == (26, 2, 3)
    assert [post.number for post in page.posts] == list(range(21, 41))


def test_reading_never_goes_backwards_and_never_past_the_end(category, replier):
    topic = TopicFactory(category=category)
    add_replies(topic, 9)
    mark_topic_read(person=replier, topic=topic, up_to=8)
    state = mark_topic_read(person=replier, topic=topic, up_to=3)
    assert state.last_read_post_number == 8
    assert mark_topic_read(person=replier, topic=topic, up_to=99).last_read_post_number == 10
    assert topic_page(viewer=replier, topic=topic).first_unread is None


def test_signed_out_visitors_have_no_read_state(category):
    topic = TopicFactory(category=category)
    assert mark_topic_read(person=AnonymousUser(), topic=topic) is None


def test_the_mine_list_holds_topics_you_started_or_replied_to(category, asker, replier):
    started = TopicFactory(category=category, author=asker)
    joined = TopicFactory(category=category)
    TopicFactory(category=category)
    post_reply(author=asker, topic=joined, body="Me too")
    assert set(topics_for(viewer=asker, listing="mine")) == {started, joined}
    assert list(topics_for(viewer=AnonymousUser(), listing="mine")) == []


def test_answered_and_unanswered_lists(category, asker, replier):
    from forums.services.answers import accept_answer

    answered = TopicFactory(category=category, author=asker)
    open_question = TopicFactory(category=category)
    discussion = TopicFactory(category=category, kind=Topic.Kind.DISCUSSION)
    accept_answer(person=asker, post=post_reply(author=replier, topic=answered, body="Yes"))
    assert list(topics_for(viewer=replier, listing="answered")) == [answered]
    assert list(topics_for(viewer=replier, listing="unanswered")) == [open_question]
    assert discussion in topics_for(viewer=replier, listing="latest")


def test_a_draft_is_kept_and_replaced_until_the_post_is_submitted(category, asker):
    save_draft(person=asker, category=category, title="Paying my", body="half writ")
    save_draft(person=asker, category=category, title="Paying my daughter", body="half written")
    draft = draft_for(person=asker)
    assert (draft.title, draft.body, Draft.objects.count()) == (
        "Paying my daughter",
        "half written",
        1,
    )

    start_topic(author=asker, category=category, title="Paying my daughter", body="Done")
    assert draft_for(person=asker) is None


def test_a_reply_draft_belongs_to_its_topic_and_posting_clears_it(category, asker, replier):
    topic, other = TopicFactory(category=category), TopicFactory(category=category)
    save_draft(person=replier, topic=topic, body="I would say")
    save_draft(person=replier, topic=other, body="Elsewhere")

    post_reply(author=replier, topic=topic, body="I would say yes")
    assert draft_for(person=replier, topic=topic) is None
    assert draft_for(person=replier, topic=other).body == "Elsewhere"
    discard_draft(person=replier, topic=other)
    assert not Draft.objects.exists()


def test_drafts_need_a_signed_in_person_who_can_see_the_topic(private_category):
    topic = TopicFactory(category=private_category)
    with pytest.raises(NotAllowed):
        save_draft(person=AnonymousUser(), topic=topic, body="x")


def test_a_reply_draft_without_a_topic_is_refused_by_the_database(asker):
    with pytest.raises(IntegrityError):
        Draft.objects.create(person=asker, kind=Draft.Kind.REPLY, body="x")


def test_your_own_reply_is_never_unread_to_you(category, asker, replier):
    topic = TopicFactory(category=category, author=asker)
    add_replies(topic, 30)
    mark_topic_read(person=replier, topic=topic, up_to=5)

    reply = post_reply(author=replier, topic=topic, body="Mine asks every quarter.")

    listed = topics_for(viewer=replier).get(pk=topic.pk)
    assert (listed.last_read_number, listed.unread_count) == (reply.number, 0)
    assert topic_page(viewer=replier, topic=listed).first_unread is None
    # Others still have it to read.
    assert topics_for(viewer=asker).get(pk=topic.pk).last_read_number is None


def test_your_own_question_is_never_unread_to_you(category, asker, replier):
    topic = start_topic(
        author=asker, category=category, title="Receipts for everything?", body="Is it right?"
    )
    post_reply(author=replier, topic=topic, body="Only for big things.")

    listed = topics_for(viewer=asker).get(pk=topic.pk)
    assert (listed.last_read_number, listed.unread_count) == (1, 1)
    assert topic_page(viewer=asker, topic=listed).first_unread == 2
