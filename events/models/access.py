"""Access needs as a to-do list: what a booking asks for that the venue has not said it has."""

from django.conf import settings
from django.db import models


class AccessRequest(models.Model):
    """One thing to arrange for one booking: a need from the list (`ACCESS_NEEDS` codes) the
    venue does not offer, or "notes" for what the booker wrote in their own words. The
    organisation's staff mark it arranged (or say it cannot be) and may reply; the booker is
    told the answer."""

    NOTES = "notes"

    class Status(models.TextChoices):
        TO_ARRANGE = "to_arrange", "To arrange"
        ARRANGED = "arranged", "Arranged"
        NOT_POSSIBLE = "not_possible", "Cannot be arranged"

    booking = models.ForeignKey(
        "events.Booking", on_delete=models.CASCADE, related_name="access_requests"
    )
    need = models.CharField(max_length=30)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TO_ARRANGE)
    reply = models.TextField(blank=True, max_length=1000)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "need"], name="one_request_per_need")
        ]
        indexes = [models.Index(fields=["status", "booking"])]

    def __str__(self) -> str:
        return f"{self.need} for booking {self.booking_id} ({self.status})"
