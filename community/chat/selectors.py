"""Reading chat: rooms with unread counts, history, who is here, the queue, drop-in figures."""

import datetime
import time
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.chat.models import Message, Participant, Presence, QueueEntry, Room
from community.models import Membership, User
from community.safety.models import Block
from community.safety.selectors import hidden_authors
from community.safety.visibility import Visibility
from community.selectors import badge_memberships

# Replayed on connect at most; beyond this the client is told of a gap and pages with the API.
REPLAY_LIMIT = 200
# A socket's presence row counts while it was seen this recently (sockets refresh every 30 s).
PRESENCE_FRESH = datetime.timedelta(seconds=90)


def with_authors(messages: QuerySet[Message]) -> QuerySet[Message]:
    """Authors and their badges in two more queries, however many messages."""
    return messages.select_related("author").prefetch_related(
        Prefetch("author__memberships", queryset=badge_memberships(), to_attr="badges")
    )


# A badge is earned by training and changes seldom; each process keeps an author's for this
# long rather than asking the database again with every message they send.
BADGES_KEPT_SECONDS = 60
_badges_seen: dict[int, tuple[float, list]] = {}


def author_badges(person_id: int) -> list:
    now = time.monotonic()
    seen = _badges_seen.get(person_id)
    if seen is not None and now - seen[0] < BADGES_KEPT_SECONDS:
        return seen[1]
    badges = list(badge_memberships().filter(person_id=person_id))
    if len(_badges_seen) > 10_000:  # a bound, not an eviction policy: start again
        _badges_seen.clear()
    _badges_seen[person_id] = (now, badges)
    return badges


def forget_author_badges() -> None:
    """Drop the badges kept in memory (tests, where ids come round again)."""
    _badges_seen.clear()


def visible_messages(*, room: Room, viewer_id: int, sees_all: bool = False) -> QuerySet[Message]:
    """The room's messages, without those of people the viewer blocked. Only shown ones, but for
    the viewer's own (waiting or hidden, marked so) and, with `sees_all`
    (permissions.sees_every_message), every one."""
    messages = Message.objects.filter(room=room)
    if not sees_all:
        messages = messages.filter(Q(visibility=Visibility.SHOWN) | Q(author_id=viewer_id))
    hidden = hidden_authors(person_id=viewer_id)
    if hidden:
        messages = messages.exclude(author_id__in=hidden)
    return messages


def messages_after(
    *, room: Room, viewer_id: int, since: int, sees_all: bool = False
) -> tuple[list[Message], int | None]:
    """What to replay on connect: messages after `since`, oldest first, at most REPLAY_LIMIT.
    When more were missed, the second value is the id before which the client must page."""
    newest = list(
        with_authors(
            visible_messages(room=room, viewer_id=viewer_id, sees_all=sees_all).filter(pk__gt=since)
        ).order_by("-pk")[: REPLAY_LIMIT + 1]
    )
    gap_before = None
    if len(newest) > REPLAY_LIMIT:
        newest = newest[:REPLAY_LIMIT]
        gap_before = newest[-1].pk
    return newest[::-1], gap_before


def messages_before(
    *,
    room: Room,
    viewer_id: int,
    before: int | None = None,
    limit: int = 50,
    sees_all: bool = False,
) -> list[Message]:
    """A page of history, newest first (the no-JavaScript page and 'load older')."""
    messages = visible_messages(room=room, viewer_id=viewer_id, sees_all=sees_all)
    if before is not None:
        messages = messages.filter(pk__lt=before)
    return list(with_authors(messages).order_by("-pk")[:limit])


def history_for(*, room: Room, viewer_id: int, sees_all: bool = False) -> QuerySet[Message]:
    """Newest first, for cursor pagination in the API."""
    messages = visible_messages(room=room, viewer_id=viewer_id, sees_all=sees_all)
    return with_authors(messages).order_by("-pk")


def message_for(*, message_id: int, room: Room | None = None) -> Message | None:
    """One message with what its rules need (its room's date, event and organisation) and its
    author's badges; only within `room` when given. The pages, the API and the socket use it."""
    messages = with_authors(Message.objects.filter(pk=message_id)).select_related(
        "room__occurrence__event__organisation", "room__organisation"
    )
    if room is not None:
        messages = messages.filter(room=room)
    return messages.first()


def participant_for(*, room: Room, person: User) -> Participant | None:
    return Participant.objects.filter(room=room, person=person).first()


def unread_subquery() -> Coalesce:
    """Unread messages in the participant's room: after their marker, not their own, not removed,
    and shown (a message waiting for a moderator, or hidden, is nobody's news)."""
    return Coalesce(
        Subquery(
            Message.objects.filter(
                room=OuterRef("room_id"),
                pk__gt=OuterRef("last_read_id"),
                removed__isnull=True,
                visibility=Visibility.SHOWN,
            )
            .exclude(author_id=OuterRef("person_id"))
            # Messages of people the reader blocked are hidden, so they are never unread.
            .exclude(
                Exists(
                    Block.objects.filter(
                        blocker_id=OuterRef(OuterRef("person_id")), blocked_id=OuterRef("author_id")
                    )
                )
            )
            .order_by()
            .values("room")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def my_participations(*, person: User) -> QuerySet[Participant]:
    """The rooms a person is in (private conversations still active, shared rooms they opened),
    each with `unread` and `last_message_id`, most recent first. One query."""
    return (
        Participant.objects.filter(person=person, room__archived=False)
        .exclude(room__kind=Room.Kind.PRIVATE, active=False)
        .select_related("room", "room__theme", "room__occurrence__event")
        .annotate(
            unread=unread_subquery(),
            last_message_id=Coalesce(
                Subquery(
                    Message.objects.filter(room=OuterRef("room_id"), visibility=Visibility.SHOWN)
                    .order_by("-pk")
                    .values("pk")[:1]
                ),
                0,
            ),
        )
        .order_by("-last_message_id", "-pk")
    )


def unread_chat_counts(*, person_ids: list[int]) -> dict[int, dict[int, int]]:
    """{person: {room: unread}} for rooms with something unread, in one query."""
    rows = (
        Participant.objects.filter(person_id__in=person_ids, room__archived=False)
        .exclude(room__kind=Room.Kind.PRIVATE, active=False)
        .annotate(unread=unread_subquery())
        .filter(unread__gt=0)
        .values_list("person_id", "room_id", "unread")
    )
    counts: dict[int, dict[int, int]] = {person_id: {} for person_id in person_ids}
    for person_id, room_id, unread in rows:
        counts[person_id][room_id] = unread
    return counts


def community_rooms() -> QuerySet[Room]:
    return Room.objects.filter(kind=Room.Kind.COMMUNITY, archived=False).select_related("theme")


def room_detail(*, room_id: int) -> Room | None:
    return (
        Room.objects.select_related("theme", "organisation", "occurrence__event__organisation")
        .filter(pk=room_id)
        .first()
    )


def drop_in_room_for(*, occurrence_id: int) -> Room | None:
    return Room.objects.filter(kind=Room.Kind.DROP_IN, occurrence_id=occurrence_id).first()


def conversation_people(*, room: Room) -> list[User]:
    return [
        participant.person
        for participant in Participant.objects.filter(room=room, active=True)
        .select_related("person")
        .order_by("joined", "pk")
    ]


@dataclass(frozen=True)
class Here:
    """Who is in a room now: everyone's id (for hiding across blocks), and the advisors, hosts
    and staff by name (members are counted, not named)."""

    people: list[int]
    helpers: list[dict]


def present_people(*, room: Room) -> Here:
    fresh = timezone.now() - PRESENCE_FRESH
    people = sorted(
        set(Presence.objects.filter(room=room, seen__gte=fresh).values_list("person_id", flat=True))
    )
    helpers = []
    if people and room.organisation_id is not None:
        helpers = [
            {"id": person_id, "display_name": name}
            for person_id, name in User.objects.filter(
                pk__in=people,
                memberships__in=Membership.objects.filter(
                    organisation_id=room.organisation_id, active=True
                ).filter(Q(role__in=Membership.TRAINED_ROLES) | Q(role=Membership.Role.STAFF)),
            )
            .distinct()
            .order_by("display_name")
            .values_list("pk", "display_name")
        ]
    return Here(people=people, helpers=helpers)


def is_present(*, room: Room, person_id: int) -> bool:
    fresh = timezone.now() - PRESENCE_FRESH
    return Presence.objects.filter(room=room, person_id=person_id, seen__gte=fresh).exists()


def present_among(*, room: Room, person_ids: list[int]) -> set[int]:
    fresh = timezone.now() - PRESENCE_FRESH
    return set(
        Presence.objects.filter(room=room, person_id__in=person_ids, seen__gte=fresh).values_list(
            "person_id", flat=True
        )
    )


def waiting_in(*, room: Room, hide: set[int] | frozenset[int] = frozenset()) -> list[QueueEntry]:
    """The queue in order, each with `position` (1 = next). `hide`: people kept apart from the
    helper looking (a block); they are left out and the rest numbered again, as the take
    passes over them too."""
    entries = list(
        QueueEntry.objects.filter(room=room, taken__isnull=True, left__isnull=True)
        .exclude(person_id__in=hide)
        .select_related("person")
        .order_by("joined", "pk")
    )
    for position, entry in enumerate(entries, start=1):
        entry.position = position
    return entries


def my_queue_entry(*, room: Room, person: User) -> QueueEntry | None:
    """The person's latest entry in this room's queue (waiting, taken or left), with `position`
    while waiting."""
    entry = QueueEntry.objects.filter(room=room, person=person).order_by("-joined", "-pk").first()
    if entry is not None and entry.is_waiting:
        entry.position = (
            QueueEntry.objects.filter(room=room, taken__isnull=True, left__isnull=True)
            .filter(Q(joined__lt=entry.joined) | Q(joined=entry.joined, pk__lt=entry.pk))
            .count()
            + 1
        )
    return entry


@dataclass(frozen=True)
class PrivateTalkFigures:
    """What an organisation sees of a drop-in's private talks: how many, and the waits. Never
    who, and never what was said."""

    conversations: int
    asked: int
    left_before_taken: int
    average_wait: datetime.timedelta | None
    longest_wait: datetime.timedelta | None

    @property
    def average_minutes(self) -> int | None:
        return _whole_minutes(self.average_wait)

    @property
    def longest_minutes(self) -> int | None:
        return _whole_minutes(self.longest_wait)


def _whole_minutes(wait: datetime.timedelta | None) -> int | None:
    return None if wait is None else round(wait.total_seconds() / 60)


def private_talk_figures(*, room: Room) -> PrivateTalkFigures:
    rows = QueueEntry.objects.filter(room=room).values_list("joined", "taken", "left")
    return _figures(list(rows))


def _figures(rows: list[tuple]) -> PrivateTalkFigures:
    """From (joined, taken, left) of each time someone asked."""
    waits = [taken - joined for joined, taken, _ in rows if taken is not None]
    return PrivateTalkFigures(
        conversations=len(waits),
        asked=len(rows),
        left_before_taken=sum(1 for _, taken, left in rows if taken is None and left is not None),
        average_wait=sum(waits, datetime.timedelta()) / len(waits) if waits else None,
        longest_wait=max(waits) if waits else None,
    )


@dataclass(frozen=True)
class DropInTalks:
    room_id: int
    start: datetime.datetime
    title: str
    figures: PrivateTalkFigures


def private_talks_by_drop_in(
    *, organisation_id: int, since: datetime.datetime
) -> list[DropInTalks]:
    """Each of an organisation's drop-ins since a date where someone asked to talk privately,
    newest first, with its figures: one query however many."""
    rows = QueueEntry.objects.filter(
        room__kind=Room.Kind.DROP_IN,
        room__organisation_id=organisation_id,
        room__occurrence__start__gte=since,
    ).values_list(
        "room_id",
        "room__occurrence__start",
        "room__occurrence__event__title",
        "joined",
        "taken",
        "left",
    )
    by_room: dict[int, tuple[datetime.datetime, str, list[tuple]]] = {}
    for room_id, start, title, joined, taken, left in rows:
        by_room.setdefault(room_id, (start, title, []))[2].append((joined, taken, left))
    talks = [
        DropInTalks(room_id=room_id, start=start, title=title, figures=_figures(entries))
        for room_id, (start, title, entries) in by_room.items()
    ]
    return sorted(talks, key=lambda talk: talk.start, reverse=True)
