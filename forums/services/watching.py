"""Watching (hear about every reply) and muting (hear nothing) a topic or a whole category."""

from django.db import transaction

from community.errors import NotAllowed
from community.models import User
from forums.errors import ForumError
from forums.models import Category, Topic, Watch
from forums.permissions import can_watch


def _level(level: str) -> str:
    if level not in Watch.Level.values:
        raise ForumError("unknown_level", "Choose watching or muted.", field="level")
    return level


def watch_topic(*, person: User, topic: Topic, level: str = Watch.Level.WATCHING) -> Watch:
    if topic.deleted or not can_watch(person, topic.category):
        raise NotAllowed("Sign in to watch topics.")
    with transaction.atomic():
        watch, _ = Watch.objects.update_or_create(
            person=person, topic=topic, defaults={"level": _level(level)}
        )
    return watch


def unwatch_topic(*, person: User, topic: Topic) -> None:
    """Back to the default: hear about it only through a watched category."""
    Watch.objects.filter(person=person, topic=topic).delete()


def watch_category(*, person: User, category: Category, level: str = Watch.Level.WATCHING) -> Watch:
    if not can_watch(person, category):
        raise NotAllowed("Sign in to watch themes.")
    with transaction.atomic():
        watch, _ = Watch.objects.update_or_create(
            person=person, category=category, defaults={"level": _level(level)}
        )
    return watch


def unwatch_category(*, person: User, category: Category) -> None:
    Watch.objects.filter(person=person, category=category).delete()


def watch_automatically(*, person: User, topic: Topic) -> None:
    """Authors and repliers watch a topic, unless they already chose (a mute stays a mute)."""
    Watch.objects.get_or_create(
        person=person, topic=topic, defaults={"level": Watch.Level.WATCHING}
    )
