"""An organisation's own calendar, read from its web address and kept in step: re-read on a
schedule, its new entries added, changed ones updated and removed ones cancelled."""

from django.conf import settings
from django.db import models


class CalendarSubscription(models.Model):
    organisation = models.ForeignKey(
        "community.Organisation", on_delete=models.CASCADE, related_name="calendar_subscriptions"
    )
    address = models.URLField(max_length=500, help_text="Where the .ics file is read from.")
    # Re-reading changes events on this person's behalf; without them (or their staff role)
    # the subscription stops, and says why.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(default=True)
    # The UIDs the calendar held when last read, so an entry that disappears is cancelled.
    uids = models.JSONField(default=list, blank=True)
    last_read = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "address"], name="one_subscription_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.address}"
