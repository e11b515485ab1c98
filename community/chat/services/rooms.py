"""Opening rooms, starting private conversations, entering shared rooms and muting people."""

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from community.chat import broadcasts
from community.chat.errors import ChatError
from community.chat.models import Participant, Room
from community.chat.permissions import (
    can_create_community_room,
    can_enter,
    can_moderate,
    can_start_conversation,
    is_advisor_of,
)
from community.errors import NotAllowed
from community.models import Theme, User
from community.permissions import is_organisation_staff
from community.safety import holds
from community.safety.selectors import kept_apart_ids
from community.services.audit import record
from events.models import Event, Occurrence


def drop_in_room(*, occurrence: Occurrence) -> Room:
    """The chat room of one date of an event that uses the site's chat room, made on first use."""
    event = occurrence.event
    if not event.use_site_chat_room or event.format == Event.Format.IN_PERSON:
        raise ChatError("no_chat_room", "This event does not use the Alongside chat room.")
    room = Room.objects.filter(kind=Room.Kind.DROP_IN, occurrence=occurrence).first()
    if room is not None:
        return room
    try:
        with transaction.atomic():
            return Room.objects.create(
                kind=Room.Kind.DROP_IN,
                occurrence=occurrence,
                organisation=event.organisation,
                name=event.title,
            )
    except IntegrityError:  # opened by someone else at the same moment
        return Room.objects.get(kind=Room.Kind.DROP_IN, occurrence=occurrence)


def create_community_room(
    *, creator: User, name: str, description: str = "", theme: Theme | None = None
) -> Room:
    if not can_create_community_room(creator):
        raise NotAllowed("Only moderators can open community rooms.")
    name = name.strip()
    if not name:
        raise ChatError("name_needed", "Give the room a name.", field="name")
    if Room.objects.filter(kind=Room.Kind.COMMUNITY, name__iexact=name, archived=False).exists():
        raise ChatError("name_taken", "There is already a room with that name.", field="name")
    room = Room.objects.create(
        kind=Room.Kind.COMMUNITY,
        name=name[:100],
        description=description.strip()[:300],
        theme=theme,
        created_by=creator,
    )
    record(actor=creator, action="chat.room_created", subject=room)
    return room


def _active_people_count():
    return (
        Participant.objects.filter(room=OuterRef("pk"), active=True)
        .order_by()
        .values("room")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )


def existing_conversation(first: User, second: User) -> Room | None:
    """The private conversation these two already have on their own, if any."""
    return (
        Room.objects.filter(kind=Room.Kind.PRIVATE, archived=False)
        .filter(participants__person=first, participants__active=True)
        .filter(participants__person=second, participants__active=True)
        .annotate(people=Coalesce(Subquery(_active_people_count()), 0))
        .filter(people=2)  # just the two of them, not a conversation with others as well
        .first()
    )


def start_conversation(
    *, starter: User, other: User, organisation=None, occurrence: Occurrence | None = None
) -> Room:
    """A private conversation between two people, or the one they already have."""
    if not holds.may_start_private_conversation(person=starter, other=other):
        # Strangers who write privately to new members are how scams begin.
        raise ChatError(
            "new_account_conversation",
            "New accounts can start private conversations with advisors and planning partners. "
            "You can talk to anyone in the open rooms.",
        )
    if not can_start_conversation(starter, other):
        raise NotAllowed(
            "You can start a private conversation with a peer advisor or planning partner, or "
            "with someone you already talk with."
        )
    existing = existing_conversation(starter, other)
    if existing is not None:
        return existing
    return open_private_room(
        people=[starter, other],
        created_by=starter,
        organisation=organisation,
        occurrence=occurrence,
    )


def open_private_room(*, people: list[User], created_by: User, organisation=None, occurrence=None):
    """No permission check: the callers (start_conversation, the private-talk queue) made it."""
    with transaction.atomic():
        room = Room.objects.create(
            kind=Room.Kind.PRIVATE,
            created_by=created_by,
            organisation=organisation,
            occurrence=occurrence,
        )
        Participant.objects.bulk_create(Participant(room=room, person=person) for person in people)
    return room


def enter_room(*, person: User, room: Room) -> Participant:
    """Open a room: checks who may, and keeps their read marker from here on."""
    if not can_enter(person, room):
        raise NotAllowed("This room is for the people taking part in it.")
    participant, _ = Participant.objects.get_or_create(room=room, person=person)
    return participant


def set_muted(*, moderator: User, room: Room, person: User, muted: bool = True) -> Participant:
    """Hosts, staff and moderators mute (or unmute) someone in a room: they can still read."""
    if not can_moderate(moderator, room):
        raise NotAllowed("Only the room's hosts and moderators can mute people.")
    if person.pk == moderator.pk:
        raise ChatError("cannot_mute_yourself", "You cannot mute yourself.", field="person")
    if not can_enter(person, room) and not room.participants.filter(person=person).exists():
        raise ChatError("not_in_room", "That person is not in this room.", field="person")
    participant, _ = Participant.objects.get_or_create(room=room, person=person)
    participant.muted = muted
    participant.muted_by = moderator if muted else None
    participant.save(update_fields=["muted", "muted_by"])
    record(
        actor=moderator,
        action="chat.muted" if muted else "chat.unmuted",
        subject=room,
        person=person.pk,
        organisation=room.organisation,
    )
    return participant


def hand_to_staff(*, advisor: User, conversation: Room, staff: User) -> Room:
    """An advisor passes a private conversation to a member of the organisation's staff: the
    staff member joins, the advisor leaves, and the member is told in the conversation."""
    organisation = conversation.organisation
    mine = Participant.objects.filter(room=conversation, person=advisor, active=True).first()
    if not conversation.is_private or mine is None or organisation is None:
        raise NotAllowed("You can hand on only a private conversation you are in.")
    if not (is_advisor_of(advisor, conversation) or is_organisation_staff(advisor, organisation)):
        raise NotAllowed("Only the organisation's advisors and staff can hand a conversation on.")
    others = conversation.participants.filter(active=True).exclude(person=advisor)
    if (
        staff.pk == advisor.pk
        or not organisation.memberships.filter(person=staff, role="staff", active=True).exists()
        or others.filter(person_id__in=kept_apart_ids(person_id=staff.pk)).exists()
    ):
        raise ChatError(
            "not_staff",
            f"Choose someone else on the staff of {organisation.name}.",
            field="staff",
        )
    with transaction.atomic():
        Participant.objects.update_or_create(
            room=conversation, person=staff, defaults={"active": True}
        )
        mine.active = False
        mine.save(update_fields=["active"])
        record(
            actor=advisor, action="chat.handed_on", subject=conversation, organisation=organisation
        )
        broadcasts.leave_room(conversation.pk, advisor.pk)
    return conversation
