"""Whose name goes on a topic or post. A topic posted "without my name" shows "A member" for its
author, on the opening post and on any of their replies, to everyone but moderators."""

from collections.abc import Iterable

from community.models import User
from community.models.people import FORMER_MEMBER
from community.permissions import Person
from forums.models import Topic
from forums.permissions import can_see_anonymous_author, sees_unshown

ANONYMOUS_NAME = "A member"


def hides_author(*, viewer: Person | None, topic: Topic, author_id: int | None) -> bool:
    """True when this viewer must not learn who wrote it."""
    return (
        topic.anonymous
        and author_id is not None
        and author_id == topic.author_id
        and not can_see_anonymous_author(viewer)
    )


def shown_author(*, viewer: Person | None, topic: Topic, author: User | None) -> User | None:
    """The author this viewer may see, or None (hidden, or the account is gone)."""
    if author is None or hides_author(viewer=viewer, topic=topic, author_id=author.pk):
        return None
    return author


def display_author(*, viewer: Person | None, topic: Topic, author: User | None) -> str:
    if author is None:
        return FORMER_MEMBER
    if hides_author(viewer=viewer, topic=topic, author_id=author.pk):
        return ANONYMOUS_NAME
    return author.display_name


def public_name(*, topic: Topic, author: User | None) -> str:
    """The name for text everyone can read (quotes, notifications): never a hidden one."""
    return display_author(viewer=None, topic=topic, author=author)


def present_topics(topics: Iterable[Topic], *, viewer: Person | None) -> list[Topic]:
    """Set `author_name` (and `shown_author`, and `shown_visibility`: the visibility for its
    author and moderators, None for everyone else) on each topic for this viewer. No queries if
    the topics were loaded with `select_related("author")`, as `topics_for` does."""
    presented = list(topics)
    for topic in presented:
        topic.shown_author = shown_author(viewer=viewer, topic=topic, author=topic.author)
        topic.author_name = display_author(viewer=viewer, topic=topic, author=topic.author)
        topic.shown_visibility = topic.visibility if sees_unshown(viewer, topic.author_id) else None
    return presented
