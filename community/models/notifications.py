"""Notifications: told once, listed on a page, counted in the header, maybe e-mailed."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from community.notification_kinds import Delivery


class Notification(models.Model):
    """Text and link are written once when the notification is made, so lists need no joins."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # One of the codes in community.notification_kinds; apps register their own.
    kind = models.CharField(max_length=60)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    # What it is about, as a loose reference: later features point at their own objects.
    about_type = models.CharField(max_length=60, blank=True)
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # How the person wanted to hear about it when it was made; the e-mail tasks read this.
    delivery = models.CharField(max_length=10, choices=Delivery.CHOICES, default=Delivery.IN_APP)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="unread_by_recipient"
            ),
            models.Index(fields=["recipient", "-created"], name="recent_by_recipient"),
            models.Index(
                fields=["delivery", "recipient"],
                condition=Q(emailed_at__isnull=True, read_at__isnull=True),
                name="waiting_for_email",
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How a person wants to hear about one kind of notification. No row means the default."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    delivery = models.CharField(max_length=10, choices=Delivery.CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} → {self.delivery}"
