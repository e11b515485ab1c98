"""Telling copies of forum pages kept for visitors (frontend.shared.visitor_pages) that what they
show has changed. Each topic has a token in the cache, and the whole forum one more (for what
shows on every topic: names, badges, categories); a kept copy is keyed by both, so a change
gives every later visitor a fresh page, with nothing to find and delete.

Saving or deleting a post, topic, answering claim or council decision changes its topic's token
by itself (the signals below). A service that changes rows with a queryset's
`update()`, which sends no signal, calls `topic_changed` or `forum_changed` itself. Kept copies
also age out within a minute (COPY_SECONDS), for what changes with the clock: a badge whose
training ran out, "since 5 minutes ago".

Read the key (`copy_key`) before reading what goes into the copy: a change made meanwhile then
files the copy under a key nobody asks for again."""

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from community.models import Membership, Organisation, User
from forums.models import AnswerClaim, Category, CouncilDecision, Post, Topic

TOPIC_KEY = "forums:topic-token:{}"
FORUM_KEY = "forums:forum-token"
# Longer than any kept page, so a copy never outlives the token it was keyed by.
TOKEN_SECONDS = 60 * 60 * 24
COPY_SECONDS = 60


def topic_changed(topic_id: int) -> None:
    """What people see of this topic changed: now, and again once the change is committed, so
    a visitor's request between the two cannot keep a copy of the old page."""
    _renew(TOPIC_KEY.format(topic_id))


def forum_changed() -> None:
    """Something shown on every topic changed (a name, a badge, a category's rules)."""
    _renew(FORUM_KEY)


def tokens(topic_id: int) -> tuple[str, str]:
    """This topic's token and the forum's, made on first asking."""
    keys = (TOPIC_KEY.format(topic_id), FORUM_KEY)
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        # add, not set: a token another request made meanwhile stays.
        for key, token in missing.items():
            cache.add(key, token, TOKEN_SECONDS)
        found = {**found, **cache.get_many(list(missing))}
    return found.get(keys[0], ""), found.get(keys[1], "")


def copy_key(topic_id: int, what: str) -> str:
    """The cache key for a copy of `what` (a page, an API answer, as the adapter names it) of
    this topic as it is now."""
    topic_token, forum_token = tokens(topic_id)
    digest = hashlib.blake2b(f"{what}|{topic_token}|{forum_token}".encode(), digest_size=20)
    return f"forums:visitor-copy:{topic_id}:{digest.hexdigest()}"


def _renew(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, TOKEN_SECONDS)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, TOKEN_SECONDS))


# A person's fields that show on topics or decide what shows: saving only others (signing in
# stamps last_login) leaves kept pages alone, as does a new account (on no page yet).
_SHOWN_PERSON_FIELDS = {"display_name", "is_active", "banned", "suspended_until"}


def _topic_of(sender, instance, **kwargs) -> None:
    topic_id = instance.pk if sender.__name__ == "Topic" else getattr(instance, "topic_id", None)
    if topic_id is not None:
        topic_changed(topic_id)


def _forum_wide(sender, instance, update_fields=None, created=False, **kwargs) -> None:
    only_unshown = update_fields and not _SHOWN_PERSON_FIELDS & set(update_fields)
    if sender.__name__ == "User" and (only_unshown or created):
        return
    forum_changed()


def connect() -> None:
    """Called once, from the forums app's ready()."""
    for model in (Post, Topic, AnswerClaim, CouncilDecision):
        post_save.connect(_topic_of, sender=model, dispatch_uid=f"freshness-{model.__name__}")
        post_delete.connect(_topic_of, sender=model, dispatch_uid=f"freshness-{model.__name__}")
    for shared in (Category, User, Membership, Organisation):
        uid = f"freshness-{shared.__name__}"
        post_save.connect(_forum_wide, sender=shared, dispatch_uid=uid)
        post_delete.connect(_forum_wide, sender=shared, dispatch_uid=uid)
