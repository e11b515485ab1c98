"""Starting a topic: a question or a discussion, with its opening post (number 1)."""

from django.db import transaction
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.rate_limits import check_rate
from community.safety.visibility import Visibility
from community.services.audit import record
from forums.errors import ForumError
from forums.models import Category, Post, Topic
from forums.permissions import can_start_topic
from forums.services.drafts import discard_draft
from forums.services.holding import (
    check_before_writing,
    hold_for_approval,
    note_writing,
    visibility_for,
)
from forums.services.mentions import render_with_mentions
from forums.services.notifying import tell_about_new_post
from forums.services.reading import mark_topic_read
from forums.services.validation import clean_body, clean_title
from forums.services.watching import watch_automatically


def start_topic(
    *,
    author: User,
    category: Category,
    title: str,
    body: str,
    kind: str = Topic.Kind.QUESTION,
    anonymous: bool = False,
    wants_advisor: bool = False,
) -> Topic:
    """The author watches it from now on (and has read it), and their new-topic draft is cleared;
    people watching the category are told after commit. A new account's topic waits for a
    moderator (nobody is told until it is approved). `topic.urgent_help` says whether to show the
    writer the urgent-help panel."""
    if not can_start_topic(author, category):
        raise NotAllowed("Sign in to start a topic.")
    if kind not in Topic.Kind.values:
        raise ForumError("unknown_kind", "Choose a question or a discussion.", field="kind")
    title, body = clean_title(title), clean_body(body)
    if wants_advisor and kind != Topic.Kind.QUESTION:
        raise ForumError(
            "advisor_for_questions",
            "Only questions can ask for an advisor's answer.",
            field="wants_advisor",
        )
    body_html, mentioned = render_with_mentions(body, category=category)
    check_before_writing(author=author, body_html=body_html)
    check_rate("topic", person=author)
    visibility = visibility_for(author)
    now = timezone.now()
    with transaction.atomic():
        topic = Topic.objects.create(
            category=category,
            kind=kind,
            title=title,
            author=author,
            anonymous=anonymous,
            wants_advisor=wants_advisor,
            created=now,
            last_activity=now,
            last_post_number=1,
            visibility=visibility,
        )
        post = Post.objects.create(
            topic=topic,
            number=1,
            author=author,
            body=body,
            body_html=body_html,
            created=now,
            visibility=visibility,
        )
        watch_automatically(person=author, topic=topic)
        mark_topic_read(person=author, topic=topic, up_to=1)
        discard_draft(person=author)
        record(actor=author, action="forums.topic.started", subject=topic, kind=kind)
        if visibility == Visibility.WAITING:
            hold_for_approval(kind="topic", object_id=topic.pk, author=author)
        else:
            tell_about_new_post(post=post, mentioned=mentioned)
        topic.urgent_help = note_writing(
            kind="topic", object_id=topic.pk, author=author, text=f"{title}\n{body}"
        )
    return topic
