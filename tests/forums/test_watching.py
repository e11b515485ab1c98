"""Watching and muting categories, as people expect from Discourse: watching a category tells you
about every new topic in it and every reply in its topics; muting it silences its topics (unless
you watch one yourself) and leaves them out of your latest list."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Notification
from community.notification_kinds import Delivery, get_kind
from community.services.notifications import set_delivery
from forums.models import Watch
from forums.selectors import topics_for
from forums.services.answers import accept_answer
from forums.services.posts import post_reply
from forums.services.topics import start_topic
from forums.services.watching import watch_category, watch_topic
from tests.factories import PersonFactory
from tests.forums.factories import CategoryFactory

pytestmark = pytest.mark.django_db

TITLE = "My council wants receipts for everything"


def _ask(author, category, **extra):
    return start_topic(author=author, category=category, title=TITLE, body="Is it right?", **extra)


def _told(person):
    return list(
        Notification.objects.filter(recipient=person)
        .order_by("id")
        .values_list("kind", "message", "url")
    )


def test_new_topics_are_a_kind_of_notification_shown_on_the_site_unless_you_choose():
    kind = get_kind("forums.new_topic")
    assert kind.label == "When someone starts a topic in a theme you watch"
    assert kind.default_delivery == Delivery.IN_APP


def test_watching_a_category_tells_you_about_every_new_topic_in_it(asker, category):
    follower = PersonFactory()
    watch_category(person=follower, category=category)

    topic = _ask(asker, category)

    assert _told(follower) == [
        (
            "forums.new_topic",
            f"Kestrel started “{TITLE}” in Employing a PA",
            f"{topic.get_absolute_url()}?page=1#post-1",
        )
    ]
    assert _told(asker) == []


def test_watching_a_category_tells_you_about_replies_in_its_topics(asker, replier, category):
    topic = _ask(asker, category)
    follower = PersonFactory()
    watch_category(person=follower, category=category)

    post_reply(author=replier, topic=topic, body="Mine only asks every quarter.")

    assert [kind for kind, _, _ in _told(follower)] == ["forums.reply"]


def test_new_topics_elsewhere_or_in_unwatched_categories_tell_nobody(asker, category):
    other = CategoryFactory()
    follower = PersonFactory()
    watch_category(person=follower, category=other)
    _ask(asker, category)
    assert _told(follower) == []


def test_a_muted_category_tells_you_nothing_about_its_topics(asker, replier, category):
    quiet = PersonFactory(display_name="Quiet")
    watch_category(person=quiet, category=category, level=Watch.Level.MUTED)

    topic = _ask(asker, category)
    post_reply(author=replier, topic=topic, body="Quarterly for me. @Quiet, yours?")

    assert _told(quiet) == []


def test_watching_a_topic_wins_over_muting_its_category(asker, replier, category):
    topic = _ask(asker, category)
    keen = PersonFactory(display_name="Keen")
    watch_category(person=keen, category=category, level=Watch.Level.MUTED)
    watch_topic(person=keen, topic=topic)

    post_reply(author=replier, topic=topic, body="Quarterly.")
    post_reply(author=replier, topic=topic, body="@Keen what does yours say?")

    assert [kind for kind, _, _ in _told(keen)] == ["forums.reply", "forums.mention"]


def test_muting_a_topic_wins_over_watching_its_category(asker, replier, category):
    topic = _ask(asker, category)
    watch_category(person=asker, category=category)
    watch_topic(person=asker, topic=topic, level=Watch.Level.MUTED)

    post_reply(author=replier, topic=topic, body="Quarterly. @Kestrel?")

    assert _told(asker) == []


def test_muting_a_topic_silences_even_your_reply_being_chosen_as_the_answer(
    asker, replier, category
):
    topic = _ask(asker, category)
    reply = post_reply(author=replier, topic=topic, body="Only for big purchases.")
    watch_topic(person=replier, topic=topic, level=Watch.Level.MUTED)

    accept_answer(person=asker, post=reply)

    assert _told(replier) == []


def test_a_topic_without_a_name_is_announced_as_started_by_a_member(
    asker, category, moderator, django_capture_on_commit_callbacks
):
    follower = PersonFactory(display_name="Follower")
    set_delivery(person=follower, kind="forums.new_topic", delivery=Delivery.EMAIL)
    for person in (follower, moderator):
        watch_category(person=person, category=category)

    with django_capture_on_commit_callbacks(execute=True):
        _ask(asker, category, anonymous=True)

    for person in (follower, moderator):
        [(_, message, _)] = _told(person)
        assert message == f"A member started “{TITLE}” in Employing a PA"
    [email] = [message for message in mail.outbox if message.to == [follower.email]]
    assert "A member started" in email.subject + email.body
    for secret in ("Kestrel", asker.real_name, asker.email):
        assert secret not in email.subject + email.body


def test_members_only_categories_tell_only_people_who_may_see_them(asker, private_category):
    member, closed = PersonFactory(), PersonFactory()
    for person in (member, closed):
        watch_category(person=person, category=private_category)
    closed.is_active = False
    closed.save(update_fields=["is_active"])

    topic = _ask(asker, private_category)
    post_reply(author=PersonFactory(), topic=topic, body="Me too.")

    assert [kind for kind, _, _ in _told(member)] == ["forums.new_topic", "forums.reply"]
    assert _told(closed) == []


def test_a_mentioned_watcher_of_the_category_is_told_once(asker, category):
    pip = PersonFactory(display_name="Pip")
    watch_category(person=pip, category=category)
    start_topic(author=asker, category=category, title=TITLE, body="What do you think, @Pip?")
    assert [kind for kind, _, _ in _told(pip)] == ["forums.mention"]


def _queries_to_tell(watcher_count: int, write) -> int:
    """Queries made by `write(category)` with `watcher_count` people watching the category."""
    category = CategoryFactory()
    for _ in range(watcher_count):
        watch_category(person=PersonFactory(), category=category)
    with CaptureQueriesContext(connection) as queries:
        write(category)
    return len(queries)


def test_telling_the_watchers_of_a_new_topic_takes_the_same_queries_however_many_watch(asker):
    def write(category):
        _ask(asker, category)

    assert _queries_to_tell(1, write) == _queries_to_tell(25, write)
    assert Notification.objects.filter(kind="forums.new_topic").count() == 26


def test_telling_the_watchers_of_a_reply_takes_the_same_queries_however_many_watch(asker):
    def write(category):
        topic = _ask(PersonFactory(), category)
        replier = PersonFactory()
        with CaptureQueriesContext(connection) as replying:
            post_reply(author=replier, topic=topic, body="Quarterly for me.")
        write.counts.append(len(replying))

    write.counts = []
    _queries_to_tell(1, write)
    _queries_to_tell(25, write)
    few, many = write.counts
    assert few == many
    # Everyone watching, and the asker who watches the topic, hear about the reply.
    assert Notification.objects.filter(kind="forums.reply").count() == (1 + 1) + (25 + 1)


def test_muted_categories_are_left_out_of_your_latest_list(asker, category):
    quiet = PersonFactory()
    noisy = CategoryFactory(name="Local groups")
    kept = _ask(asker, category)
    hidden = _ask(asker, noisy)
    watched = _ask(asker, noisy)
    watch_category(person=quiet, category=noisy, level=Watch.Level.MUTED)
    watch_topic(person=quiet, topic=watched)

    latest = set(topics_for(viewer=quiet))
    assert kept in latest and watched in latest
    assert hidden not in latest
    # The category's own list still shows all of it, and nobody else's list changes.
    assert hidden in topics_for(viewer=quiet, category=noisy)
    assert hidden in topics_for(viewer=asker)
    assert hidden in topics_for(viewer=quiet, listing="unanswered")
