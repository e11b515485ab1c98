"""Reminder e-mails about a day before each booked date: one per person and date (a carer with
places for himself and his mother gets one, listing both), never for a cancelled date, never
twice for the same time (the bookings are claimed under a row lock and marked before it is sent;
a date that moves is reminded of again), never to someone who unsubscribed."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from events.emails import send_reminder
from events.errors import BookingError
from events.models import Booking, Event, Occurrence, ReminderPreference


def reminder_hours() -> int:
    return settings.EVENT_REMINDER_HOURS


def due_reminders(*, now: datetime.datetime | None = None) -> list[int]:
    """Bookings whose date starts within the reminder window and have had no reminder yet: the
    first of each person's bookings of each date (`claim_reminder` takes the others with it)."""
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
        .order_by()
        .values("person_id", "occurrence_id")
        .annotate(first=Min("pk"))
        .order_by("first")
        .values_list("first", flat=True)
    )


def claim_reminder(*, booking_id: int) -> list[Booking] | None:
    """Within the caller's transaction: lock the booking and mark its reminder sent, or None if
    someone else already did (or it no longer applies). The person's other bookings of the date
    still to be reminded of are claimed with it: all of them come back (this one first), for
    the one e-mail."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("occurrence__event__organisation", "person")
        .filter(pk=booking_id, reminder_sent_at__isnull=True, status=Booking.Status.CONFIRMED)
        .first()
    )
    if booking is None or booking.occurrence.is_cancelled:
        return None
    now = timezone.now()
    others = list(
        Booking.objects.select_for_update(of=("self",))
        .filter(
            occurrence_id=booking.occurrence_id,
            person_id=booking.person_id,
            reminder_sent_at__isnull=True,
            status=Booking.Status.CONFIRMED,
            walk_in=False,
        )
        .exclude(pk=booking.pk)
        .order_by("pk")
    )
    booking.reminder_sent_at = now
    booking.save(update_fields=["reminder_sent_at"])
    if others:
        Booking.objects.filter(pk__in=[other.pk for other in others]).update(reminder_sent_at=now)
    return [booking, *others]


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
            claimed = claim_reminder(booking_id=booking_id)
            if claimed is None:
                continue
            booking = claimed[0]
            # Inside the transaction: if the mail server fails, the mark is rolled back.
            send_reminder(
                booking,
                unsubscribe_token=reminder_preference(person=booking.person).unsubscribe_token,
                hours=reminder_hours(),
                bookings=claimed,
            )
            sent += 1
    return sent
