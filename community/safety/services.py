"""Blocking and unblocking. Chat reads blocks through `community.safety.selectors`."""

from django.db import IntegrityError, transaction

from community.errors import CommunityError
from community.models import User
from community.permissions import is_signed_in
from community.safety.models import Block


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
    return block


def unblock_person(*, blocker: User, blocked: User) -> bool:
    deleted, _ = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)
