"""Access needs as a to-do list for the organisation: opening the things to arrange when a
booking asks for what the venue has not said it has, telling the organisation's staff at once,
and their answer (arranged, or cannot be), which the booker is told."""

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from community.errors import NotAllowed
from community.models import Membership, User
from community.services.audit import record
from community.services.notifications import notify, notify_many
from events.errors import BookingError
from events.links import my_bookings_url
from events.models import ACCESS_NEEDS, AccessRequest, Booking, Event
from events.models.bookings import AttendanceMode
from events.notification_kinds import ACCESS_ANSWERED, ACCESS_TO_ARRANGE
from events.permissions import can_manage_event
from events.recurrence import uk_local

# Needs the venue's own access list answers (Event fields of the same names).
VENUE_NEEDS = frozenset(
    {"step_free", "accessible_toilet", "hearing_loop", "bsl_interpreter", "quiet_space", "parking"}
)
# Needs that mean nothing to someone joining online: there is no room to get into.
ROOM_ONLY_NEEDS = frozenset(
    {"step_free", "accessible_toilet", "hearing_loop", "quiet_space", "parking"}
)
NEED_LABELS = {**dict(ACCESS_NEEDS), AccessRequest.NOTES: "Other access needs (in their words)"}
# What an organiser may answer: an item is reopened only by the booking asking again.
ANSWERS = (AccessRequest.Status.ARRANGED, AccessRequest.Status.NOT_POSSIBLE)
REPLY_LIMIT = 1000


def need_label(need: str) -> str:
    """The need in words: the access list's label, or "Other access needs" for the notes."""
    return NEED_LABELS.get(need, need)


def needs_to_arrange(booking: Booking, event: Event) -> list[str]:
    """The booking's needs the organisation must arrange, in the booking's order: those the venue
    does not offer (easy read and large print always), and "notes" when the booker wrote any."""
    online = event.format == Event.Format.ONLINE or (
        booking.attendance_mode == AttendanceMode.ONLINE
    )
    needs = []
    for need in booking.access_needs:
        if online and need in ROOM_ONLY_NEEDS:
            continue
        if need in VENUE_NEEDS and not online and getattr(event, need):
            continue
        needs.append(need)
    if booking.access_notes.strip():
        needs.append(AccessRequest.NOTES)
    return needs


def open_access_requests(booking: Booking, *, notes_changed: bool = False) -> list[AccessRequest]:
    """Within the caller's transaction, after a booking is made or changed: a to-do item for each
    need to arrange that has none yet (an item already answered stays as it is), and the items
    of needs the booking no longer asks for go. With `notes_changed` (the booker's own words are
    not what they were), the "notes" item is to arrange again, its answer cleared: staff must read
    the new words. Returns the new items; the organisation's staff are told of them, and of
    changed notes, after commit."""
    event = booking.occurrence.event
    wanted = needs_to_arrange(booking, event)
    if not wanted:
        AccessRequest.objects.filter(booking=booking).delete()  # one query: nothing cascades
        return []
    have = set(AccessRequest.objects.filter(booking=booking).values_list("need", flat=True))
    if have - set(wanted):
        AccessRequest.objects.filter(booking=booking, need__in=have - set(wanted)).delete()
    new = [AccessRequest(booking=booking, need=need) for need in wanted if need not in have]
    if new:
        AccessRequest.objects.bulk_create(new, ignore_conflicts=True)
    to_tell = [item.need for item in new]
    if notes_changed and AccessRequest.NOTES in have and AccessRequest.NOTES in wanted:
        _reopen_notes(booking, event)
        to_tell.append(AccessRequest.NOTES)
    if to_tell:
        booking_id = booking.pk
        transaction.on_commit(lambda: _tell_staff(booking_id, to_tell))
    return new


def _reopen_notes(booking: Booking, event: Event) -> None:
    """The booker's words changed: an answer to the old words no longer stands."""
    reopened = AccessRequest.objects.filter(booking=booking, need=AccessRequest.NOTES).exclude(
        status=AccessRequest.Status.TO_ARRANGE
    )
    if reopened.update(
        status=AccessRequest.Status.TO_ARRANGE, reply="", handled_by=None, handled_at=None
    ):
        record(
            actor=None,
            action="events.access_request.reopened",
            subject=booking,
            organisation=event.organisation,
            need=AccessRequest.NOTES,
        )


def attendee_name(booking: Booking) -> str:
    """Whom the place is for: the person named by a carer, else the booker (or the name staff
    took for someone without an account)."""
    return booking.for_person_name or booking.name


def booked_by_name(booking: Booking) -> str:
    """Who booked the place when it is not the person attending: the carer, or the staff member
    who booked it over the phone. Empty when people booked for themselves."""
    if booking.for_person_name and booking.person is not None:
        return booking.person.display_name
    if booking.booked_by is not None:
        return booking.booked_by.display_name
    return ""


def whom(booking: Booking) -> str:
    """ "Mary (booked by Sam)", or just "Sam"."""
    by = booked_by_name(booking)
    return f"{attendee_name(booking)} (booked by {by})" if by else attendee_name(booking)


def _day(booking: Booking) -> str:
    return f"{uk_local(booking.occurrence.start):%A %-d %B}"


def answer_url(item: AccessRequest) -> str:
    organisation = item.booking.occurrence.event.organisation
    return reverse("events_access_answer", args=[organisation.slug, item.pk])


def organisation_staff(organisation_id: int, *, leave_out: Iterable[int] = ()) -> list[User]:
    """The organisation's active staff (not moderators, not other organisations' staff)."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role=Membership.Role.STAFF,
            memberships__active=True,
        )
        .exclude(pk__in=list(leave_out))
        .distinct()
    )


def _tell_staff(booking_id: int, needs: list[str]) -> None:
    """After commit: tell the organisation's staff at once what this booking needs arranged.
    One notification for the booking, whatever the number of needs; it opens the answer page
    of a single need, or the to-do list for several."""
    booking = (
        Booking.objects.select_related("person", "booked_by", "occurrence__event__organisation")
        .filter(pk=booking_id, status=Booking.Status.CONFIRMED)
        .first()
    )
    if booking is None:  # cancelled before anyone could be told
        return
    items = list(
        AccessRequest.objects.filter(
            booking=booking, need__in=needs, status=AccessRequest.Status.TO_ARRANGE
        ).order_by("id")
    )
    if not items:
        return
    for item in items:
        item.booking = booking
    event = booking.occurrence.event
    # Staff who took the booking over the phone know already.
    staff = organisation_staff(
        event.organisation_id, leave_out=[booking.booked_by_id] if booking.booked_by_id else []
    )
    what = _and([need_label(item.need) for item in items])
    if len(items) == 1:
        url = answer_url(items[0])
    else:
        url = reverse("events_access_requests", args=[event.organisation.slug])
    notify_many(
        recipients=staff,
        kind=ACCESS_TO_ARRANGE.code,
        message=(
            f"Access to arrange: {what} for {whom(booking)} at {event.title} on {_day(booking)}."
        ),
        url=url,
        about=booking.occurrence,
    )


def _and(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def answer_access_request(
    *, staff: User, request: AccessRequest, status: str, reply: str = ""
) -> AccessRequest:
    """The organisation's staff answer one thing to arrange: arranged, or it cannot be, with an
    optional reply to the booker, who is told (a booking by name has nobody to tell: staff
    phone them). Answering again with the same words changes nothing."""
    booking = request.booking
    event = booking.occurrence.event
    if not can_manage_event(staff, event):
        raise NotAllowed("Only staff of this organisation can answer access needs.")
    if status not in ANSWERS:
        raise BookingError(
            "choose_answer", "Choose Arranged or Cannot be arranged.", field="status"
        )
    reply = reply.strip()
    if len(reply) > REPLY_LIMIT:
        raise BookingError(
            "reply_too_long",
            f"The reply must be {REPLY_LIMIT} characters or fewer.",
            field="reply",
        )
    with transaction.atomic():
        item = (
            AccessRequest.objects.select_for_update()
            .select_related("booking")
            .filter(pk=request.pk)
            .first()
        )
        if item is None or item.booking.status != Booking.Status.CONFIRMED:
            raise BookingError(
                "not_booked", "This booking was cancelled, so there is nothing to arrange."
            )
        if item.status == status and item.reply == reply:
            return item
        item.status = status
        item.reply = reply
        item.handled_by = staff
        item.handled_at = timezone.now()
        item.save(update_fields=["status", "reply", "handled_by", "handled_at"])
        item.booking = booking
        record(
            actor=staff,
            action="events.access_request.answered",
            subject=item,
            organisation=event.organisation,
            need=item.need,
            status=status,
        )
        booker = booking.person
        if booker is not None and booker.is_active:
            notify(
                recipient=booker,
                kind=ACCESS_ANSWERED.code,
                message=answer_message(item),
                url=my_bookings_url(),
                about=booking.occurrence,
            )
    return item


def answer_message(item: AccessRequest) -> str:
    """ "Budget basics on Tuesday 5 January: BSL interpreter — arranged. 'An interpreter will
    meet you at the door.'" (for Mary, when the place is for someone else)."""
    booking = item.booking
    what = need_label(item.need) if item.need != AccessRequest.NOTES else "What you wrote"
    if booking.for_person_name:
        what += f" for {booking.for_person_name}"
    answer = "arranged" if item.status == AccessRequest.Status.ARRANGED else "cannot be arranged"
    message = f"{booking.occurrence.event.title} on {_day(booking)}: {what} — {answer}."
    if item.reply:
        message += f" '{item.reply}'"
    return message
