"""One date of an event: adding it, moving it, cancelling it, giving it another host or another
number of places.

Every change raises the date's SEQUENCE, stamps LAST-MODIFIED and marks the feeds stale; a move,
a cancellation or a new host is told to everyone booked, waiting or offered a place, after
commit. Everyone booked on a moved or cancelled date is also e-mailed their calendar entry,
updated or cancelled, so calendars that took the e-mailed invitation keep in step. Why a date
moved or was cancelled (`change_reason`) is kept apart from the date's note.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from community.errors import NotAllowed
from community.models import Organisation, User
from community.permissions import is_site_admin
from community.services.audit import record
from community.services.memberships import roles_changed, when_role_ends
from community.services.notifications import notify_many
from events.emails import gets_calendar_updates, send_date_changed_emails
from events.errors import EventError
from events.feeds import feeds_changed, next_stamp, occurrence_people
from events.limits import check_date, check_places
from events.links import event_url
from events.models import Booking, Event, Occurrence, WaitingListEntry
from events.notification_kinds import OCCURRENCE_CHANGED
from events.permissions import can_be_host, can_cancel_event, can_change_date, can_manage_event
from events.recurrence import uk_local
from events.services.capacity import closes_at, count_places, lock_occurrence, set_places
from events.services.promotion import promote_from_waiting_list
from events.services.reminders import remind_again


def add_occurrence(
    *,
    creator: User,
    event: Event,
    start: datetime.datetime,
    end: datetime.datetime,
    capacity: int | None = None,
) -> Occurrence:
    """A single date (a workshop); repeating drop-ins get theirs from a series. It comes back
    counted (nobody booked or waiting yet), like every date a service here returns."""
    if not can_manage_event(creator, event):
        raise NotAllowed("Only staff of this organisation can add dates.")
    _check_times(start, end)
    check_places(capacity)
    with transaction.atomic():
        occurrence = Occurrence.objects.create(
            event=event,
            start=start,
            end=end,
            capacity=capacity or event.capacity,
            # A hybrid event's split of online and in-person places (None otherwise).
            online_capacity=event.online_capacity,
            last_modified=timezone.now(),
        )
        set_places(occurrence, taken=0, waiting=0)
        feeds_changed(events=[event])
        record(
            actor=creator,
            action="events.occurrence.added",
            subject=occurrence,
            organisation=event.organisation,
            start=start.isoformat(),
        )
    return occurrence


def _check_times(start: datetime.datetime, end: datetime.datetime) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise EventError("naive_time", "Times must say which time zone they are in.")
    check_date(start, field="start")
    check_date(end, field="end")
    if end <= start:
        raise EventError("ends_before_start", "The end must be after the start.", field="end")


def _changed(occurrence: Occurrence, fields: list[str]) -> None:
    occurrence.sequence += 1
    occurrence.last_modified = next_stamp(occurrence.last_modified)
    occurrence.save(update_fields=[*fields, "sequence", "last_modified"])


OFFERED = WaitingListEntry.Status.OFFERED


def _tell_everyone(
    occurrence: Occurrence, message: str, *, calendars_emailed: bool = False
) -> list[int]:
    """Notify everyone booked, waiting or holding a place offered to them; returns the booked
    people (their feeds change). The date comes back counted (`count_places`: offered places
    are taken). `calendars_emailed`: the booked are also e-mailed their calendar entry (a move
    or a cancellation), and that e-mail is their one e-mail: the notification is on the site
    only."""
    booked = list(
        Booking.objects.filter(
            occurrence=occurrence, status=Booking.Status.CONFIRMED
        ).select_related("person")
    )
    waiting = list(
        WaitingListEntry.objects.filter(
            occurrence=occurrence, status__in=[WaitingListEntry.Status.WAITING, OFFERED]
        ).select_related("person")
    )
    count_places(occurrence)
    people: dict[int, User] = {}
    for person in [b.person for b in booked] + [w.person for w in waiting]:
        if person is not None and person.is_active:  # walk-ins have no account
            people.setdefault(person.pk, person)
    # One bulk insert however many are booked; pushes and e-mails go after commit, from the
    # task worker, not while this date's row is locked.
    notify_many(
        recipients=list(people.values()),
        kind=OCCURRENCE_CHANGED.code,
        message=message,
        url=event_url(occurrence.event),
        about=occurrence,
        emailed_separately=(
            {b.person_id for b in booked if b.person_id and gets_calendar_updates(b)}
            if calendars_emailed
            else ()
        ),
    )
    return [b.person_id for b in booked if b.person_id is not None]


def cancel_occurrence(*, canceller: User, occurrence: Occurrence, reason: str = "") -> Occurrence:
    """The date stays (STATUS:CANCELLED in feeds); bookings stay too, so the register and the
    people booked can see what happened. Staff, the date's hosts, and moderators removing it."""
    if not (
        can_change_date(canceller, occurrence) or can_cancel_event(canceller, occurrence.event)
    ):
        raise NotAllowed("Only the date's hosts and the organisation's staff can cancel it.")
    with transaction.atomic():
        occurrence = lock_occurrence(occurrence)
        if occurrence.is_cancelled:
            raise EventError("already_cancelled", "This date is already cancelled.")
        occurrence.status = Occurrence.Status.CANCELLED
        occurrence.change_reason = _reason(reason)
        _changed(occurrence, ["status", "change_reason"])
        when = f"{uk_local(occurrence.start):%A %-d %B at %H:%M}"
        message = f"Cancelled: {occurrence.event.title} on {when}."
        if occurrence.change_reason:
            message += f" {occurrence.change_reason}"
        # Those offered a place are told with everyone, then the offers end: there is no place
        # to take, and nobody is offered one after them.
        _tell_everyone(occurrence, message, calendars_emailed=True)
        WaitingListEntry.objects.filter(occurrence=occurrence, status=OFFERED).update(
            status=WaitingListEntry.Status.OFFER_PASSED
        )
        count_places(occurrence)
        feeds_changed(events=[occurrence.event], person_ids=occurrence_people([occurrence]))
        _email_calendars_after_commit(occurrence, "date_cancelled")
        record(
            actor=canceller,
            action="events.occurrence.cancelled",
            subject=occurrence,
            organisation=occurrence.event.organisation,
            reason=occurrence.change_reason,
        )
    return occurrence


def move_occurrence(
    *,
    mover: User,
    occurrence: Occurrence,
    start: datetime.datetime,
    end: datetime.datetime,
    reason: str = "",
) -> Occurrence:
    """A new time for one date, by staff or the date's hosts. Bookings move with it; everyone
    booked and waiting is told, with the reason."""
    if not can_change_date(mover, occurrence):
        raise NotAllowed("Only the date's hosts and the organisation's staff can move it.")
    _check_times(start, end)
    with transaction.atomic():
        occurrence = lock_occurrence(occurrence)
        if occurrence.is_cancelled:
            raise EventError("cancelled", "A cancelled date cannot be moved.")
        was = occurrence.start
        before = uk_local(was)
        occurrence.start, occurrence.end = start, end
        occurrence.status = Occurrence.Status.MOVED
        occurrence.change_reason = _reason(reason)
        _changed(occurrence, ["start", "end", "status", "change_reason"])
        _cap_offers(occurrence)
        message = (
            f"Moved: {occurrence.event.title} on {before:%A %-d %B at %H:%M} is now on "
            f"{uk_local(start):%A %-d %B at %H:%M}."
        )
        if occurrence.change_reason:
            message += f" {occurrence.change_reason}"
        _tell_everyone(occurrence, message, calendars_emailed=True)
        feeds_changed(events=[occurrence.event], person_ids=occurrence_people([occurrence]))
        # A reminder sent for the old time said the wrong time: the new time gets its own.
        remind_again(occurrence=occurrence)
        _email_calendars_after_commit(occurrence, "date_moved", was=was)
        record(
            actor=mover,
            action="events.occurrence.moved",
            subject=occurrence,
            organisation=occurrence.event.organisation,
            start=start.isoformat(),
            end=end.isoformat(),
            reason=occurrence.change_reason,
        )
    return occurrence


def _reason(text: str) -> str:
    return " ".join(text.split())[:300]


def _cap_offers(occurrence: Occurrence) -> None:
    """A date moved earlier: places offered on it must be accepted before bookings now close
    (or, when they already have, the start), as when they were offered."""
    close = closes_at(occurrence)
    latest = close if close > timezone.now() else occurrence.start
    WaitingListEntry.objects.filter(
        occurrence=occurrence, status=OFFERED, offer_expires_at__gt=latest
    ).update(offer_expires_at=latest)


NOTE_LIMIT = 300


def add_date_note(*, editor: User, occurrence: Occurrence, note: str) -> Occurrence:
    """A note on one date ("Bring your last statement", "We are in room 2 this week"), shown on
    the event page beside the date and told to everyone booked and waiting. Staff and the
    date's hosts. An empty note takes the note away and tells nobody."""
    if not can_change_date(editor, occurrence):
        raise NotAllowed("Only the date's hosts and the organisation's staff can add a note.")
    note = " ".join(note.split())
    if len(note) > NOTE_LIMIT:
        raise EventError(
            "note_too_long", f"Keep the note to {NOTE_LIMIT} characters or fewer.", field="note"
        )
    given = occurrence
    with transaction.atomic():
        occurrence = lock_occurrence(occurrence)
        if occurrence.is_cancelled:
            raise EventError("cancelled", "A cancelled date cannot be changed.")
        if occurrence.note == note:
            return given
        occurrence.note = note
        _changed(occurrence, ["note"])
        if note:
            when = f"{uk_local(occurrence.start):%A %-d %B at %H:%M}"
            _tell_everyone(occurrence, f"A note about {occurrence.event.title} on {when}: {note}")
        else:
            count_places(occurrence)
        feeds_changed(events=[occurrence.event], person_ids=occurrence_people([occurrence]))
        record(
            actor=editor,
            action="events.occurrence.noted",
            subject=occurrence,
            organisation=occurrence.event.organisation,
            note=note,
        )
    return occurrence


def _email_calendars_after_commit(
    occurrence: Occurrence, kind: str, *, was: datetime.datetime | None = None
) -> None:
    """One task for everyone booked, queued once the change is committed (a rolled-back change
    tells no one); it reads the date as it is then, with its latest SEQUENCE. The reason goes
    with the task: the e-mail says why this change was made, whatever changed since."""
    occurrence_id, was_text = occurrence.pk, was.isoformat() if was else ""
    reason = occurrence.change_reason
    transaction.on_commit(
        lambda: send_date_changed_emails.enqueue(
            occurrence_id=occurrence_id, kind=kind, was=was_text, reason=reason
        )
    )


def change_occurrence(
    *,
    editor: User,
    occurrence: Occurrence,
    host: User | None = None,
    clear_host: bool = False,
    capacity: int | None = None,
) -> Occurrence:
    """Another host for one date (or none but the event's own), or a different number of places.
    Fewer places than are booked is refused: nobody loses a place they were given. A new host is
    news for everyone booked and waiting; more places go to the waiting list at once. Asking for
    what is already there changes nothing (no new SEQUENCE, no messages), and the date comes
    back as it was given."""
    if not can_manage_event(editor, occurrence.event):
        raise NotAllowed("Only staff of this organisation can change dates.")
    given = occurrence
    with transaction.atomic():
        occurrence = lock_occurrence(occurrence)
        if occurrence.is_cancelled:
            raise EventError("cancelled", "A cancelled date cannot be changed.")
        fields = []
        old_host_id = occurrence.host_id
        new_host = (host is not None or clear_host) and occurrence.host_id != getattr(
            host, "pk", None
        )
        if new_host:
            if host is not None and not can_be_host(host, occurrence.event):
                raise EventError(
                    "host_not_allowed", "Hosts are this organisation's people.", field="host"
                )
            occurrence.host = host
            fields.append("host")
        check_places(capacity)
        if capacity is not None and capacity != occurrence.capacity:
            if capacity < max(1, count_places(occurrence).places_taken):
                raise EventError(
                    "capacity_below_bookings",
                    "More places are already booked than that.",
                    field="capacity",
                )
            occurrence.capacity = capacity
            fields.append("capacity")
        if not fields:
            return given
        _changed(occurrence, fields)
        if "capacity" in fields:
            promote_from_waiting_list(occurrence=occurrence)
        people = occurrence_people([occurrence])
        if "host" in fields:
            _tell_everyone(occurrence, _new_host_message(occurrence))
            # The host before drops the date from their feed and maybe "Sessions I host".
            hosts = [pk for pk in (old_host_id, occurrence.host_id) if pk is not None]
            people.extend(hosts)
            roles_changed(hosts)
        # Every feed showing this date carries the new SEQUENCE, personal feeds included.
        feeds_changed(events=[occurrence.event], person_ids=people)
        record(
            actor=editor,
            action="events.occurrence.changed",
            subject=occurrence,
            organisation=occurrence.event.organisation,
            fields=fields,
        )
    return occurrence


def _new_host_message(occurrence: Occurrence) -> str:
    when = f"{uk_local(occurrence.start):%A %-d %B at %H:%M}"
    if occurrence.host is not None:
        who = f"{occurrence.host.display_name} is hosting it"
    else:
        who = "it is back with the usual hosts"
    return f"New host: {occurrence.event.title} on {when}: {who}."


@when_role_ends
def stop_hosting(person: User, organisation: Organisation) -> None:
    """Their last role at the organisation was taken away (community.services.memberships): they
    are no longer one of its events' hosts, nor the host of its dates still to come (past dates
    keep who hosted them). Site admins may host anywhere, so they stay."""
    if is_site_admin(person):
        return
    events = list(Event.objects.filter(organisation=organisation, hosts=person))
    for event in events:
        event.hosts.remove(person)
    dates = list(
        Occurrence.objects.filter(
            event__organisation=organisation, host=person, end__gte=timezone.now()
        ).select_related("event")
    )
    for occurrence in dates:
        occurrence.host = None
        _changed(occurrence, ["host"])
    if events or dates:
        feeds_changed(
            events={occurrence.event for occurrence in dates} | set(events),
            person_ids=[person.pk],
        )
