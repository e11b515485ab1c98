"""Posts (the opening post is number 1) and the earlier versions of edited posts."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from community.safety.visibility import Visibility

if TYPE_CHECKING:
    from community.models import Membership, User

REMOVED_TEXT = "This post was removed."
POSTS_PER_PAGE = 20
# The longest post (or draft) in characters: the one limit, checked with its own error code by
# forums.services.validation.clean_body, and read by every form and serializer that mentions it.
BODY_MAX = 20000


def page_of_post(number: int) -> int:
    """The page of its topic that holds post `number`."""
    return (max(number, 1) - 1) // POSTS_PER_PAGE + 1


class Post(models.Model):
    topic = models.ForeignKey("forums.Topic", on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField(help_text="Position in the topic, from 1; never reused.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_posts"
    )
    body = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(editable=False)
    created = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    helped_count = models.PositiveIntegerField(default=0)
    # Other people see only SHOWN posts; the author sees their own marked (issue 10).
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.SHOWN, db_index=True
    )
    # While an edit of a post others had seen waits for a moderator: the version they saw.
    # Approving the edit then tells only people it newly mentions, not "X replied" again.
    shown_revision = models.ForeignKey(
        "forums.PostRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # PostgreSQL only: kept up to date from `body` by a trigger (migration 0002) and GIN-indexed,
    # so search ranks stored vectors instead of re-reading every matching post. Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    # Not stored: what one viewer may see, set by forums.selectors.posts.present_posts.
    shown_author: "User | None"  # None when the name is hidden or the account is gone
    author_name: str
    badges: "list[Membership]"  # empty when hidden
    is_asker: bool
    is_answer: bool
    shown_visibility: str | None  # for its author and moderators only
    # Not stored: set by the forums services when the writing suggests the writer may be at risk,
    # so the door that took it shows them where to get help now.
    urgent_help: bool = False

    class Meta:
        ordering = ["topic_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="one_post_per_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="post_numbers_start_at_one"),
        ]
        indexes = [models.Index(fields=["author", "-created"], name="posts_by_author")]

    def __str__(self) -> str:
        return f"{self.topic_id} #{self.number}"

    def get_absolute_url(self) -> str:
        """The page of the topic that holds this post, anchored at it (see Topic.post_url)."""
        return self.topic.post_url(self.number)

    @property
    def is_removed(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None

    @property
    def page(self) -> int:
        return page_of_post(self.number)


class PostRevision(models.Model):
    """One version of a post's text. The first edit also keeps the original as a revision."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    body_html = models.TextField()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["post", "created", "id"]

    def __str__(self) -> str:
        return f"Revision of {self.post} at {self.created:%Y-%m-%d %H:%M}"
