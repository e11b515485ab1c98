"""What the events app holds about a person, for "Download my data" and "Delete my account".

Registered with community.safety when the app starts (events.apps)."""

import datetime
from contextlib import suppress

from django.conf import settings
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from community.models import User
from community.safety.personal_data import (
    Erasure,
    PersonalData,
    Row,
    register_personal_data,
    when,
)
from events.errors import BookingError
from events.feeds import feeds_changed
from events.models import (
    ACCESS_NEEDS,
    AccessRequest,
    Appointment,
    Booking,
    Occurrence,
    WaitingListEntry,
)
from events.models.feeds import CalendarFeedToken
from events.models.reminders import ReminderPreference
from events.services.access_requests import need_label
from events.services.bookings import cancel_booking
from events.services.waiting_list import leave_waiting_list

NEED_LABELS = dict(ACCESS_NEEDS)


def _date_of(occurrence: Occurrence) -> dict:
    return {
        "event": occurrence.event.title,
        "organisation": occurrence.event.organisation.name,
        "starts": when(occurrence.start),
        "ends": when(occurrence.end),
    }


def _party(place: Booking | WaitingListEntry) -> dict:
    """Who the place is for and what they need: a booking and a waiting-list entry say the same."""
    return {
        "place_for": place.for_person_name,
        "companions": place.companions,
        "access_needs": [NEED_LABELS.get(code, code) for code in place.access_needs],
        "access_notes": place.access_notes,
    }


def _access_answers(booking: Booking) -> list[dict]:
    """What the organisation said about each need to arrange (access_requests prefetched)."""
    return [
        {
            "need": need_label(item.need),
            "answer": item.get_status_display(),
            "reply": item.reply,
        }
        for item in booking.access_requests.all()
    ]


def export_bookings(person: User) -> list[Row]:
    bookings = (
        Booking.objects.filter(person=person)
        .select_related("occurrence__event__organisation")
        .prefetch_related(Prefetch("access_requests", AccessRequest.objects.order_by("id")))
    )
    return [
        {
            **_date_of(booking.occurrence),
            "status": booking.get_status_display(),
            "booked_at": when(booking.created),
            "cancelled_at": when(booking.cancelled_at),
            **_party(booking),
            "access_answers": _access_answers(booking),
            "attended": booking.attended,
            "from_waiting_list": booking.from_waiting_list,
        }
        for booking in bookings.order_by("occurrence__start", "pk").iterator(chunk_size=500)
    ]


def export_waiting_lists(person: User) -> list[Row]:
    entries = WaitingListEntry.objects.filter(person=person).select_related(
        "occurrence__event__organisation"
    )
    return [
        {
            **_date_of(entry.occurrence),
            "status": entry.get_status_display(),
            "joined_at": when(entry.created),
            **_party(entry),
        }
        for entry in entries.order_by("created", "pk").iterator(chunk_size=500)
    ]


def export_event_settings(person: User) -> list[Row]:
    """Reminders, the private calendar address (that one exists, not the address itself: the
    download may be kept somewhere less safe), and the dates they host."""
    reminders = ReminderPreference.objects.filter(person=person).first()
    feed = CalendarFeedToken.objects.filter(person=person).first()
    hosted = (
        Occurrence.objects.filter(Q(host=person) | Q(event__hosts=person))
        .select_related("event__organisation")
        .distinct()
    )
    return [
        {
            "reminder_emails": reminders.send_reminders if reminders else True,
            "private_calendar_address_made": when(feed.created) if feed else None,
            "dates_you_host": [_date_of(occurrence) for occurrence in hosted.order_by("start")],
        }
    ]


def erase_from_events(erasure: Erasure) -> None:
    """Future places go back (the waiting list moves on), waiting lists are left, and every
    booking is kept for the organisation's attendance figures with nothing about the person."""
    person = erasure.person
    now = timezone.now()
    upcoming = Booking.objects.filter(
        person=person, status=Booking.Status.CONFIRMED, occurrence__end__gt=now
    )
    for booking in upcoming:
        with suppress(BookingError):  # cancelled meanwhile (another tab): nothing to give back
            cancel_booking(canceller=person, booking=booking)
    waiting = WaitingListEntry.objects.filter(person=person, status=WaitingListEntry.Status.WAITING)
    for entry in waiting:
        with suppress(BookingError):  # promoted or left meanwhile
            leave_waiting_list(person=person, entry=entry)
    # Dates they host pass back to the organisation when the account goes (host: SET_NULL).
    with transaction.atomic():
        # What the organisers arranged and replied goes with the needs it answered.
        AccessRequest.objects.filter(booking__person=person).delete()
        Booking.objects.filter(person=person).update(
            person=None,
            former_member=True,
            for_person_name="",
            access_needs=[],
            access_notes="",
        )


def export_appointments(person: User) -> list[Row]:
    """One-to-one appointments they made or were invited to, with whom by the name everyone
    sees."""
    appointments = Appointment.objects.filter(Q(organiser=person) | Q(guest=person))
    return [
        {
            "title": appointment.title,
            "starts": when(appointment.starts),
            "ends": when(appointment.ends),
            "how": appointment.get_way_display(),
            "where": appointment.where,
            "with": _other_name(appointment, person),
            "you_made_it": appointment.organiser_id == person.pk,
            "cancelled": when(appointment.cancelled_at),
        }
        for appointment in appointments.select_related("organiser", "guest").order_by(
            "starts", "pk"
        )
    ]


def _other_name(appointment: Appointment, person: User) -> str | None:
    other = appointment.guest if appointment.organiser_id == person.pk else appointment.organiser
    return other.display_name if other else None


def erase_appointments(erasure: Erasure) -> None:
    """The other person keeps the appointment in their calendar, with nothing about who it was
    with: the title and place may name them. One still to come is cancelled there, as nobody
    will be coming."""
    person = erasure.person
    mine = Appointment.objects.filter(Q(organiser=person) | Q(guest=person))
    others = {
        other_id
        for pair in mine.values_list("organiser_id", "guest_id")
        for other_id in pair
        if other_id != person.pk
    }
    with transaction.atomic():
        mine.filter(starts__gt=timezone.now(), cancelled_at__isnull=True).update(
            cancelled_at=timezone.now(), sequence=F("sequence") + 1
        )
        mine.update(title="Appointment with a former member", where="", sequence=F("sequence") + 1)
        feeds_changed(person_ids=others)


def erase_old_access_needs(*, now=None) -> int:
    """Access needs are kept only while they are useful: they go `ACCESS_NEEDS_KEPT_DAYS` after
    the date ends (the privacy notice promises it). Returns how many bookings and waiting-list
    entries were cleared. The organisers' to-do items for those needs, and their replies, go
    with them."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ACCESS_NEEDS_KEPT_DAYS)
    has_needs = ~Q(access_needs=[]) | ~Q(access_notes="")
    AccessRequest.objects.filter(booking__occurrence__end__lt=cutoff).delete()
    cleared = 0
    for model in (Booking, WaitingListEntry):
        cleared += model.objects.filter(has_needs, occurrence__end__lt=cutoff).update(
            access_needs=[], access_notes=""
        )
    return cleared


register_personal_data(
    PersonalData(
        name="bookings",
        title="Places you booked, with access needs",
        export=export_bookings,
        erase=erase_from_events,
        models=("events.Booking", "events.Occurrence", "events.Event", "events.AccessRequest"),
        order=30,
    )
)
register_personal_data(
    PersonalData(
        name="waiting_lists",
        title="Waiting lists you joined",
        export=export_waiting_lists,
        erase=lambda erasure: None,  # left by erase_from_events; the rows go with the account
        models=("events.WaitingListEntry",),
        order=31,
    )
)
register_personal_data(
    PersonalData(
        name="event_settings",
        title="Reminders, calendar address and dates you host",
        export=export_event_settings,
        erase=lambda erasure: None,  # these rows go with the account
        models=(
            "events.ReminderPreference",
            "events.CalendarFeedToken",
            "events.ImportJob",
            "events.CalendarSubscription",
        ),
        order=32,
    )
)
register_personal_data(
    PersonalData(
        name="appointments",
        title="One-to-one appointments",
        export=export_appointments,
        erase=erase_appointments,
        models=("events.Appointment",),
        order=33,
    )
)
