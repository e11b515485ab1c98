"""Posts and topics as things people can report and moderators can act on (issue 10): registered
with community.safety's registry when the app starts, so safety never imports the forums.

A topic's case covers its title and opening post; a reply's case covers that reply. The opening
post reported as a "post" is its topic: hiding it hides the title too, so every "post" function
hands an opening post over to its topic. Approving a waiting one (WAITING → SHOWN) does what
writing it would have done: counts the reply and tells watchers and mentioned people; a reply that
was shown before and went back to wait after an edit tells only the people newly mentioned."""

import html

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import strip_tags

from community.models import User
from community.safety.registry import Described, ReportableKind, register_reportable
from community.safety.visibility import Visibility
from community.services.audit import record
from forums.errors import ForumError
from forums.freshness import forum_changed, topic_changed
from forums.models import Category, Post, Topic
from forums.permissions import can_view_post, can_view_topic
from forums.selectors import topic_for
from forums.services.notifying import tell_about_new_mentions, tell_about_new_post
from forums.services.posts import delete_post

EXCERPT_LENGTH = 300


def plain_excerpt(body_html: str) -> str:
    text = " ".join(html.unescape(strip_tags(body_html)).split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def _counted(post: Post) -> bool:
    """Whether a post counts in its topic's reply_count: a shown reply, not removed."""
    return post.number > 1 and post.visibility == Visibility.SHOWN and not post.is_removed


def _opening_post_topic(post_id: int) -> int | None:
    """The topic id when this post opens its topic (then the "post" is the topic), else None."""
    return Post.objects.filter(pk=post_id, number=1).values_list("topic_id", flat=True).first()


def _tell_about_approved(post: Post) -> None:
    """Approving does what posting would have done. An edit of something others had already
    seen (post.shown_revision) was news once: only people it newly mentions hear of it."""
    if post.is_removed:
        return
    if post.shown_revision_id is None:
        tell_about_new_post(post=post)
        return
    seen = post.shown_revision
    Post.objects.filter(pk=post.pk).update(shown_revision=None)
    topic_changed(post.topic_id)
    post.shown_revision = None
    tell_about_new_mentions(post=post, previous_body=seen.body if seen else "")


# --- Posts -----------------------------------------------------------------------------------


def describe_posts(ids: list[int]) -> dict[int, Described]:
    """One query, however many posts."""
    posts = Post.objects.filter(pk__in=ids).select_related("topic").defer("search_vector")
    return {
        post.pk: Described(
            kind="post",
            id=post.pk,
            label=f"Reply in “{post.topic.title}”"
            if post.number > 1
            else f"Opening post of “{post.topic.title}”",
            excerpt=plain_excerpt(post.body_html),
            url=post.get_absolute_url(),
            author_id=post.author_id,
            organisation_id=None,
            # An opening post is shown, held or hidden with its topic (see set_post_visibility).
            visibility=post.topic.visibility if post.number == 1 else post.visibility,
            removed=post.is_removed or post.topic.deleted,
        )
        for post in posts
    }


def can_see_post(person: User, post_id: int) -> bool:
    post = Post.objects.select_related("topic", "topic__category").filter(pk=post_id).first()
    if post is None:
        return False
    if post.number == 1:
        return can_view_topic(person, post.topic)
    return can_view_post(person, post)


def set_post_visibility(post_id: int, visibility: str, actor: User | None) -> None:
    topic_id = _opening_post_topic(post_id)
    if topic_id is not None:
        # Hiding the opening post alone would leave its title listed everywhere.
        set_topic_visibility(topic_id, visibility, actor)
        return
    with transaction.atomic():
        post = Post.objects.select_related("topic").select_for_update().get(pk=post_id)
        # The topic row lock keeps reply_count right when replies are written meanwhile.
        topic = Topic.objects.select_for_update().get(pk=post.topic_id)
        was_counted, was_waiting = _counted(post), post.visibility == Visibility.WAITING
        post.visibility = visibility
        post.save(update_fields=["visibility"])
        changes: dict[str, object] = {}
        if _counted(post) != was_counted:
            changes["reply_count"] = F("reply_count") + (1 if _counted(post) else -1)
        approved = was_waiting and visibility == Visibility.SHOWN
        if approved and post.shown_revision_id is None:
            changes["last_activity"] = timezone.now()  # news, not an edit approved again
        if visibility == Visibility.HIDDEN and topic.accepted_answer_id == post.pk:
            # A hidden answer answers nothing for others; restoring it does not choose it again.
            changes.update(accepted_answer=None, is_answered=False)
        if changes:
            Topic.objects.filter(pk=post.topic_id).update(**changes)
        if approved:
            post.topic.refresh_from_db()
            _tell_about_approved(post)


def remove_post(post_id: int, actor: User) -> None:
    topic_id = _opening_post_topic(post_id)
    if topic_id is not None:
        remove_topic(topic_id, actor)
        return
    post = Post.objects.select_related("topic").get(pk=post_id)
    if not post.is_removed:
        delete_post(deleted_by=actor, post=post)


def post_notifications(post_id: int) -> list[tuple[str, int]]:
    """What to forget when a post stops being shown: notifications about it (an opening post:
    about its whole topic)."""
    topic_id = _opening_post_topic(post_id)
    if topic_id is not None:
        return topic_notifications(topic_id)
    return [(Post._meta.label_lower, post_id)]


def remove_all_posts_by(person: User, actor: User) -> int:
    """Every post `person` wrote (their topics: remove_all_topics_by), in a fixed number of
    queries. Answers how many were removed."""
    now = timezone.now()
    with transaction.atomic():
        touched = list(
            Post.objects.filter(author=person, deleted_at__isnull=True)
            .values_list("topic_id", flat=True)
            .distinct()
        )
        posts = Post.objects.filter(author=person, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=actor
        )
        Topic.objects.filter(accepted_answer__author=person).update(
            accepted_answer=None, is_answered=False
        )
        _recount_replies(touched)
    forum_changed()
    return posts


def _recount_replies(topic_ids: list[int]) -> None:
    """Count again, in one UPDATE, the replies others see in these topics."""
    if not topic_ids:
        return
    shown_replies = (
        Post.objects.filter(
            topic=OuterRef("pk"),
            number__gt=1,
            deleted_at__isnull=True,
            visibility=Visibility.SHOWN,
        )
        .order_by()
        .values("topic")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Topic.objects.filter(pk__in=topic_ids).update(
        reply_count=Coalesce(Subquery(shown_replies), Value(0))
    )


# --- Topics ----------------------------------------------------------------------------------


def describe_topics(ids: list[int]) -> dict[int, Described]:
    """One query: the opening post's text comes as a subquery."""
    opening = Post.objects.filter(topic=OuterRef("pk"), number=1).values("body_html")[:1]
    topics = Topic.objects.filter(pk__in=ids).annotate(opening_html=Subquery(opening))
    return {
        topic.pk: Described(
            kind="topic",
            id=topic.pk,
            label=f"Topic “{topic.title}”",
            excerpt=plain_excerpt(topic.opening_html or ""),
            url=topic.get_absolute_url(),
            author_id=topic.author_id,
            organisation_id=None,
            visibility=topic.visibility,
            removed=topic.deleted,
        )
        for topic in topics
    }


def can_see_topic(person: User, topic_id: int) -> bool:
    return topic_for(viewer=person, topic_id=topic_id) is not None


def set_topic_visibility(topic_id: int, visibility: str, actor: User | None) -> None:
    """The opening post always takes its topic's visibility: it is the topic's text."""
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("category").get(pk=topic_id)
        approved = topic.visibility == Visibility.WAITING and visibility == Visibility.SHOWN
        topic.visibility = visibility
        topic.save(update_fields=["visibility"])
        opening = Post.objects.filter(topic=topic, number=1).first()
        if opening is None:
            return
        if opening.visibility != visibility:
            opening.visibility = visibility
            opening.save(update_fields=["visibility"])
        if approved:
            opening.topic = topic
            _tell_about_approved(opening)


def remove_topic(topic_id: int, actor: User) -> None:
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic_id)
        if topic.deleted:
            return
        topic.deleted = True
        topic.save(update_fields=["deleted"])
        record(actor=actor, action="forums.topic.removed", subject=topic, by_moderator=True)


def lock_topic(topic_id: int, actor: User, **options) -> None:
    Topic.objects.filter(pk=topic_id).update(locked=True)
    topic_changed(topic_id)


def unlock_topic(topic_id: int, actor: User, **options) -> None:
    Topic.objects.filter(pk=topic_id).update(locked=False)
    topic_changed(topic_id)


def move_topic(topic_id: int, actor: User, *, category_id=None, **options) -> None:
    category = None
    if category_id not in (None, ""):
        try:
            category = Category.objects.filter(pk=int(category_id)).first()
        except (TypeError, ValueError):
            category = None
    if category is None:
        raise ForumError(
            "no_such_category", "Choose a theme to move the topic to.", field="category_id"
        )
    Topic.objects.filter(pk=topic_id).update(category=category)
    topic_changed(topic_id)


def topic_notifications(topic_id: int) -> list[tuple[str, int]]:
    """What to forget when a topic stops being shown: notifications about it and about every
    one of its posts ("X replied in <title>" names the topic). One query."""
    post_label = Post._meta.label_lower
    post_ids = Post.objects.filter(topic_id=topic_id).values_list("pk", flat=True)
    return [(Topic._meta.label_lower, topic_id)] + [(post_label, pk) for pk in post_ids]


def remove_all_topics_by(person: User, actor: User) -> int:
    """Every topic `person` started, in one query. Answers how many were removed."""
    removed = Topic.objects.filter(author=person, deleted=False).update(deleted=True)
    forum_changed()
    return removed


def register() -> None:
    register_reportable(
        ReportableKind(
            name="post",
            title="post",
            describe=describe_posts,
            can_see=can_see_post,
            set_visibility=set_post_visibility,
            remove=remove_post,
            remove_all_by=remove_all_posts_by,
            notification_about=post_notifications,
        )
    )
    register_reportable(
        ReportableKind(
            name="topic",
            title="topic",
            describe=describe_topics,
            can_see=can_see_topic,
            set_visibility=set_topic_visibility,
            remove=remove_topic,
            remove_all_by=remove_all_topics_by,
            actions={"lock": lock_topic, "unlock": unlock_topic, "move": move_topic},
            notification_about=topic_notifications,
        )
    )
