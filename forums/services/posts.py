"""Replying (with an optional quote), editing with kept revisions, and removing posts."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.permissions import is_moderator
from community.rate_limits import check_rate
from community.safety.visibility import Visibility
from community.services.audit import record
from forums.errors import ForumError, TopicLocked
from forums.freshness import topic_changed
from forums.models import Post, PostRevision, Topic
from forums.permissions import (
    can_delete_post,
    can_edit_post,
    can_quote,
    can_reply,
    can_view_topic,
    is_closed_to,
)
from forums.selectors.authors import public_name
from forums.services.drafts import discard_draft
from forums.services.holding import (
    check_before_writing,
    hold_for_approval,
    note_writing,
    visibility_after_edit,
    visibility_for,
)
from forums.services.mentions import render_with_mentions
from forums.services.notifying import tell_about_new_mentions, tell_about_new_post
from forums.services.reading import mark_topic_read
from forums.services.validation import clean_body, clean_title
from forums.services.watching import watch_automatically


def quote_markdown(post: Post) -> str:
    """A Markdown blockquote of a post, attributed by its public name ("A member" when the topic
    was posted without a name), linking back to it."""
    name = public_name(topic=post.topic, author=post.author)
    lines = [f"> **{name}** [wrote]({post.get_absolute_url()}):", ">"]
    lines += [f"> {line}" if line else ">" for line in post.body.splitlines()]
    return "\n".join(lines)


def cannot_quote() -> ForumError:
    """The answer to quoting a post that is not there to quote (another topic's, a removed one,
    one the writer cannot see, or none with that number): the same words whichever, so the
    answer tells nobody which posts exist."""
    return ForumError("cannot_quote", "That post cannot be quoted here.", field="quote")


def post_reply(*, author: User, topic: Topic, body: str, quote: Post | None = None) -> Post:
    """Adds the next numbered post; the replier watches the topic and has read it up to their
    reply; watchers and mentioned people are told after commit; the person's reply draft for this
    topic is cleared. A new account's reply waits for a moderator: nobody is told, and it is not
    counted in the topic's replies, until it is approved. `post.urgent_help` says whether to show
    the writer the urgent-help panel."""
    if not can_reply(author, topic):
        if is_closed_to(author, topic) and can_view_topic(author, topic):
            raise TopicLocked()
        raise NotAllowed("Sign in to reply.")
    body = clean_body(body)
    if quote is not None:
        if not can_quote(author, quote, topic):
            raise cannot_quote()
        quote.topic = topic
        body = f"{quote_markdown(quote)}\n\n{body}"
    body_html, mentioned = render_with_mentions(body, category=topic.category)
    check_before_writing(author=author, body_html=body_html)
    check_rate("reply", person=author)
    visibility = visibility_for(author)
    with transaction.atomic():
        # The row lock hands out post numbers one at a time, however many reply at once.
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.deleted:
            raise ForumError("topic_removed", "This topic was removed.")
        if is_closed_to(author, locked):
            raise TopicLocked()
        now = timezone.now()
        number = locked.last_post_number + 1
        post = Post.objects.create(
            topic=locked,
            number=number,
            author=author,
            body=body,
            body_html=body_html,
            created=now,
            visibility=visibility,
        )
        waiting = visibility == Visibility.WAITING
        if waiting:
            # The number is taken, but others see no new reply until it is approved.
            Topic.objects.filter(pk=topic.pk).update(last_post_number=number)
            locked.last_post_number = number
        else:
            Topic.objects.filter(pk=topic.pk).update(
                last_post_number=number, reply_count=F("reply_count") + 1, last_activity=now
            )
            locked.last_post_number, locked.last_activity = number, now
            locked.reply_count += 1
        post.topic = locked
        watch_automatically(person=author, topic=locked)
        # Your own reply is not news to you: it never counts as unread, nor opens the topic.
        mark_topic_read(person=author, topic=locked, up_to=number)
        discard_draft(person=author, topic=locked)
        if waiting:
            hold_for_approval(kind="post", object_id=post.pk, author=author)
        else:
            tell_about_new_post(post=post, mentioned=mentioned)
        post.urgent_help = note_writing(kind="post", object_id=post.pk, author=author, text=body)
    topic.last_post_number, topic.reply_count = locked.last_post_number, locked.reply_count
    topic.last_activity = locked.last_activity
    return post


def edit_post(*, editor: User, post: Post, body: str, title: str | None = None) -> Post:
    """The author or a moderator changes the text. Every version is kept as a revision (the first
    edit keeps the original too) and the post is marked edited. `title` changes the topic's title
    when editing the opening post. A new account editing their own shown post sends it back to
    wait for a moderator (the opening post: the whole topic), so approved text cannot be swapped
    for something else. `post.urgent_help` says whether to show the urgent-help panel."""
    if not can_edit_post(editor, post):
        raise NotAllowed("Only the author or a moderator can change this post.")
    body = clean_body(body)
    if title is not None and post.number != 1:
        raise ForumError("title_on_reply", "Only the opening post has a title.", field="title")
    new_title = clean_title(title) if title is not None else None
    body_html, _ = render_with_mentions(body, category=post.topic.category)
    check_before_writing(author=editor, body_html=body_html)
    # The opening post is its topic: what others see of it is the topic's visibility.
    current = post.topic.visibility if post.number == 1 else post.visibility
    goes_back_to_waiting = (
        visibility_after_edit(editor=editor, current=current) == Visibility.WAITING
        and current == Visibility.SHOWN
    )
    previous_body = post.body
    now = timezone.now()
    with transaction.atomic():
        shown = post.revisions.order_by("-created", "-id").first()
        if shown is None:
            shown = PostRevision.objects.create(
                post=post,
                body=post.body,
                body_html=post.body_html,
                editor_id=post.author_id,
                created=post.created,
            )
        if goes_back_to_waiting:
            # The version others saw, until a moderator approves this one (see shown_revision).
            post.shown_revision = shown
        post.body, post.body_html, post.edited_at = body, body_html, now
        post.save(update_fields=["body", "body_html", "edited_at", "shown_revision"])
        PostRevision.objects.create(
            post=post, body=post.body, body_html=post.body_html, editor=editor, created=now
        )
        if new_title is not None and new_title != post.topic.title:
            post.topic.title = new_title
            post.topic.slug = ""
            post.topic.save(update_fields=["title", "slug"])
        record(
            actor=editor,
            action="forums.post.edited",
            subject=post,
            by_moderator=editor.pk != post.author_id and is_moderator(editor),
        )
        if goes_back_to_waiting:
            kind = _send_back_to_waiting(post)
            thing_id = post.topic_id if kind == "topic" else post.pk
            hold_for_approval(kind=kind, object_id=thing_id, author=editor)
        elif post.visibility == Visibility.SHOWN:
            tell_about_new_mentions(post=post, previous_body=previous_body)
        text = f"{post.topic.title}\n{body}" if post.number == 1 else body
        kind, thing_id = ("topic", post.topic_id) if post.number == 1 else ("post", post.pk)
        post.urgent_help = note_writing(kind=kind, object_id=thing_id, author=editor, text=text)
    return post


def _send_back_to_waiting(post: Post) -> str:
    """Which kind now waits: the topic for an opening post, else the reply (uncounted again)."""
    Post.objects.filter(pk=post.pk).update(visibility=Visibility.WAITING)
    topic_changed(post.topic_id)
    post.visibility = Visibility.WAITING
    if post.number == 1:
        Topic.objects.filter(pk=post.topic_id).update(visibility=Visibility.WAITING)
        post.topic.visibility = Visibility.WAITING
        return "topic"
    Topic.objects.filter(pk=post.topic_id).update(reply_count=F("reply_count") - 1)
    return "post"


def others_replied(post: Post) -> bool:
    """Whether anyone but this post's author wrote a reply others can see in its topic: then
    removing the opening post leaves the topic (unlisted) for their sake."""
    replies = Post.objects.filter(
        topic_id=post.topic_id, number__gt=1, deleted_at__isnull=True, visibility=Visibility.SHOWN
    )
    if post.author_id is not None:
        replies = replies.exclude(author_id=post.author_id)
    return replies.exists()


def delete_post(*, deleted_by: User, post: Post) -> Post:
    """Soft: the post keeps its number and shows "This post was removed". A removed answer stops
    being the answer. Removing the opening post (by its author or a moderator) takes the topic
    with it when nobody else has replied; when others have, the topic stays at its address for
    their replies but leaves every list and search (`Topic.unlisted`), so a title with nothing
    under it is not listed. `post.topic.deleted` / `.unlisted` say which."""
    if not can_delete_post(deleted_by, post):
        raise NotAllowed("Only the author or a moderator can remove this post.")
    by_moderator = deleted_by.pk != post.author_id
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=post.topic_id)
        post.deleted_at, post.deleted_by = timezone.now(), deleted_by
        post.save(update_fields=["deleted_at", "deleted_by"])
        changes: dict[str, object] = {}  # Topic fields for .update()
        if post.number > 1 and post.visibility == Visibility.SHOWN:
            # Only shown replies were counted (a waiting one is counted when approved).
            changes["reply_count"] = F("reply_count") - 1
        if topic.accepted_answer_id == post.pk:
            changes.update(accepted_answer=None, is_answered=False)
        if post.number == 1:
            # Under the topic's lock, so a reply written meanwhile is counted or refused.
            changes["unlisted" if others_replied(post) else "deleted"] = True
        if changes:
            Topic.objects.filter(pk=topic.pk).update(**changes)
        record(
            actor=deleted_by,
            action="forums.post.removed",
            subject=post,
            by_moderator=by_moderator,
        )
        if changes.get("deleted"):
            record(
                actor=deleted_by,
                action="forums.topic.removed",
                subject=topic,
                by_moderator=by_moderator,
            )
    post.topic.refresh_from_db()
    return post
