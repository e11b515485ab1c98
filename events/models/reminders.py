"""Whether a person wants reminder e-mails, with the token their unsubscribe link carries."""

from django.conf import settings
from django.db import models

from events.models.bookings import new_token


class ReminderPreference(models.Model):
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_reminders"
    )
    send_reminders = models.BooleanField(default=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)

    def __str__(self) -> str:
        return f"Reminders for {self.person}: {'on' if self.send_reminders else 'off'}"
