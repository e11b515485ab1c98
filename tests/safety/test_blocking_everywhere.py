"""Blocking reaches beyond chat: someone who blocked a person no longer hears from them. Their
replies, mentions, accepted answers and plan comments never reach the blocker, through the real
services and the pages; news from the site itself still does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Notification
from community.notification_filters import (
    muted_recipient_ids,
    register_recipient_filter,
    registered_filters,
)
from community.safety.blocking import blockers_of
from community.safety.services import block_person, unblock_person
from community.services.notifications import notify, notify_many
from community.support.services.plans import comment_on_plan, share_plan, start_plan
from forums.services.answers import accept_answer
from forums.services.posts import edit_post, post_reply
from forums.services.topics import start_topic
from forums.services.watching import watch_category
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text, signed_in

pytestmark = pytest.mark.django_db


def _kinds(person):
    return sorted(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


def _ask(asker, category):
    return start_topic(
        author=asker, category=category, title="Can I pay my sister as my PA?", body="Anyone?"
    )


# ---- The filter itself ----


def test_the_block_filter_is_registered_once_and_names_only_the_blockers():
    sender, blocker, other = PersonFactory(), PersonFactory(), PersonFactory()
    block_person(blocker=blocker, blocked=sender)
    # Apps may be made ready more than once (tests); the filter still runs once per batch.
    register_recipient_filter(blockers_of)

    assert registered_filters().count(blockers_of) == 1
    assert blockers_of(sender.pk, [blocker.pk, other.pk]) == {blocker.pk}
    assert muted_recipient_ids(sender.pk, [blocker.pk, other.pk]) == {blocker.pk}
    # Blocking is one way: the blocker can still reach the person they blocked.
    assert muted_recipient_ids(blocker.pk, [sender.pk]) == set()


def test_a_blocker_does_not_hear_from_the_person_they_blocked_but_others_do():
    sender, blocker, other = PersonFactory(), PersonFactory(), PersonFactory()
    block_person(blocker=blocker, blocked=sender)

    told = notify_many(
        recipients=[blocker, other], kind="forums.reply", message="Hello", sender=sender
    )

    assert [note.recipient_id for note in told] == [other.pk]
    assert _kinds(blocker) == []
    assert notify(recipient=blocker, kind="forums.reply", message="Hi", sender=sender) is None


def test_news_from_the_site_itself_still_reaches_the_blocker():
    sender, blocker = PersonFactory(), PersonFactory()
    block_person(blocker=blocker, blocked=sender)

    notify(recipient=blocker, kind="forums.reply", message="Site news")

    assert _kinds(blocker) == ["forums.reply"]


def test_unblocking_lets_news_through_again():
    sender, blocker = PersonFactory(), PersonFactory()
    block_person(blocker=blocker, blocked=sender)
    unblock_person(blocker=blocker, blocked=sender)

    notify(recipient=blocker, kind="forums.reply", message="Hello again", sender=sender)

    assert _kinds(blocker) == ["forums.reply"]


def test_telling_many_people_costs_the_same_queries_however_many_blocked_the_sender():
    sender = PersonFactory()

    def queries_for(count):
        people = [PersonFactory() for _ in range(count)]
        for person in people[::2]:
            block_person(blocker=person, blocked=sender)
        with CaptureQueriesContext(connection) as queries:
            notify_many(recipients=people, kind="forums.reply", message="Hi", sender=sender)
        return len(queries)

    assert queries_for(2) == queries_for(12)


# ---- Forums ----


def test_a_blocked_persons_reply_does_not_reach_the_blocker(asker, replier, category):
    topic = _ask(asker, category)
    block_person(blocker=asker, blocked=replier)
    follower = PersonFactory()
    watch_category(person=follower, category=category)

    post_reply(author=replier, topic=topic, body="Yes, if the council agrees.")

    assert _kinds(asker) == []
    assert _kinds(follower) == ["forums.reply"]


def test_a_blocked_persons_mention_does_not_reach_the_blocker(asker, replier, category):
    topic = _ask(replier, category)
    mentioned = PersonFactory(display_name="Dan the carer")
    block_person(blocker=mentioned, blocked=asker)

    post_reply(author=asker, topic=topic, body="What do you think, @[Dan the carer]?")

    assert _kinds(mentioned) == []
    assert _kinds(replier) == ["forums.reply"]


def test_a_mention_added_by_editing_does_not_reach_the_blocker(asker, replier, category):
    topic = _ask(replier, category)
    post = post_reply(author=asker, topic=topic, body="I asked my council.")
    PersonFactory(display_name="Pip")
    mentioned_later = PersonFactory(display_name="Lark")
    block_person(blocker=mentioned_later, blocked=asker)

    edit_post(editor=asker, post=post, body="I asked my council. @Lark and @Pip, you too?")

    assert _kinds(mentioned_later) == []
    assert Notification.objects.filter(kind="forums.mention").count() == 1


def test_quoting_someone_who_blocked_you_and_mentioning_them_tells_them_nothing(
    asker, replier, category
):
    topic = _ask(asker, category)
    first = post_reply(author=asker, topic=topic, body="My council said no.")
    block_person(blocker=asker, blocked=replier)

    post_reply(author=replier, topic=topic, body="@Kestrel that is wrong.", quote=first)

    assert _kinds(asker) == []


def test_the_chosen_answers_author_is_not_told_by_someone_they_blocked(asker, replier, category):
    topic = _ask(asker, category)
    reply = post_reply(author=replier, topic=topic, body="Yes, with the council's agreement.")
    block_person(blocker=replier, blocked=asker)

    accept_answer(person=asker, post=reply)

    assert "forums.answer_accepted" not in _kinds(replier)


def test_a_reply_through_the_page_does_not_reach_the_blocker(asker, replier, category):
    topic = _ask(asker, category)
    block_person(blocker=asker, blocked=replier)

    response = signed_in(replier).post(
        reverse("forums_reply", args=[topic.pk]), {"body": "@Kestrel I pay my sister."}
    )

    assert response.status_code == 302
    assert topic.posts.count() == 2
    assert _kinds(asker) == []


# ---- Support plans ----


def test_a_comment_from_someone_blocked_after_sharing_does_not_reach_the_plans_owner():
    owner, reader = PersonFactory(), PersonFactory()
    plan = start_plan(owner=owner, title="My support plan")
    share_plan(owner=owner, plan=plan, person=reader, can_comment=True)
    block_person(blocker=owner, blocked=reader)

    comment_on_plan(person=reader, plan=plan, body="Have you thought about a PA agency?")

    assert "support.plan_comment" not in _kinds(owner)
    assert not Notification.objects.filter(recipient=owner, about_id=plan.pk).exists()


# ---- The profile page ----


def test_a_profile_explains_that_blocking_also_stops_replies_and_mentions(db):
    viewer, other = PersonFactory(), PersonFactory(display_name="Kit")

    text = page_text(signed_in(viewer).get(reverse("person", args=[other.pk])))

    assert "Block Kit" in text
    assert "you are not told when they reply to you or mention you" in text
    assert "They are not told that you blocked them." in text


def test_blocking_from_a_profile_says_so_and_offers_unblock(db):
    viewer, other = PersonFactory(), PersonFactory(display_name="Kit")
    profile = reverse("person", args=[other.pk])
    client = signed_in(viewer)

    response = client.post(reverse("chat_block", args=[other.pk]), {"next": profile}, follow=True)

    text = page_text(response)
    assert response.redirect_chain[-1][0] == profile
    assert "You have blocked Kit" in text and "mention you" in text
    assert "Unblock Kit" in text
