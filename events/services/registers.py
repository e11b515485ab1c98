"""The register of one date: who came, who did not, who walked in; and its CSV download.

Attendance is marked from the date's start only, so the attendance figures count what happened,
not what someone expected to happen."""

import csv
import io

from django.db import transaction
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.services.audit import record
from events.errors import RegisterError
from events.models import ACCESS_NEEDS, Booking, Occurrence
from events.permissions import can_take_register
from events.recurrence import uk_local
from events.selectors import register_for


def mark_attendance(*, marker: User, booking: Booking, attended: bool | None) -> Booking:
    """True: came; False: did not come; None: not marked yet."""
    if not can_take_register(marker, booking.occurrence):
        raise NotAllowed("Only the hosts and staff can take the register.")
    if not booking.is_confirmed:
        raise RegisterError("not_booked", "This booking was cancelled.")
    check_started(booking.occurrence)
    with transaction.atomic():
        booking.attended = attended
        booking.save(update_fields=["attended"])
        record(
            actor=marker,
            action="events.register.marked",
            subject=booking,
            organisation=booking.occurrence.event.organisation,
            attended=attended,
        )
    return booking


def add_walk_in(
    *,
    marker: User,
    occurrence: Occurrence,
    name: str = "",
    person: User | None = None,
    companions: int = 0,
) -> Booking:
    """Someone who came without booking: recorded as attended. A drop-in does not turn people
    away at the door, so capacity is not checked here."""
    if not can_take_register(marker, occurrence):
        raise NotAllowed("Only the hosts and staff can take the register.")
    name = " ".join(name.split())
    if person is None and not name:
        raise RegisterError("name_needed", "Enter the person's name.", field="name")
    if not 0 <= companions <= 10:
        raise RegisterError("bad_companions", "Enter a number of companions.", field="companions")
    check_started(occurrence)
    with transaction.atomic():
        if person is not None:
            existing = Booking.objects.filter(
                occurrence=occurrence, person=person, status=Booking.Status.CONFIRMED
            ).first()
            if existing is not None:
                return mark_attendance(marker=marker, booking=existing, attended=True)
        booking = Booking.objects.create(
            occurrence=occurrence,
            person=person,
            walk_in=True,
            walk_in_name=name[:100],
            companions=companions,
            attended=True,
        )
        record(
            actor=marker,
            action="events.register.walk_in",
            subject=booking,
            organisation=occurrence.event.organisation,
        )
    return booking


def has_started(occurrence: Occurrence) -> bool:
    return timezone.now() >= occurrence.start


def check_started(occurrence: Occurrence) -> None:
    """Nobody can have come, or walked in, before the date starts."""
    if not has_started(occurrence):
        raise RegisterError(
            "not_started",
            f"You can take the register from {uk_local(occurrence.start):%H:%M on %A %-d %B}.",
        )


def booked_by_words(booking: Booking) -> str:
    """Who made the booking, as the register says it: the staff member who booked for someone,
    "Walk-in", or the booker (the person with the account)."""
    if booking.booked_by_id is not None:
        return booking.booked_by.display_name if booking.booked_by else ""
    if booking.walk_in:
        return "Walk-in"
    return booking.name


def place_for_words(booking: Booking) -> str:
    """Whom the place is for: the person named when booking, else the booker (or the name of a
    walk-in, or of someone booked by name)."""
    return booking.for_person_name or booking.name


def register_csv(*, viewer: User, occurrence: Occurrence) -> str:
    """The register as CSV, for the organisation's own records."""
    if not can_take_register(viewer, occurrence):
        raise NotAllowed("Only the hosts and staff can download the register.")
    needs = dict(ACCESS_NEEDS)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Place for", "Booked by", "Companions", "Access needs", "Notes", "Walk-in", "Came"]
    )
    for booking in register_for(occurrence=occurrence):
        came = {True: "yes", False: "no", None: ""}[booking.attended]
        writer.writerow(
            [
                _safe(place_for_words(booking)),
                _safe(booked_by_words(booking)),
                booking.companions,
                "; ".join(needs.get(code, code) for code in booking.access_needs),
                _safe(booking.access_notes),
                "yes" if booking.walk_in else "no",
                came,
            ]
        )
    record(
        actor=viewer,
        action="events.register.downloaded",
        subject=occurrence,
        organisation=occurrence.event.organisation,
        date=f"{uk_local(occurrence.start):%Y-%m-%d}",
    )
    return out.getvalue()


def _safe(text: str) -> str:
    """Spreadsheets run cells that start with =, +, - or @ as formulas; people's words must not."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
