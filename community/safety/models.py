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
