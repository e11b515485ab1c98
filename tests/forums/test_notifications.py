"""Who is told about replies, mentions and answers, and that it never gives away a hidden name."""

import pytest
from django.core import mail

from community.models import Notification
from community.notification_kinds import Delivery
from community.services.notifications import set_delivery
from forums.models import Watch
from forums.services.answers import accept_answer
from forums.services.posts import edit_post, post_reply
from forums.services.topics import start_topic
from forums.services.watching import watch_category, watch_topic
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _ask(asker, category, **extra):
    return start_topic(
        author=asker,
        category=category,
        title="My council wants receipts for everything",
        body="Is that right?",
        **extra,
    )


def _kinds(person):
    return sorted(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


def test_watchers_hear_about_replies_but_not_the_replier(asker, replier, category):
    topic = _ask(asker, category)
    post_reply(author=replier, topic=topic, body="Mine only asks every quarter.")

    assert _kinds(asker) == ["forums.reply"]
    assert _kinds(replier) == []
    note = Notification.objects.get(recipient=asker)
    assert note.message == "Marigold replied in “My council wants receipts for everything”"
    assert note.url.endswith("#post-2")


def test_people_who_muted_a_topic_hear_nothing_even_through_a_watched_category(
    asker, replier, category
):
    topic = _ask(asker, category)
    follower = PersonFactory()
    watch_category(person=follower, category=category)
    watch_topic(person=asker, topic=topic, level=Watch.Level.MUTED)
    post_reply(author=replier, topic=topic, body="Quarterly for me.")

    assert _kinds(asker) == []
    assert _kinds(follower) == ["forums.reply"]


def test_a_mentioned_person_is_told_once(asker, replier, category):
    topic = _ask(asker, category)
    helper = PersonFactory(display_name="Dan the carer")
    post_reply(author=replier, topic=topic, body="@Kestrel see what @[Dan the carer] says")

    assert _kinds(asker) == ["forums.mention"]
    assert _kinds(helper) == ["forums.mention"]


def test_mentions_of_unknown_names_do_nothing(asker, category):
    _ask(asker, category)
    before = Notification.objects.count()
    topic = _ask(PersonFactory(), category)
    post_reply(author=asker, topic=topic, body="Thanks @Nobody and @[No Such Person]!")
    assert Notification.objects.count() == before + 1  # only the topic's author, as a watcher


def test_mentions_do_not_reach_people_who_cannot_see_the_post(asker, private_category):
    closed = PersonFactory(display_name="Gone", is_active=False)
    topic = _ask(asker, private_category)
    post_reply(author=PersonFactory(), topic=topic, body="Ask @Gone about it")
    assert _kinds(closed) == []


def test_mentions_in_quotes_and_code_are_not_mentions(asker, replier, category):
    topic = _ask(asker, category)
    mentioned = PersonFactory(display_name="Pip")
    post_reply(author=replier, topic=topic, body="> @Pip said this\n\nand `@Pip` in code")
    assert _kinds(mentioned) == []


def test_an_edit_tells_only_newly_mentioned_people(asker, replier, category):
    topic = _ask(asker, category)
    pip, lark = PersonFactory(display_name="Pip"), PersonFactory(display_name="Lark")
    post = post_reply(author=replier, topic=topic, body="Hello @Pip")
    edit_post(editor=replier, post=post, body="Hello @Pip and @Lark")
    assert _kinds(pip) == ["forums.mention"]
    assert _kinds(lark) == ["forums.mention"]


def test_anonymous_askers_are_never_named_in_notifications(asker, replier, category):
    topic = _ask(asker, category, anonymous=True)
    post_reply(author=replier, topic=topic, body="Which council?")
    post_reply(author=asker, topic=topic, body="Leeds. @Marigold do you know?")

    note = Notification.objects.get(recipient=replier)
    assert note.kind == "forums.mention"
    assert note.message.startswith("A member mentioned you")
    assert "Kestrel" not in note.message


def test_anonymous_askers_are_never_named_in_mention_emails(
    asker, replier, category, django_capture_on_commit_callbacks
):
    topic = _ask(asker, category, anonymous=True)
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(author=asker, topic=topic, body="@Marigold can you help?")

    assert [m.to for m in mail.outbox] == [[replier.email]]
    message = mail.outbox[0]
    assert "A member mentioned you" in message.subject + message.body
    for secret in ("Kestrel", asker.real_name, asker.email):
        assert secret not in message.subject + message.body


def test_your_reply_chosen_as_the_answer_is_notified(asker, replier, category):
    topic = _ask(asker, category)
    answer = post_reply(author=replier, topic=topic, body="Only for big purchases.")
    accept_answer(person=asker, post=answer)
    assert "forums.answer_accepted" in _kinds(replier)


def test_ten_replies_make_one_email(asker, category, django_capture_on_commit_callbacks):
    topic = _ask(asker, category)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(10):
            post_reply(author=PersonFactory(), topic=topic, body=f"Reply {number}")

    to_asker = [m for m in mail.outbox if m.to == [asker.email]]
    assert len(to_asker) == 1
    assert to_asker[0].subject == "Alongside: 10 new notifications"


def test_people_who_chose_in_app_only_get_no_email(
    asker, replier, category, django_capture_on_commit_callbacks
):
    set_delivery(person=asker, kind="forums.reply", delivery=Delivery.IN_APP)
    topic = _ask(asker, category)
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(author=replier, topic=topic, body="Hello")
    assert mail.outbox == []
    assert _kinds(asker) == ["forums.reply"]
