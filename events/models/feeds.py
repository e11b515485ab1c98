"""Personal calendar feed tokens, and the version counters that say when a feed must be rebuilt."""

from django.conf import settings
from django.db import models

from events.models.bookings import new_token


class CalendarFeedToken(models.Model):
    """The secret in a person's feed address. Calendar apps have no session, so this is the key;
    regenerating it cuts off every app that had the old address."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"


class FeedVersion(models.Model):
    """One row per feed ("event:3", "organisation:1", "person:9"), bumped in the same transaction
    as the change, so every server process agrees on when the cached feed went stale."""

    key = models.CharField(max_length=60, unique=True)
    version = models.PositiveBigIntegerField(default=0)
    changed = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"
