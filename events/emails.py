"""The e-mails events send directly (not batched with notifications): they carry an .ics file,
a one-click link to give a place back, or an unsubscribe link. A booking's e-mail is a task the
booking service enqueues after commit; it lives here, beside what it sends.

Every e-mail about a place carries the person's calendar entry for the date (events.invitations):
the invitation when they get the place, the same invitation with a higher SEQUENCE when the date
moves, a cancellation when the date or their place is cancelled, so a calendar app that took the
first keeps in step."""

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django_tasks import task

from events.feeds import location_of
from events.invitations import invitation_ics, method_for
from events.links import (
    absolute,
    chat_room_path,
    event_url,
    give_back_url,
    my_bookings_url,
    unsubscribe_url,
    uses_chat_room,
)
from events.models import Booking, WaitingListEntry
from events.recurrence import uk_local

SUBJECTS = {
    "booking_confirmed": "Your place at {title} is booked",
    "place_offered": "A place came free: you are booked for {title}",
    "reminder": "Reminder: {title} on {when}",
    "date_moved": "{title} has moved to {when}",
    "date_cancelled": "Cancelled: {title} on {when}",
    "booking_cancelled": "Your place at {title} on {when} is cancelled",
}


def _context(booking: Booking) -> dict[str, Any]:
    occurrence = booking.occurrence
    event = occurrence.event
    return {
        "person": booking.person,
        "booking": booking,
        "occurrence": occurrence,
        "event": event,
        "start": uk_local(occurrence.start),
        "end": uk_local(occurrence.end),
        "location": location_of(event),
        "event_url": absolute(event_url(event)),
        "my_bookings_url": absolute(my_bookings_url()),
        "give_back_url": absolute(give_back_url(booking.give_back_token)),
        # Only people with a place get these e-mails, so the room's address may go in them.
        "chat_room_url": absolute(chat_room_path(occurrence)) if uses_chat_room(event) else "",
        "site_url": settings.SITE_URL,
    }


def _send(
    kind: str,
    booking: Booking,
    context: dict[str, Any],
    *,
    attach_ics: bool,
    connection: Any = None,
) -> None:
    person = booking.person
    # Walk-ins without an account get no e-mail: every caller only sends for bookings with one.
    assert person is not None
    start = context["start"]
    subject = SUBJECTS[kind].format(
        title=booking.occurrence.event.title, when=f"{start:%A %-d %B at %H:%M}"
    )
    message = EmailMessage(
        subject=f"Alongside: {subject}"[:150],
        body=render_to_string(f"events/email/{kind}.txt", context),
        to=[person.email],
        connection=connection,
    )
    if attach_ics:
        # No charset here: Django adds it to a text part (given twice, both would be sent).
        message.attach(
            "event.ics", invitation_ics(booking), f"text/calendar; method={method_for(booking)}"
        )
    message.send()


@task()
def send_booking_email(*, booking_id: int, kind: str) -> bool:
    """A confirmation or a place from the waiting list, with the date as an .ics attachment."""
    booking = (
        Booking.objects.select_related("person", "occurrence__event__organisation")
        .filter(pk=booking_id, status=Booking.Status.CONFIRMED)
        .first()
    )
    if booking is None or booking.person is None or not booking.person.is_active:
        return False  # given back or cancelled before the e-mail went: nothing to say
    _send(kind, booking, _context(booking), attach_ics=True)
    return True


def send_reminder(
    booking: Booking,
    *,
    unsubscribe_token: str,
    hours: int,
    bookings: list[Booking] | None = None,
) -> None:
    """One reminder per person and date: `bookings` are all their places on it (a carer's for
    himself and for the people he books for), each listed with its own give-back link."""
    context = _context(booking)
    context["unsubscribe_url"] = absolute(unsubscribe_url(unsubscribe_token))
    context["hours"] = hours
    context["places"] = [
        {
            "name": place.for_person_name or "You",
            "companions": place.companions,
            "give_back_url": absolute(give_back_url(place.give_back_token)),
        }
        for place in (bookings or [booking])
    ]
    _send("reminder", booking, context, attach_ics=False)


def gets_calendar_updates(booking: Booking) -> bool:
    """Whether `send_date_changed_emails` writes to this booking's person: the same rule as its
    query, for callers that already hold the bookings (they leave out their own e-mail)."""
    return (
        booking.status == Booking.Status.CONFIRMED
        and not booking.walk_in
        and booking.person is not None
        and booking.person.is_active
    )


@task()
def send_date_changed_emails(
    *, occurrence_id: int, kind: str, was: str = "", reason: str | None = None
) -> int:
    """To everyone with a place on a date that moved ("date_moved", `was` its old start) or was
    cancelled ("date_cancelled"): the news, and their calendar entry updated or cancelled. One
    query however many people; one connection to the mail server for all of them. `reason`:
    why, as given with this change (None, from a task queued before it was passed: the date's
    reason as it is now)."""
    bookings = list(
        Booking.objects.select_related("person", "occurrence__event__organisation").filter(
            occurrence_id=occurrence_id,
            status=Booking.Status.CONFIRMED,
            walk_in=False,  # walk-ins were never sent an invitation
            person__isnull=False,
            person__is_active=True,
        )
    )
    was_start = uk_local(datetime.datetime.fromisoformat(was)) if was else None
    with get_connection() as connection:
        for booking in bookings:
            context = {**_context(booking), "was": was_start}
            context["reason"] = booking.occurrence.change_reason if reason is None else reason
            _send(kind, booking, context, attach_ics=True, connection=connection)
    return len(bookings)


@task()
def send_offer_email(*, entry_id: int, offer_path: str) -> bool:
    """A place offered from the waiting list, e-mailed at once whatever the person chose for
    their other news: an offer may last only an hour, too short for "soon after" or a digest.
    `offer_path` is the page where they accept or decline. Nothing is sent once the offer is no
    longer open (taken, declined or passed on before the e-mail went)."""
    entry = (
        WaitingListEntry.objects.select_related(
            "person", "adds_to", "occurrence__event__organisation"
        )
        .filter(pk=entry_id, status=WaitingListEntry.Status.OFFERED)
        .first()
    )
    if entry is None or entry.offer_expires_at is None or not entry.person.is_active:
        return False
    occurrence = entry.occurrence
    event = occurrence.event
    expires = uk_local(entry.offer_expires_at)
    context = {
        "person": entry.person,
        "entry": entry,
        "event": event,
        "places": entry.places,
        "more": entry.adds_to_id is not None,
        "start": uk_local(occurrence.start),
        "end": uk_local(occurrence.end),
        "location": location_of(event),
        "expires": expires,
        "offer_url": absolute(offer_path),
        "my_bookings_url": absolute(my_bookings_url()),
    }
    subject = f"A place came free at {event.title}: accept by {expires:%H:%M on %A %-d %B}"
    EmailMessage(
        subject=f"Alongside: {subject}"[:150],
        body=render_to_string("events/email/place_offer.txt", context),
        to=[entry.person.email],
    ).send()
    return True


@task()
def send_booking_cancelled_email(*, booking_id: int, by_organiser: bool = False) -> bool:
    """The person's place is gone (given back, or cancelled by the organisation): say so, and
    take the date out of the calendar that took the invitation."""
    booking = (
        Booking.objects.select_related("person", "occurrence__event__organisation")
        .filter(pk=booking_id, status=Booking.Status.CANCELLED, walk_in=False)
        .first()
    )
    if booking is None or booking.person is None or not booking.person.is_active:
        return False
    context = {**_context(booking), "by_organiser": by_organiser}
    _send("booking_cancelled", booking, context, attach_ics=True)
    return True
