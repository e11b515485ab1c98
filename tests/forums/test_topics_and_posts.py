import pytest
from django.db import IntegrityError

from community.errors import NotAllowed
from community.models import AuditLogEntry
from forums.errors import ForumError
from forums.models import Post, PostRevision, Topic, Watch
from forums.selectors import post_history, topic_page
from forums.services.posts import delete_post, edit_post, post_reply
from forums.services.topics import start_topic
from tests.factories import PersonFactory
from tests.forums.factories import TopicFactory, add_replies

pytestmark = pytest.mark.django_db


def _ask(author, category, **extra):
    return start_topic(
        author=author,
        category=category,
        title="Can I pay my daughter as my PA?",
        body="My council says **no**. <script>alert(1)</script>",
        **extra,
    )


def test_starting_a_topic_makes_the_opening_post_rendered_once_and_safe(asker, category):
    topic = _ask(asker, category)

    post = topic.posts.get()
    assert post.number == 1 and topic.last_post_number == 1 and topic.reply_count == 0
    assert "<strong>no</strong>" in post.body_html
    assert "<script" not in post.body_html
    assert topic.get_absolute_url() == f"/forums/t/{topic.pk}/can-i-pay-my-daughter-as-my-pa/"
    assert AuditLogEntry.objects.filter(action="forums.topic.started", subject_id=topic.pk).exists()


def test_signed_out_visitors_cannot_start_topics(category):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        _ask(AnonymousUser(), category)


def test_a_short_title_or_empty_body_is_refused_with_the_field_named(asker, category):
    with pytest.raises(ForumError) as short:
        start_topic(author=asker, category=category, title="PA?", body="Help")
    with pytest.raises(ForumError) as empty:
        start_topic(author=asker, category=category, title="Paying my daughter", body="  ")
    assert (short.value.field, empty.value.field) == ("title", "body")
    assert not Topic.objects.exists()


def test_only_questions_can_ask_for_an_advisor(asker, category):
    with pytest.raises(ForumError) as error:
        _ask(asker, category, kind=Topic.Kind.DISCUSSION, wants_advisor=True)
    assert error.value.code == "advisor_for_questions"


def test_replies_are_numbered_in_order_and_update_the_topic(asker, replier, category):
    topic = _ask(asker, category)
    first = post_reply(author=replier, topic=topic, body="Yes, if the council agrees.")
    second = post_reply(author=asker, topic=topic, body="Thank you!")

    topic.refresh_from_db()
    assert (first.number, second.number) == (2, 3)
    assert (topic.last_post_number, topic.reply_count) == (3, 2)
    assert topic.last_activity == second.created


def test_authors_and_repliers_watch_the_topic_but_a_mute_stays_a_mute(asker, replier, category):
    topic = _ask(asker, category)
    Watch.objects.create(person=replier, topic=topic, level=Watch.Level.MUTED)
    post_reply(author=replier, topic=topic, body="Muted but replying")

    levels = dict(Watch.objects.filter(topic=topic).values_list("person_id", "level"))
    assert levels == {asker.pk: "watching", replier.pk: "muted"}


def test_quoting_a_post_adds_an_attributed_blockquote(asker, replier, category):
    topic = _ask(asker, category)
    quoted = post_reply(author=replier, topic=topic, body="Ask for it in writing.")

    reply = post_reply(author=asker, topic=topic, body="Good idea.", quote=quoted)

    assert reply.body.startswith("> **Marigold** [wrote](")
    assert "> Ask for it in writing." in reply.body
    assert "<blockquote>" in reply.body_html and "Good idea." in reply.body_html


def test_quoting_an_anonymous_askers_post_does_not_name_them(asker, replier, category):
    topic = _ask(asker, category, anonymous=True)

    reply = post_reply(author=replier, topic=topic, body="Same here", quote=topic.posts.get())

    assert "> **A member** [wrote]" in reply.body
    assert "Kestrel" not in reply.body


def test_a_post_from_another_topic_cannot_be_quoted(asker, replier, category):
    topic, other = _ask(asker, category), TopicFactory(category=category)
    with pytest.raises(ForumError) as error:
        post_reply(author=replier, topic=topic, body="Hi", quote=other.posts.get())
    assert error.value.code == "cannot_quote"


def test_editing_keeps_every_version_and_marks_the_post_edited(asker, category):
    topic = _ask(asker, category)
    post = topic.posts.get()

    edit_post(editor=asker, post=post, body="Version two")
    edit_post(editor=asker, post=post, body="Version three", title="Paying my daughter as a PA")

    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.is_edited and post.body == "Version three"
    assert [r.body[:11] for r in post_history(viewer=asker, post=post)] == [
        "My council ",
        "Version two",
        "Version thr",
    ]
    assert topic.title == "Paying my daughter as a PA"


def test_only_the_author_or_a_moderator_may_edit_or_see_history(
    asker, replier, moderator, category
):
    post = _ask(asker, category).posts.get()

    with pytest.raises(NotAllowed):
        edit_post(editor=replier, post=post, body="Vandalised")
    edit_post(editor=moderator, post=post, body="Tidied by a moderator")
    with pytest.raises(NotAllowed):
        post_history(viewer=replier, post=post)
    assert post_history(viewer=moderator, post=post).count() == 2
    assert PostRevision.objects.filter(post=post, editor=moderator).exists()


def test_removing_a_post_is_soft_and_shows_it_was_removed(asker, replier, category):
    topic = _ask(asker, category)
    reply = post_reply(author=replier, topic=topic, body="Oops, wrong topic")

    delete_post(deleted_by=replier, post=reply)

    page = topic_page(viewer=asker, topic=Topic.objects.get(pk=topic.pk))
    shown = page.posts[1]
    assert Post.objects.filter(pk=reply.pk).exists()
    assert shown.is_removed and shown.body_html == "<p>This post was removed.</p>"
    assert page.topic.reply_count == 0
    with pytest.raises(NotAllowed):
        delete_post(deleted_by=replier, post=Post.objects.get(pk=reply.pk))


def test_others_cannot_remove_a_post_but_moderators_can(asker, replier, moderator, category):
    post = _ask(asker, category).posts.get()
    with pytest.raises(NotAllowed):
        delete_post(deleted_by=replier, post=post)
    delete_post(deleted_by=moderator, post=post)
    assert AuditLogEntry.objects.filter(action="forums.post.removed", actor=moderator).exists()


def test_post_numbers_are_unique_within_a_topic(category):
    topic = TopicFactory(category=category)
    with pytest.raises(IntegrityError):
        Post.objects.create(topic=topic, number=1, author=PersonFactory(), body="x", body_html="x")


def test_a_permalink_points_at_the_page_holding_the_post(category):
    topic = TopicFactory(category=category)
    posts = add_replies(topic, 45)

    assert posts[0].get_absolute_url() == f"/forums/t/{topic.pk}/{topic.slug}/?page=1#post-2"
    assert posts[-1].number == 46
    assert posts[-1].get_absolute_url().endswith("?page=3#post-46")


def test_a_permalink_on_the_first_page_still_names_the_page(category):
    # Without ?page=1 the topic opens at the reader's first unread post, not the linked one.
    topic = TopicFactory(category=category)
    add_replies(topic, 3)

    assert topic.posts.get(number=1).get_absolute_url().endswith("/?page=1#post-1")
    assert topic.post_url(20).endswith("?page=1#post-20")
    assert topic.post_url(21).endswith("?page=2#post-21")
