"""What the chat sends over WebSocket, as plain dicts: the wire contract in docs/architecture.md.
The API's serializers give the same fields for the same message."""

from community.chat.models import Message, QueueEntry
from community.models.people import FORMER_MEMBER
from community.safety.visibility import Visibility


def author_frame(person, badges: list | None = None) -> dict:
    if person is None:
        return {"id": None, "display_name": FORMER_MEMBER, "badges": []}
    if badges is None:  # loaded with the author (community.chat.selectors.with_authors)
        badges = getattr(person, "badges", [])
    return {
        "id": person.pk,
        "display_name": person.display_name,
        "badges": [membership.badge for membership in badges],
    }


def message_frame(message: Message, badges: list | None = None) -> dict:
    """`badges`: the author's, when they were not loaded with the message."""
    removed = message.removed is not None
    return {
        "type": "message",
        "id": message.pk,
        "room": message.room_id,
        "author": author_frame(message.author, badges),
        "body_html": "" if removed else message.body_html,
        "created": message.created.isoformat(),
        "edited": message.edited.isoformat() if message.edited else None,
        "removed": removed,
        "client_id": str(message.client_id),
        # "shown", or for its author (and moderators) "waiting", "held" or "hidden".
        "visibility": message.visibility,
    }


def taken_away_frame(frame: dict) -> dict:
    """A message hidden from the room: everyone but its author sees it go, as if removed. Why it
    went (waiting, held after reports, hidden) is not theirs to know: it reads as any removal."""
    return {**frame, "body_html": "", "removed": True, "visibility": Visibility.SHOWN}


def removed_together_frame(room_id: int, message_ids: list[int]) -> dict:
    """Many messages removed at once (everything one person wrote): one frame per room."""
    return {"type": "messages_removed", "room": room_id, "ids": message_ids}


def queue_frame(room_id: int, entries: list[QueueEntry]) -> dict:
    """The queue as the room's advisors see it."""
    return {
        "type": "queue",
        "room": room_id,
        "waiting": [
            {
                "id": entry.pk,
                "position": entry.position,
                "person": {"id": entry.person_id, "display_name": entry.person.display_name},
                "joined": entry.joined.isoformat(),
            }
            for entry in entries
        ],
    }


def without_kept_apart(frame: dict, kept_apart: set[int]) -> dict:
    """A live queue frame (one for all the room's helpers) as one helper sees it: as
    `selectors.waiting_in(hide=...)` gives it from the database."""
    if not kept_apart:
        return frame
    waiting = [entry for entry in frame["waiting"] if entry["person"]["id"] not in kept_apart]
    return {
        **frame,
        "waiting": [{**entry, "position": place} for place, entry in enumerate(waiting, start=1)],
    }
