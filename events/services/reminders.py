"""Reminder e-mails about a day before each booked date: never for a cancelled date, never twice
for the same time (each booking is claimed under a row lock and marked before it is sent; a date
that moves is reminded of again), never to someone who unsubscribed."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.emails import send_reminder
from events.errors import BookingError
from events.models import Booking, Event, Occurrence, ReminderPreference


def reminder_hours() -> int:
    return settings.EVENT_REMINDER_HOURS


def due_reminders(*, now: datetime.datetime | None = None) -> list[int]:
    """Bookings whose date starts within the reminder window and have had no reminder yet."""
    now = now or timezone.now()
    window_end = now + datetime.timedelta(hours=reminder_hours())
    return list(
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            walk_in=False,
            person__isnull=False,
            person__is_active=True,
            occurrence__start__gt=now,
            occurrence__start__lte=window_end,
            occurrence__event__status=Event.Status.PUBLISHED,
        )
        .exclude(occurrence__status=Occurrence.Status.CANCELLED)
        .exclude(person__event_reminders__send_reminders=False)
        .values_list("pk", flat=True)
    )


def claim_reminder(*, booking_id: int) -> Booking | None:
    """Within the caller's transaction: lock the booking and mark its reminder sent, or None if
    someone else already did (or it no longer applies)."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("occurrence__event__organisation", "person")
        .filter(pk=booking_id, reminder_sent_at__isnull=True, status=Booking.Status.CONFIRMED)
        .first()
    )
    if booking is None or booking.occurrence.is_cancelled:
        return None
    booking.reminder_sent_at = timezone.now()
    booking.save(update_fields=["reminder_sent_at"])
    return booking


def remind_again(*, occurrence: Occurrence) -> int:
    """Within the caller's transaction, for a date that moved: reminders already sent gave the
    old time, so each booking gets one again for the new time (when that is near)."""
    return Booking.objects.filter(occurrence=occurrence, reminder_sent_at__isnull=False).update(
        reminder_sent_at=None
    )


def reminder_preference(*, person) -> ReminderPreference:
    preference, _ = ReminderPreference.objects.get_or_create(person=person)
    return preference


def stop_reminders(*, token: str) -> ReminderPreference:
    """The unsubscribe link: the token is the key, no sign-in needed."""
    preference = ReminderPreference.objects.filter(unsubscribe_token=token).first()
    if preference is None:
        raise BookingError("unknown_link", "This link is not valid. It may be out of date.")
    preference.send_reminders = False
    preference.save(update_fields=["send_reminders"])
    return preference


def set_reminders(*, person, send: bool) -> ReminderPreference:
    preference = reminder_preference(person=person)
    preference.send_reminders = send
    preference.save(update_fields=["send_reminders"])
    return preference


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Send every reminder that is due, one transaction each. Returns how many were sent."""
    sent = 0
    for booking_id in due_reminders(now=now):
        with transaction.atomic():
            booking = claim_reminder(booking_id=booking_id)
            if booking is None:
                continue
            # Inside the transaction: if the mail server fails, the mark is rolled back.
            send_reminder(
                booking,
                unsubscribe_token=reminder_preference(person=booking.person).unsubscribe_token,
                hours=reminder_hours(),
            )
            sent += 1
    return sent
