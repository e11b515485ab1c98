"""What one person does with posts and topics: reactions, watching, reading, drafts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .posts import BODY_MAX


class Reaction(models.Model):
    """ "This helped": one per person per post."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    post = models.ForeignKey("forums.Post", on_delete=models.CASCADE, related_name="reactions")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "post"], name="one_helped_per_person_and_post"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} found {self.post} helpful"


class Watch(models.Model):
    """Watching (hear about every reply) or muting (hear nothing) a topic or a whole category."""

    class Level(models.TextChoices):
        WATCHING = "watching", "Watching"
        MUTED = "muted", "Muted"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_watches"
    )
    topic = models.ForeignKey(
        "forums.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    category = models.ForeignKey(
        "forums.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.WATCHING)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=True, category__isnull=False)
                | Q(topic__isnull=False, category__isnull=True),
                name="watch_a_topic_or_a_category",
            ),
            models.CheckConstraint(
                condition=Q(level__in=["watching", "muted"]), name="watch_level_is_known"
            ),
            models.UniqueConstraint(
                fields=["person", "topic"],
                condition=Q(topic__isnull=False),
                name="one_watch_per_person_and_topic",
            ),
            models.UniqueConstraint(
                fields=["person", "category"],
                condition=Q(category__isnull=False),
                name="one_watch_per_person_and_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.level} {self.topic or self.category}"


class TopicReadState(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_read_states"
    )
    topic = models.ForeignKey("forums.Topic", on_delete=models.CASCADE, related_name="read_states")
    last_read_post_number = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "topic"], name="one_read_state_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.person} read {self.topic_id} to #{self.last_read_post_number}"


class Draft(models.Model):
    """Text being written, kept on the server: one new-topic draft per person, one reply draft per
    person per topic. Submitting the post clears it."""

    class Kind(models.TextChoices):
        NEW_TOPIC = "new_topic", "New topic"
        REPLY = "reply", "Reply"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_drafts"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    topic = models.ForeignKey(
        "forums.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        "forums.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=150, blank=True)
    body = models.TextField(max_length=BODY_MAX, blank=True)
    # Extra choices on the new-topic form (question or discussion, anonymous, wants an advisor).
    options = models.JSONField(default=dict, blank=True)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="reply", topic__isnull=False)
                | Q(kind="new_topic", topic__isnull=True),
                name="reply_drafts_have_a_topic",
            ),
            models.UniqueConstraint(
                fields=["person", "topic"],
                condition=Q(kind="reply"),
                name="one_reply_draft_per_topic",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kind="new_topic"),
                name="one_new_topic_draft_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Draft {self.kind} by {self.person}"
