"""'Talk privately to an advisor' at a drop-in: members join a queue the room's advisors see
live; an advisor takes the next person (or a chosen one), which opens a private conversation
between them. Everyone still waiting sees their new place at once."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from community.chat import broadcasts
from community.chat.errors import ChatError
from community.chat.frames import queue_frame
from community.chat.models import QueueEntry, Room
from community.chat.notification_kinds import PRIVATE_TALK_MISSED, PRIVATE_TALK_READY
from community.chat.permissions import can_enter, can_take_from_queue, is_open
from community.chat.selectors import waiting_in
from community.chat.services.rooms import open_private_room
from community.errors import NotAllowed
from community.models import User
from community.safety.selectors import kept_apart_ids
from community.services.notifications import notify, notify_many
from events.models import Occurrence


def join_queue(*, person: User, room: Room) -> QueueEntry:
    if not room.is_drop_in or not can_enter(person, room):
        raise NotAllowed("You can ask to talk privately in a drop-in you are booked on.")
    if not is_open(room):
        raise ChatError("room_closed", "The drop-in is closed, so the advisors cannot see you now.")
    if can_take_from_queue(person, room):
        raise ChatError("is_helper", "You are one of the people who answer in this room.")
    try:
        with transaction.atomic():
            entry = QueueEntry.objects.create(room=room, person=person)
            _tell_queue(room)
    except IntegrityError:  # already waiting (two clicks, two tabs): keep the first place
        entry = QueueEntry.objects.get(
            room=room, person=person, taken__isnull=True, left__isnull=True
        )
    return entry


def leave_queue(*, person: User, room: Room) -> bool:
    with transaction.atomic():
        left = QueueEntry.objects.filter(
            room=room, person=person, taken__isnull=True, left__isnull=True
        ).update(left=timezone.now())
        if left:
            _tell_queue(room)
            broadcasts.to_people(
                [person.pk], {"type": "queue_position", "room": room.pk, "position": None}
            )
    return bool(left)


def take_from_queue(*, advisor: User, room: Room, entry_id: int | None = None) -> QueueEntry:
    """Take the next person (or the one chosen) and open a private conversation with them."""
    if not can_take_from_queue(advisor, room):
        raise NotAllowed(
            "Only the drop-in's hosts, staff and advisors can take people from the queue."
        )
    with transaction.atomic():
        # Only the entries' own rows: locking the people's rows too would skip anyone whose
        # account row someone else holds. People kept apart from this advisor by a block are
        # left for another, without saying why.
        waiting = (
            QueueEntry.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(room=room, taken__isnull=True, left__isnull=True)
            .exclude(person_id__in=kept_apart_ids(person_id=advisor.pk))
        )
        if entry_id is not None:
            waiting = waiting.filter(pk=entry_id)
        entry = waiting.select_related("person").order_by("joined", "pk").first()
        if entry is None:
            raise ChatError(
                "nobody_waiting",
                "That person is no longer waiting." if entry_id else "Nobody is waiting.",
            )
        conversation = open_private_room(
            people=[entry.person, advisor],
            created_by=advisor,
            organisation=room.organisation,
            occurrence=room.occurrence,
        )
        entry.taken = timezone.now()
        entry.taken_by = advisor
        entry.conversation = conversation
        entry.save(update_fields=["taken", "taken_by", "conversation"])
        _tell_queue(room)
        ready = {
            "type": "private_talk_ready",
            "room": room.pk,
            "conversation": conversation.pk,
            "url": conversation.get_absolute_url(),
            "advisor": advisor.display_name,
        }
        broadcasts.to_people([entry.person_id], ready)
        notify(
            recipient=entry.person,
            kind=PRIVATE_TALK_READY.code,
            message=f"{advisor.display_name} is ready to talk privately with you",
            url=conversation.get_absolute_url(),
            about=conversation,
        )
    return entry


def close_ended_queues(*, now: datetime.datetime | None = None) -> int:
    """People still waiting when their drop-in ends (or is cancelled) leave the queue, and are
    told the advisors did not get to them and where to ask instead. Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        entries = list(
            QueueEntry.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(taken__isnull=True, left__isnull=True, room__kind=Room.Kind.DROP_IN)
            .filter(
                Q(room__occurrence__end__lte=now)
                | Q(room__occurrence__status=Occurrence.Status.CANCELLED)
            )
            .select_related("person", "room__organisation")
        )
        QueueEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(left=now)
        for room, people in _by_room(entries).items():
            _tell_queue(room)  # the helpers' list empties
            for person in people:
                broadcasts.to_people(
                    [person.pk], {"type": "queue_position", "room": room.pk, "position": None}
                )
            message, url = _where_to_ask_instead(room)
            notify_many(
                recipients=people,
                kind=PRIVATE_TALK_MISSED.code,
                message=message,
                url=url,
                about=room,
            )
    return len(entries)


def _where_to_ask_instead(room: Room) -> tuple[str, str]:
    ended = "The drop-in ended before an advisor was free to talk with you privately."
    if room.organisation is None:
        return ended, room.get_absolute_url()
    return (
        f"{ended} You can still ask one of {room.organisation.name}'s advisors for help.",
        room.organisation.get_absolute_url(),
    )


def _by_room(entries: list[QueueEntry]) -> dict[Room, list[User]]:
    rooms: dict[Room, list[User]] = {}
    for entry in entries:
        rooms.setdefault(entry.room, []).append(entry.person)
    return rooms


def _tell_queue(room: Room) -> None:
    """The room's helpers see the whole queue; each person waiting sees their own place."""
    entries = waiting_in(room=room)
    broadcasts.to_helpers(room.pk, queue_frame(room.pk, entries))
    for entry in entries:
        broadcasts.to_people(
            [entry.person_id],
            {"type": "queue_position", "room": room.pk, "position": entry.position},
        )
