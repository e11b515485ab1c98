"""The register of one date: who came, who did not, who walked in; and its CSV download."""

import csv
import io

from django.db import transaction

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


def register_csv(*, viewer: User, occurrence: Occurrence) -> str:
    """The register as CSV, for the organisation's own records."""
    if not can_take_register(viewer, occurrence):
        raise NotAllowed("Only the hosts and staff can download the register.")
    needs = dict(ACCESS_NEEDS)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Name", "Booking for", "Companions", "Access needs", "Notes", "Walk-in", "Came"]
    )
    for booking in register_for(occurrence=occurrence):
        came = {True: "yes", False: "no", None: ""}[booking.attended]
        writer.writerow(
            [
                _safe(booking.name),
                _safe(booking.for_person_name),
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
