"""One-to-one appointments: a time two people agreed to meet (a planning session, say). They are
not events anyone can book: only the two people see them, in their own calendar feeds."""

from django.conf import settings
from django.db import models

TITLE_MAX = 120
WHERE_MAX = 200


class Appointment(models.Model):
    class Way(models.TextChoices):
        CHAT = "chat", "Chat here on Alongside"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"

    title = models.CharField(max_length=TITLE_MAX)
    starts = models.DateTimeField()
    ends = models.DateTimeField()
    way = models.CharField("how you will meet", max_length=20, choices=Way.choices)
    # Where, for in person; a phone number or note otherwise. Only the two people see it.
    where = models.CharField(max_length=WHERE_MAX, blank=True)
    # The one who made it, and the one they made it with.
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="appointments_made",
    )
    guest = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="appointments_invited",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Rises on every change, as for dates of events (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts", "pk"]
        indexes = [
            models.Index(fields=["organiser", "starts"]),
            models.Index(fields=["guest", "starts"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="appointment_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.starts:%Y-%m-%d %H:%M}"
