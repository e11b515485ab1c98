"""Delete my account: every app erases what it holds (the registry in `personal_data`), then the
account itself goes, taking the rows that belong only to it (profile, e-mail addresses, tokens,
notifications, roles, drafts, waiting lists, conversations' memberships)."""

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.permissions import holds_account
from community.safety.personal_data import Erasure, registered_personal_data
from community.services.audit import record
from community.services.broadcasts import person_group, send_after_commit


def delete_account(*, person: User, remove_posts: bool) -> None:
    """`remove_posts`: the person chose to have their posts and messages removed, rather than
    kept under "A former member" so the conversations others joined still read."""
    # A suspended or banned person keeps this right.
    if not holds_account(person):
        raise NotAllowed("Sign in to delete your account.")
    person_id = person.pk
    erasure = Erasure(person=person, remove_posts=remove_posts)
    with transaction.atomic():
        for entry in registered_personal_data():
            entry.erase(erasure)
        _end_sessions(person_id)
        # The audit log keeps that it happened, with nothing about who they were.
        record(actor=None, action="safety.account.deleted", removed_posts=remove_posts)
        person.delete()
        # Open tabs and chat sockets close now, not at their next message.
        send_after_commit((person_group(person_id), {"type": "account.closed"}))


def _end_sessions(person_id: int) -> None:
    """Sessions are signed blobs keyed by a random id, so finding a person's means reading
    every live one: fine at this community's size (thousands), one pass at deletion time."""
    wanted = str(person_id)
    live = Session.objects.filter(expire_date__gt=timezone.now())
    ended = [
        session.session_key
        for session in live.iterator(chunk_size=1000)
        if str(session.get_decoded().get("_auth_user_id", "")) == wanted
    ]
    Session.objects.filter(session_key__in=ended).delete()
