"""What the chat tells live sockets, always through `community.services.broadcasts` and only
after the change commits. Each room is one channel-layer group; `community.live` hands what
arrives to the sockets of that room on each server process."""

from community.services.broadcasts import person_group, send_after_commit


def room_group(room_id: int) -> str:
    return f"chat.room.{room_id}"


def to_room(
    room_id: int,
    frame: dict,
    *,
    author_id: int | None = None,
    only: int | None = None,
    skip: int | None = None,
    watchers: bool | None = None,
) -> None:
    """A frame for everyone in the room (see `room_event` for who gets it)."""
    to_room_events(
        room_id, [room_event(frame, author_id=author_id, only=only, skip=skip, watchers=watchers)]
    )


def room_event(
    frame: dict,
    *,
    author_id: int | None = None,
    only: int | None = None,
    skip: int | None = None,
    watchers: bool | None = None,
) -> dict:
    """A frame for everyone in the room (hidden from people who blocked `author_id`); with
    `only`, just that person's sockets in the room; with `skip`, everyone but that person.
    `watchers` are the sockets of people who see every message (moderators, the organisation's
    staff): True, they get it too (with `only`: that person and them, or only them when `only`
    is None); False, they never get it."""
    event = {"type": "chat.frame", "frame": frame, "author": author_id}
    if only is not None or watchers:
        event["only"] = only
    if skip is not None:
        event["skip"] = skip
    if watchers is not None:
        event["watchers"] = watchers
    return event


def to_room_events(room_id: int, events: list[dict]) -> None:
    """Room events (`room_event`) in one send, heard in this order: a batch of messages stored
    together costs one publish, and one hand-out on each server process, rather than one each."""
    if not events:
        return
    event = events[0] if len(events) == 1 else {"type": "chat.frames", "events": events}
    send_after_commit((room_group(room_id), event))


def to_helpers(room_id: int, frame: dict) -> None:
    """A frame only the room's hosts, staff and advisors see (the private-talk queue)."""
    send_after_commit(
        (room_group(room_id), {"type": "chat.frame", "frame": frame, "helpers_only": True})
    )


def presence_changed(room_id: int) -> None:
    send_after_commit((room_group(room_id), {"type": "chat.presence"}))


def leave_room(room_id: int, person_id: int) -> None:
    """Close a person's sockets in a room they may no longer enter (handed on, for example)."""
    send_after_commit((room_group(room_id), {"type": "chat.leave", "person": person_id}))


def to_people(person_ids: list[int], frame: dict) -> None:
    """A frame to each person's own channel (`/ws/me/`): their queue place, for example."""
    send_after_commit(
        *(
            (person_group(person_id), {"type": "me.frame", "frame": frame})
            for person_id in person_ids
        )
    )
