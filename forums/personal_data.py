"""What the forums hold about a person, for "Download my data" and "Delete my account".

Registered with community.safety when the app starts (forums.apps)."""

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone

from community.models import User
from community.safety.personal_data import (
    Erasure,
    PersonalData,
    Row,
    register_personal_data,
    when,
)
from forums.freshness import forum_changed
from forums.models import CategoryVisit, Draft, Post, PostRevision, Reaction, Topic, Watch


def export_posts(person: User) -> list[Row]:
    """Every post with its earlier versions, in one query for the posts and one for the versions."""
    posts = list(
        Post.objects.filter(author=person)
        .select_related("topic__category")
        .order_by("created", "pk")
    )
    versions: dict[int, list[Row]] = {}
    revisions = PostRevision.objects.filter(post__author=person).order_by("created", "pk")
    for revision in revisions.iterator(chunk_size=500):
        versions.setdefault(revision.post_id, []).append(
            {"written": when(revision.created), "text": revision.body}
        )
    return [
        {
            "topic": post.topic.title,
            "category": post.topic.category.name,
            "started_the_topic": post.number == 1,
            "posted_without_your_name": post.number == 1 and post.topic.anonymous,
            "posted": when(post.created),
            "edited": when(post.edited_at),
            "removed": when(post.deleted_at),
            "text": post.body,
            "earlier_versions": versions.get(post.pk, []),
            "address": post.get_absolute_url(),
        }
        for post in posts
    ]


def export_forum_activity(person: User) -> list[Row]:
    helped = Reaction.objects.filter(person=person).select_related("post__topic")
    watches = Watch.objects.filter(person=person).select_related("topic", "category")
    drafts = Draft.objects.filter(person=person).select_related("topic")
    visits = CategoryVisit.objects.filter(person=person).select_related("category")
    return [
        {
            "posts_you_said_helped": [
                {"topic": reaction.post.topic.title, "post_number": reaction.post.number}
                for reaction in helped
            ],
            "watching_and_muted": [
                {
                    "what": _watched(watch),
                    "level": watch.get_level_display(),
                }
                for watch in watches
            ],
            "drafts": [
                {"kind": draft.get_kind_display(), "title": draft.title, "text": draft.body}
                for draft in drafts
            ],
            # Kept to show what is new since then.
            "when_you_last_looked_at_each_category": [
                {"category": visit.category.name, "last_looked": when(visit.last_seen)}
                for visit in visits
            ],
        }
    ]


def _watched(watch: Watch) -> str:
    # A watch is of a topic or of a category (a database rule).
    if watch.topic is not None:
        return watch.topic.title
    return watch.category.name if watch.category is not None else ""


def _take_back_helped(person: User) -> None:
    """Their "this helped" marks go with the account: the posts' counts go down with them, in
    one update per count."""
    helped = Reaction.objects.filter(person=person).values_list("post_id", flat=True)
    Post.objects.filter(pk__in=list(helped)).update(helped_count=F("helped_count") - 1)
    Reaction.objects.filter(person=person).delete()
    forum_changed()


def erase_from_forums(erasure: Erasure) -> None:
    """Their "this helped" marks are taken back. Kept posts stay where they are and show
    "A former member" once the account is gone (the author link empties itself). Removed posts
    keep their place in the thread ("This post was removed"), with no text and no earlier
    versions; a topic nobody else wrote in goes."""
    person = erasure.person
    _take_back_helped(person)
    if not erasure.remove_posts:
        return
    now = timezone.now()
    with transaction.atomic():
        posts = Post.objects.filter(author=person)
        newly_removed = posts.filter(deleted_at__isnull=True, number__gt=1)
        for row in newly_removed.values("topic_id").annotate(count=Count("pk")):
            Topic.objects.filter(pk=row["topic_id"]).update(
                reply_count=F("reply_count") - row["count"]
            )
        Topic.objects.filter(accepted_answer__author=person).update(
            accepted_answer=None, is_answered=False
        )
        PostRevision.objects.filter(post__author=person).delete()
        posts.filter(deleted_at__isnull=True).update(deleted_at=now)
        posts.update(body="", body_html="")
        others_wrote = Post.objects.filter(topic=OuterRef("pk"), deleted_at__isnull=True).exclude(
            author=person
        )
        Topic.objects.filter(author=person).filter(~Exists(others_wrote)).update(deleted=True)
        # As when they remove an opening post themselves: the others' replies stay, unlisted.
        Topic.objects.filter(author=person, deleted=False).update(unlisted=True)
    forum_changed()


register_personal_data(
    PersonalData(
        name="posts",
        title="Your forum posts and their earlier versions",
        export=export_posts,
        erase=erase_from_forums,
        models=("forums.Post", "forums.PostRevision", "forums.Topic"),
        order=20,
    )
)
register_personal_data(
    PersonalData(
        name="forum_activity",
        title="Posts you found helpful, topics you watch, and drafts",
        export=export_forum_activity,
        erase=lambda erasure: None,  # these rows go with the account
        models=(
            "forums.Reaction",
            "forums.Watch",
            "forums.TopicReadState",
            "forums.Draft",
            "forums.CategoryVisit",
        ),
        order=21,
    )
)
