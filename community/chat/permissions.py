"""Who may do what in chat: one predicate per rule, for the consumer, the API and the pages."""

import datetime

from django.utils import timezone

from community.chat.models import Participant, Room
from community.models import Membership, User
from community.permissions import (
    Person,
    is_moderator,
    is_organisation_staff,
    is_signed_in,
    is_verified_staff,
)
from community.safety import holds
from community.safety.selectors import is_blocked_between
from community.safety.visibility import Visibility
from events.models import Booking, Occurrence
from events.permissions import is_host

# A drop-in room opens this long before the date starts, and closes when it ends.
OPENS_BEFORE = datetime.timedelta(minutes=15)
# People may change or delete what they wrote for this long.
EDIT_WINDOW = datetime.timedelta(minutes=10)


def opens_at(occurrence: Occurrence) -> datetime.datetime:
    return occurrence.start - OPENS_BEFORE


def date_of(room: Room) -> Occurrence:
    """The date a drop-in room follows (a database constraint says it has one)."""
    assert room.occurrence is not None, "a drop-in room always follows a date"
    return room.occurrence


def is_open(room: Room, now: datetime.datetime | None = None) -> bool:
    """Drop-in rooms are open from 15 minutes before their date until it ends; others always
    (unless archived)."""
    if room.archived:
        return False
    if not room.is_drop_in:
        return True
    occurrence = date_of(room)
    now = now or timezone.now()
    return not occurrence.is_cancelled and opens_at(occurrence) <= now < occurrence.end


def runs_drop_in(person: Person | None, occurrence: Occurrence) -> bool:
    """The date's hosts and the organisation's staff: they answer in the room and take people
    from the private-talk queue."""
    return is_host(person, occurrence.event, occurrence) or is_organisation_staff(
        person, occurrence.event.organisation
    )


def is_booked(person: User, occurrence: Occurrence) -> bool:
    return Booking.objects.filter(
        person=person, occurrence=occurrence, status=Booking.Status.CONFIRMED
    ).exists()


def is_advisor_of(person: Person | None, room: Room) -> bool:
    """A trained advisor or planning partner of the room's organisation."""
    if not is_signed_in(person) or room.organisation_id is None:
        return False
    return (
        Membership.objects.trained()
        .filter(person=person, organisation_id=room.organisation_id)
        .exists()
    )


def can_enter(person: Person | None, room: Room) -> bool:
    """May read the room (and, when it is open and they are not muted, write in it)."""
    if not is_signed_in(person):
        return False
    if room.is_private:
        return Participant.objects.filter(room=room, person=person, active=True).exists()
    if room.kind == Room.Kind.COMMUNITY:
        return True
    occurrence = date_of(room)
    return is_moderator(person) or is_booked(person, occurrence) or runs_drop_in(person, occurrence)


def can_moderate(person: Person | None, room: Room) -> bool:
    """Remove any message and mute people: moderators everywhere, hosts and staff in their
    drop-in rooms. Nobody moderates a private conversation from inside it."""
    if room.is_private or not is_signed_in(person):
        return False
    if is_moderator(person):
        return True
    return room.is_drop_in and runs_drop_in(person, date_of(room))


def sees_every_message(person: Person | None, room: Room) -> bool:
    """Moderators, and the staff of the room's organisation, see messages others do not yet (or
    no longer) see: waiting for approval, held after reports, hidden by a moderator."""
    if not is_signed_in(person):
        return False
    if is_moderator(person):
        return True
    # Only a verified organisation's staff: anyone can register an organisation.
    return room.organisation_id is not None and is_verified_staff(person, room.organisation_id)


def can_see_message(person: Person | None, message) -> bool:
    """Someone else's message that is not shown (waiting, held, hidden) is not there for others:
    only its author and the people who see every message may see it, and so report it."""
    if not can_enter(person, message.room) or not is_signed_in(person):
        return False
    return (
        message.visibility == Visibility.SHOWN
        or message.author_id == person.pk
        or sees_every_message(person, message.room)
    )


def talks_only_with_helpers(person: User, room: Room) -> bool:
    """A private conversation where everyone else is trained to help (an advisor or planning
    partner), a moderator or a verified organisation's staff. A new account's messages there do
    not wait for a moderator: someone reaching out for help must not be kept silent."""
    if not room.is_private:
        return False
    others = list(
        User.objects.filter(
            chat_participations__room=room, chat_participations__active=True
        ).exclude(pk=person.pk)
    )
    return bool(others) and all(
        holds.may_start_private_conversation(person=person, other=other) for other in others
    )


def can_take_from_queue(person: Person | None, room: Room) -> bool:
    """The drop-in's hosts and staff, and the organisation's trained advisors who are in it."""
    if not room.is_drop_in or not is_signed_in(person):
        return False
    return runs_drop_in(person, date_of(room)) or (
        is_advisor_of(person, room) and can_enter(person, room)
    )


def can_create_community_room(person: Person | None) -> bool:
    return is_moderator(person)


def is_trained(person: User) -> bool:
    return Membership.objects.trained().filter(person=person).exists()


def shares_a_conversation(first: User, second: User) -> bool:
    return (
        Participant.objects.filter(room__kind=Room.Kind.PRIVATE, person=first, active=True)
        .filter(room__participants__person=second, room__participants__active=True)
        .exists()
    )


def can_start_conversation(starter: Person | None, other: User) -> bool:
    """Members may start one with an advisor or planning partner, or with someone they already
    talk with; advisors, planning partners, staff and moderators with anyone. Never across a
    block, either way."""
    if not is_signed_in(starter) or not other.is_active or starter.pk == other.pk:
        return False
    if is_blocked_between(starter.pk, other.pk):
        return False
    return (
        is_trained(other)
        or is_trained(starter)
        or is_moderator(starter)
        or Membership.objects.filter(
            person=starter, role=Membership.Role.STAFF, active=True
        ).exists()
        or shares_a_conversation(starter, other)
    )


def can_edit_message(person: Person | None, message, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        is_signed_in(person)
        and message.author_id == person.pk
        and message.removed is None
        and now - message.created <= EDIT_WINDOW
    )
