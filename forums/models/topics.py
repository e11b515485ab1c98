"""Topics: a question (which can get one accepted answer) or a discussion."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from community.safety.visibility import Visibility

from .posts import page_of_post

if TYPE_CHECKING:
    from community.models import User


class Topic(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        DISCUSSION = "discussion", "Discussion"

    category = models.ForeignKey("forums.Category", on_delete=models.PROTECT, related_name="topics")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, blank=True)
    # Kept when an account is closed, so the conversation others joined survives.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
    )
    anonymous = models.BooleanField(
        default=False, help_text="Shown as 'A member' to everyone except moderators."
    )
    wants_advisor = models.BooleanField(
        default=False, help_text="The asker would like an answer from a trained advisor."
    )
    accepted_answer = models.ForeignKey(
        "forums.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_answered = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)
    last_activity = models.DateTimeField(default=timezone.now)
    # Denormalised, updated under a lock by the services: lists read them without counting.
    reply_count = models.PositiveIntegerField(default=0)
    last_post_number = models.PositiveIntegerField(default=0)
    deleted = models.BooleanField(default=False)
    # Its opening post was removed after others had replied: it leaves every list, search and
    # suggestion, but stays at its address so that their replies are not lost.
    unlisted = models.BooleanField(default=False)
    # Not listed for other people unless SHOWN; the author sees their own marked (issue 10).
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.SHOWN, db_index=True
    )
    locked = models.BooleanField(default=False, help_text="Closed to new replies by a moderator.")

    # Not stored: what one viewer may see, set by forums.selectors.authors.present_topics.
    shown_author: "User | None"  # None when the name is hidden or the account is gone
    author_name: str
    shown_visibility: str | None  # for its author and moderators only
    # Not stored: set by the forums services when the writing suggests the writer may be at risk,
    # so the door that took it shows them where to get help now.
    urgent_help: bool = False

    class Meta:
        ordering = ["-last_activity", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["question", "discussion"]), name="topic_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(accepted_answer__isnull=True, is_answered=False)
                | Q(accepted_answer__isnull=False, is_answered=True),
                name="answered_exactly_when_an_answer_is_accepted",
            ),
            models.CheckConstraint(
                condition=Q(kind="question") | Q(accepted_answer__isnull=True),
                name="only_questions_have_answers",
            ),
        ]
        indexes = [
            models.Index(fields=["category", "-last_activity"], name="topics_by_category_activity"),
            models.Index(fields=["-last_activity"], name="topics_by_activity"),
            models.Index(fields=["wants_advisor", "created"], name="topics_wanting_advisor"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:80] or "topic"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/forums/t/{self.pk}/{self.slug or 'topic'}/"

    def post_url(self, number: int) -> str:
        """Where post `number` is shown: its page and its anchor. The page number is always there,
        even 1: without it the topic opens at the reader's first unread post instead."""
        return f"{self.get_absolute_url()}?page={page_of_post(number)}#post-{number}"
