"""What the safety rules ask of every forum write (issue 10): a new account's writing waits for a
moderator, links are limited for new accounts, and words that suggest risk bring up urgent help.

Writers learn whether to show the urgent-help panel from `urgent_help` on what they get back:
`Topic.urgent_help` from start_topic, `Post.urgent_help` from post_reply and edit_post (True or
False, never missing)."""

from community.models import User
from community.safety import holds, signposting
from community.safety.visibility import Visibility


def check_before_writing(*, author: User, body_html: str) -> None:
    holds.check_links(person=author, body_html=body_html)


def visibility_for(author: User) -> str:
    """WAITING for a new account still waiting for approvals, SHOWN for everyone else."""
    return Visibility.WAITING if holds.must_wait_for_approval(author) else Visibility.SHOWN


def visibility_after_edit(*, editor: User, current: str) -> str:
    """WAITING when a new account edits something others could see (approved text must not be
    swapped for something else); otherwise it keeps `current`. The rule is safety's, shared with
    chat."""
    return holds.visibility_after_edit(editor=editor, current=current)


def hold_for_approval(*, kind: str, object_id: int, author: User) -> None:
    holds.wait_for_approval(kind=kind, object_id=object_id, author=author)


def note_writing(*, kind: str, object_id: int, author: User, text: str) -> bool:
    """True when the writer should be shown the urgent-help panel. Never stops the write."""
    return signposting.note_writing(kind=kind, object_id=object_id, author=author, text=text)
