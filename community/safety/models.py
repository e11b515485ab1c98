"""Safety records. Blocks first: the rest (reports, holds, moderation) follow in their own issue."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Block(models.Model):
    """`blocker` no longer wants to hear from `blocked`: no private conversation between them,
    the blocked person's chat messages are hidden from the blocker, and neither is shown the
    other's presence. The blocked person is never told."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="no_blocking_yourself"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"


class DataExport(models.Model):
    """One "Download my data" zip. The zip is kept in the database, not on disk: the task worker
    that builds it and the web process that serves it may be on different machines, and the
    row (zip included) goes when it expires or when the account is deleted."""

    class State(models.TextChoices):
        QUEUED = "queued", "Getting it ready"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # The secret part of the download address. Signing in as the person is still needed.
    token = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    archive = models.BinaryField(default=b"", editable=False)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            # A second request while one is being made is refused, even two at once.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state="queued"),
                name="one_export_in_progress_per_person",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(state="ready"), name="one_ready_export_per_person"
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="data_export_expiry")]

    def __str__(self) -> str:
        return f"Data export for {self.person} ({self.state})"
