"""Making and cancelling one-to-one appointments. Both people see them in their own calendar feeds,
so every change bumps both feeds; a cancelled one stays there, marked cancelled, with a higher
SEQUENCE, so calendar apps that copied it take it out."""

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from community.errors import HIDDEN_CHARACTER, NotAllowed
from community.models import User
from community.permissions import is_signed_in
from community.safety.selectors import is_blocked_between
from community.services.audit import record
from events.errors import EventError
from events.feeds import feeds_changed
from events.models import Appointment
from events.models.appointments import TITLE_MAX, WHERE_MAX


def make_appointment(
    *,
    organiser: User,
    guest: User | None,
    title: str,
    starts: datetime.datetime,
    ends: datetime.datetime,
    way: str,
    where: str = "",
) -> Appointment:
    """A time `organiser` and `guest` will meet. Both must have open accounts and not be kept
    apart by a block (which of them blocked the other is not said)."""
    if not is_signed_in(organiser):
        raise NotAllowed("Sign in to make an appointment.")
    if guest is None or not guest.is_active:
        raise EventError("not_found", "We could not find that person.", field="guest")
    if guest.pk == organiser.pk:
        raise EventError("invalid_guest", "Choose someone other than yourself.", field="guest")
    title = _clean_text(title, field="title", limit=TITLE_MAX)
    if not title:
        raise EventError("invalid_title", "Give the appointment a name.", field="title")
    where = _clean_text(where, field="where", limit=WHERE_MAX)
    if way not in Appointment.Way.values:
        raise EventError("invalid_way", "Choose how you will meet.", field="way")
    _check_times(starts, ends)
    if is_blocked_between(organiser.pk, guest.pk):
        raise EventError("blocked", "You cannot make an appointment with this person.")
    with transaction.atomic():
        appointment = Appointment.objects.create(
            title=title,
            starts=starts,
            ends=ends,
            way=way,
            where=where,
            organiser=organiser,
            guest=guest,
        )
        feeds_changed(person_ids=[organiser.pk, guest.pk])
        record(actor=organiser, action="events.appointment.made", subject=appointment)
    return appointment


def cancel_appointment(*, person: User, appointment: Appointment) -> Appointment:
    """Either of the two may call it off. It stays in both feeds as cancelled."""
    meeting = (appointment.organiser_id, appointment.guest_id)
    if not is_signed_in(person) or person.pk not in meeting:
        raise NotAllowed("Only the two people meeting can cancel this appointment.")
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.cancelled_at is not None:
            raise EventError("wrong_state", "This appointment was already cancelled.")
        locked.cancelled_at = timezone.now()
        locked.sequence += 1  # a change calendar apps must take: it is off
        locked.save(update_fields=["cancelled_at", "sequence", "updated"])
        feeds_changed(person_ids=[locked.organiser_id, locked.guest_id])
        record(actor=person, action="events.appointment.cancelled", subject=locked)
    appointment.cancelled_at, appointment.sequence = locked.cancelled_at, locked.sequence
    appointment.updated = locked.updated
    return appointment


def appointments_for(*, person: User, since: datetime.datetime) -> QuerySet[Appointment]:
    """A person's appointments (made by them or with them) that end after `since`, soonest
    first, cancelled ones included (each says so)."""
    return (
        Appointment.objects.filter(Q(organiser=person) | Q(guest=person), ends__gt=since)
        .select_related("organiser", "guest")
        .order_by("starts", "pk")
    )


def _check_times(starts: datetime.datetime, ends: datetime.datetime) -> None:
    if not isinstance(starts, datetime.datetime) or timezone.is_naive(starts):
        raise EventError("invalid_time", "Choose a date and a time.", field="starts")
    if starts <= timezone.now():
        raise EventError("invalid_time", "Choose a time that has not passed yet.", field="starts")
    if not isinstance(ends, datetime.datetime) or timezone.is_naive(ends) or ends <= starts:
        raise EventError("invalid_time", "The end must be after the start.", field="ends")


def _clean_text(text: str, *, field: str, limit: int) -> str:
    text = " ".join((text or "").split())
    if "\x00" in text:
        raise EventError("hidden_character", HIDDEN_CHARACTER, field=field)
    if len(text) > limit:
        raise EventError("too_long", f"Keep this to {limit} characters or fewer.", field=field)
    return text
