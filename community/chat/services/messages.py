"""Sending, editing and removing messages: the same functions for WebSocket, API and pages.

A message is committed before anyone hears of it; the broadcast carries what was committed.
A resend with the same `client_id` (after a dropped connection) returns the stored message
instead of storing it twice: the database's unique constraint decides, not a read before write.
"""

import uuid
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from community.chat import broadcasts, statements
from community.chat.errors import ChatError
from community.chat.frames import message_frame, taken_away_frame
from community.chat.limits import check_body, check_rate, check_rates
from community.chat.models import Message, Participant, Room
from community.chat.notification_kinds import PRIVATE_MESSAGE
from community.chat.permissions import (
    can_edit_message,
    can_enter,
    can_moderate,
    is_open,
    talks_only_with_helpers,
)
from community.chat.selectors import author_badges, present_among
from community.chat.tasks import push_chat_unread_now, queue_room_unread
from community.content import render_markdown
from community.errors import CommunityError, NotAllowed
from community.models import Notification, User
from community.permissions import is_barred, is_signed_in
from community.rate_limits import RateLimited
from community.safety import holds, signposting
from community.safety.selectors import kept_apart_ids
from community.safety.visibility import Visibility
from community.services.audit import record
from community.services.notifications import notify_many


def parse_client_id(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError) as error:
        raise ChatError(
            "bad_client_id", "Each message needs a client_id (a UUID).", field="client_id"
        ) from error


@dataclass
class Outgoing:
    """One message someone asked to send."""

    author: User
    room: Room
    body: str
    client_id: object


Sent = tuple[Message, bool]


def post_message(*, author: User, room: Room, body: str, client_id) -> Sent:
    """Store and send a message. Returns (message, created): created is False for a resend."""
    result = post_messages([Outgoing(author, room, body, client_id)])[0]
    if isinstance(result, CommunityError):
        raise result
    return result


def post_messages(batch: list[Outgoing]) -> list[Sent | CommunityError]:
    """Store messages that arrived together in one transaction, then send each to its room.

    A busy drop-in's messages queue for the process's one database thread; storing the ones
    waiting together costs one commit (one disk flush) and one read of the writers' rows instead
    of that many each. Each message gets its own answer: (message, created), or the error that
    stopped it, which stops no other."""
    results: list[Sent | CommunityError | None] = [None] * len(batch)
    passed: list[tuple[int, Participant, Message]] = []
    participants = _read_writers_again(batch)
    waiting = holds.writers_who_must_wait(item.author for item in batch)
    for index, item in enumerate(batch):
        try:
            passed.append((index, *_checked(item, participants, waiting)))
        except CommunityError as error:
            results[index] = _resent_or(error, item)
    checked = []
    for entry, too_fast in zip(passed, _rate_checks(passed), strict=True):
        if too_fast is None:
            checked.append(entry)
        else:
            results[entry[0]] = _resent_or(too_fast, batch[entry[0]])
    for index, sent in _store(checked):
        results[index] = sent
    for room in {item.room for item, _ in _created(batch, results)}:
        transaction.on_commit(partial(queue_room_unread, room.pk))
    for item, message in _created(batch, results):
        if item.room.is_private and message.visibility == Visibility.SHOWN:
            notify_people_away(message, item.author)
    answered = [result for result in results if result is not None]
    if len(answered) != len(batch):  # each message is checked, refused or stored above
        raise RuntimeError("A message in the batch was left without an answer.")
    return answered


def _read_writers_again(batch: list[Outgoing]) -> dict[tuple[int, int], Participant]:
    """The writers' rows in their rooms (a first message creates its row), and each writer read
    again: an open socket holds the writer as they were at connect, and a suspension or ban since
    then must stop them even if the message that closes their sockets was lost. One query when
    every writer has a row (their socket made it on entering the room), two otherwise."""
    authors = [item.author for item in batch if item.author.pk is not None]
    if not authors:
        return {}
    participants: dict[tuple[int, int], Participant] = {}
    bars: dict[int, tuple] = {}
    rows = statements.writers_in_rooms(
        room_ids={item.room.pk for item in batch}, person_ids={a.pk for a in authors}
    )
    for participant, person_bars in rows:
        participants[(participant.room_id, participant.person_id)] = participant
        bars[participant.person_id] = person_bars
    _read_bars_again(authors, bars)
    return participants


def _read_bars_again(writers: list[User], read: dict[int, tuple] | None = None) -> None:
    """Each writer's bans, suspensions and closing as stored now (`read`: those already read);
    one query for the rest."""
    fresh = dict(read or {})
    missing = {writer.pk for writer in writers if writer.pk is not None} - fresh.keys()
    if missing:
        for pk, *stored in User.objects.filter(pk__in=missing).values_list(
            "pk", "banned", "suspended_until", "is_active"
        ):
            fresh[pk] = tuple(stored)
    for writer in writers:
        if writer.pk is None:
            continue
        # An account deleted meanwhile reads as closed.
        writer.banned, writer.suspended_until, writer.is_active = fresh.get(
            writer.pk, (False, None, False)
        )


def _check_not_barred(person: User) -> None:
    if is_barred(person):
        raise NotAllowed("Your account is suspended or banned, so you cannot send messages.")


def _checked(item: Outgoing, participants: dict, waiting: set[int]) -> tuple[Participant, Message]:
    _check_not_barred(item.author)
    if not is_signed_in(item.author):
        raise NotAllowed("Sign in to send messages.")
    client_id = parse_client_id(item.client_id)
    participant = _check_may_post(item.author, item.room, participants)
    body = check_body(item.body)
    message = Message(
        room=item.room,
        author=item.author,
        body=body,
        body_html=render_markdown(body),
        client_id=client_id,
    )
    holds.check_links(person=item.author, body_html=message.body_html)
    if item.author.pk in waiting and _may_wait_in(item.room, item.author):
        message.visibility = Visibility.WAITING
    return participant, message


def _may_wait_in(room: Room, author: User) -> bool:
    """A new account's first messages wait for a moderator, except at a drop-in (its hosts are
    there) and in a private conversation with people trained to help."""
    return not room.is_drop_in and not talks_only_with_helpers(author, room)


def _rate_checks(passed: list[tuple[int, Participant, Message]]) -> list[RateLimited | None]:
    """Each message counts against its writer's allowance; all of them in one round trip."""
    if not passed:
        return []
    return check_rates([participant.person_id for _, participant, _ in passed])


def _resent_or(error: CommunityError, item: Outgoing) -> Sent | CommunityError:
    """A resend of what was stored before the room closed (or a mute) is still stored."""
    if not is_signed_in(item.author):
        return error
    try:
        client_id = parse_client_id(item.client_id)
    except CommunityError:
        return error
    existing = Message.objects.filter(author=item.author, client_id=client_id).first()
    if existing is None:
        return error
    try:
        return _already_sent(existing, item.room), False
    except CommunityError as used:
        return used


def _store(checked: list[tuple[int, Participant, Message]]) -> list[tuple[int, Sent | ChatError]]:
    """Insert together; a resend among them (its client_id stored before) undoes that, and
    then each is stored on its own so the resend finds its stored message."""
    if not checked:
        return []
    messages = [message for _, _, message in checked]
    if statements.can_store_in_one_statement() and not any(map(_writes_more, messages)):
        # The common case, in one statement that is its own transaction: nothing else to write.
        try:
            statements.store_and_mark_read(messages)
        except IntegrityError:
            return [(index, _store_one(writer, message)) for index, writer, message in checked]
        tell_rooms(messages)
        return [(index, (message, True)) for index, _, message in checked]
    try:
        with transaction.atomic():
            statements.insert_messages(messages)
            statements.mark_read_by_writers([(writer, message) for _, writer, message in checked])
            for message in messages:
                _after_storing(message)
            tell_rooms(messages)
    except IntegrityError:
        return [(index, _store_one(writer, message)) for index, writer, message in checked]
    return [(index, (message, True)) for index, _, message in checked]


def _store_one(participant: Participant, message: Message) -> Sent | ChatError:
    try:
        with transaction.atomic():
            message.save(force_insert=True)
            statements.mark_read_by_writers([(participant, message)])
            _after_storing(message)
            tell_rooms([message])
    except IntegrityError:  # this client_id was stored before: a resend after a lost ack
        message.pk = None
        existing = Message.objects.get(author=message.author, client_id=message.client_id)
        try:
            return _already_sent(existing, message.room), False
        except ChatError as used:
            return used
    return message, True


def _created(batch: list[Outgoing], results: list) -> list[tuple[Outgoing, Message]]:
    return [
        (item, result[0])
        for item, result in zip(batch, results, strict=True)
        if isinstance(result, tuple) and result[1]
    ]


def _already_sent(message: Message, room: Room) -> Message:
    if message.room_id != room.pk:
        raise ChatError("client_id_used", "That client_id was used for another message.")
    return message


def _check_may_post(author: User, room: Room, participants: dict | None = None) -> Participant:
    if not can_enter(author, room):
        raise NotAllowed("This room is for the people taking part in it.")
    if not is_open(room):
        raise ChatError("room_closed", "This room is closed, so messages cannot be sent now.")
    participant = (participants or {}).get((room.pk, author.pk))
    if participant is None:
        participant, _ = Participant.objects.get_or_create(room=room, person=author)
    if participant.muted:
        raise ChatError("muted", "A host has muted you in this room, so you cannot send messages.")
    if room.is_private and _kept_apart_in(room, author):
        # A block ends a private conversation for both, whoever made it; say no more than that.
        raise ChatError("blocked", "You can no longer send messages in this conversation.")
    return participant


def _kept_apart_in(room: Room, person: User) -> bool:
    apart = kept_apart_ids(person_id=person.pk)
    return bool(apart) and (
        Participant.objects.filter(room=room, active=True, person_id__in=apart).exists()
    )


def _writes_more(message: Message) -> bool:
    """Whether `_after_storing` writes anything for this message (so it must share the insert's
    transaction)."""
    return message.visibility == Visibility.WAITING or signposting.mentions_risk(message.body)


def _after_storing(message: Message) -> None:
    """Inside the write: a waiting message goes to the queue, and words that suggest someone may
    be at risk reach the moderators at once (`message.urgent_help`: show the writer where to get
    help). Then the room hears of it (`tell_rooms`)."""
    room = message.room
    author = message.author
    assert author is not None, "a message is stored by its signed-in writer"
    if message.visibility == Visibility.WAITING:
        holds.wait_for_approval(
            kind=KIND,
            object_id=message.pk,
            author=author,
            organisation_id=room.organisation_id,
        )
    message.urgent_help = signposting.note_writing(
        kind=KIND,
        object_id=message.pk,
        author=author,
        text=message.body,
        organisation_id=room.organisation_id,
    )


# The name chat messages go by in community.safety (reports, cases, the queue).
KIND = "chat_message"


def tell_room(message: Message, *, room_saw_it: bool) -> None:
    """The message as stored, to everyone in the room (new, edited or removed alike). One that is
    not shown goes to its author's sockets and to those of people who see every message
    (moderators, the organisation's staff); the rest of the room sees it taken away, unless it
    never saw it (a message that waited)."""
    broadcasts.to_room_events(message.room_id, _room_events(message, room_saw_it=room_saw_it))


def tell_rooms(messages: list[Message]) -> None:
    """New messages stored together, to their rooms as `tell_room` tells each: one send per
    room for all of them, in the order they were stored (a busy room's process publishes,
    receives and hands out one event per batch rather than one per message)."""
    by_room: dict[int, list[dict]] = {}
    for message in messages:
        by_room.setdefault(message.room_id, []).extend(_room_events(message, room_saw_it=False))
    for room_id, events in by_room.items():
        broadcasts.to_room_events(room_id, events)


def _room_events(message: Message, *, room_saw_it: bool) -> list[dict]:
    badges = author_badges(message.author_id) if message.author_id is not None else []
    frame = message_frame(message, badges)
    if message.visibility == Visibility.SHOWN:
        return [broadcasts.room_event(frame, author_id=message.author_id)]
    events = [broadcasts.room_event(frame, only=message.author_id, watchers=True)]
    if room_saw_it:
        events.append(
            broadcasts.room_event(
                taken_away_frame(frame),
                author_id=message.author_id,
                skip=message.author_id,
                watchers=False,
            )
        )
    return events


def notify_people_away(message: Message, author: User) -> None:
    """People in the conversation who are not in it right now hear about it: in-app, and by the
    batched e-mail unless they chose otherwise. One unread notification per conversation."""
    room = message.room
    others = list(
        Participant.objects.filter(room=room, active=True)
        .exclude(person_id=author.pk)
        .values_list("person_id", flat=True)
    )
    away = (
        set(others)
        - present_among(room=room, person_ids=others)
        - kept_apart_ids(person_id=author.pk)
    )
    already = set(
        Notification.objects.filter(
            recipient_id__in=away,
            kind=PRIVATE_MESSAGE.code,
            about_type=room._meta.label_lower,
            about_id=room.pk,
            read_at__isnull=True,
        ).values_list("recipient_id", flat=True)
    )
    recipients = list(User.objects.filter(pk__in=away - already, is_active=True))
    notify_many(
        recipients=recipients,
        kind=PRIVATE_MESSAGE.code,
        message=f"{author.display_name} sent you a private message",
        url=room.get_absolute_url(),
        about=room,
        sender=author,
    )


def edit_message(*, editor: User, message: Message, body: str) -> Message:
    _read_bars_again([editor])
    _check_not_barred(editor)
    if not can_edit_message(editor, message):
        raise NotAllowed("You can change your own messages for 10 minutes after sending them.")
    # Someone muted, or in a closed room, may not rewrite what they wrote either.
    _check_may_post(editor, message.room)
    body = check_body(body)
    body_html = render_markdown(body)
    holds.check_links(person=editor, body_html=body_html)
    check_rate(editor.pk)  # every edit reaches the whole room, like a new message
    was = message.visibility
    after = holds.visibility_after_edit(editor=editor, current=was)
    if after != was and _may_wait_in(message.room, editor):
        message.visibility = after
    message.body = body
    message.body_html = body_html
    message.edited = timezone.now()
    with transaction.atomic():
        message.save(update_fields=["body", "body_html", "edited", "visibility"])
        if message.visibility != was:  # an approved message, edited by someone who still waits
            holds.wait_for_approval(
                kind=KIND,
                object_id=message.pk,
                author=editor,
                organisation_id=message.room.organisation_id,
            )
        message.urgent_help = signposting.note_writing(
            kind=KIND,
            object_id=message.pk,
            author=editor,
            text=body,
            organisation_id=message.room.organisation_id,
        )
        tell_room(message, room_saw_it=was == Visibility.SHOWN)
    return message


def remove_message(*, person: User, message: Message) -> Message:
    """Authors delete their own within 10 minutes; hosts and moderators remove any."""
    own = can_edit_message(person, message)
    if not own and not can_moderate(person, message.room):
        raise NotAllowed("You can delete your own messages for 10 minutes after sending them.")
    if message.removed is not None:
        return message
    message.removed = timezone.now()
    message.removed_by = person
    with transaction.atomic():
        message.save(update_fields=["removed", "removed_by"])
        if not own:
            record(
                actor=person,
                action="chat.message_removed",
                subject=message,
                organisation=message.room.organisation,
            )
        tell_room(message, room_saw_it=message.visibility != Visibility.WAITING)
    return message


def mark_read(*, person: User, room: Room, up_to: int) -> int:
    """Move the person's read marker forward (never back); their tabs get new counts."""
    if not isinstance(up_to, int) or isinstance(up_to, bool) or up_to < 0:
        raise ChatError("bad_up_to", "up_to must be a message id.", field="up_to")
    # Never past the newest message: a marker ahead of it would hide messages not yet written.
    newest = Message.objects.filter(room=room).aggregate(newest=Max("pk"))["newest"] or 0
    up_to = min(up_to, newest)
    changed = Participant.objects.filter(room=room, person=person, last_read_id__lt=up_to).update(
        last_read_id=up_to
    )
    if changed:
        # Their own action: their tabs update at once, not via the worker.
        transaction.on_commit(lambda: push_chat_unread_now([person.pk]))
    return changed
