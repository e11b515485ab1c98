"""Blocking and unblocking. Chat reads blocks through `community.safety.selectors`."""

from django.db import IntegrityError, transaction

from community.errors import CommunityError
from community.models import User
from community.permissions import is_signed_in
from community.safety.models import Block
from community.services.broadcasts import person_group, send_after_commit


def block_person(*, blocker: User, blocked: User) -> Block:
    if not is_signed_in(blocker):
        raise CommunityError("not_signed_in", "Sign in to block someone.")
    if blocker.pk == blocked.pk:
        raise CommunityError("cannot_block_yourself", "You cannot block yourself.", field="person")
    try:
        with transaction.atomic():
            block, _ = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    except IntegrityError:  # the same block made twice at once: it exists now
        block = Block.objects.get(blocker=blocker, blocked=blocked)
    # Not in the audit log: whom someone blocks is private to them.
    _tell_open_sockets(blocker, blocked)
    return block


def unblock_person(*, blocker: User, blocked: User) -> bool:
    deleted, _ = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    if deleted:
        _tell_open_sockets(blocker, blocked)
    return bool(deleted)


def _tell_open_sockets(*people: User) -> None:
    """Both people's open chat sockets re-read whom to hide, so a block works at once. The
    event carries nothing about the other person: neither tab shows it."""
    send_after_commit(*((person_group(person.pk), {"type": "blocks.changed"}) for person in people))
