"""Who hears about a new post, and what they are told. Called inside the writing transaction;
the notifications are stored there and pushed or e-mailed only after commit.

How much someone hears about a topic is decided as Discourse does: their choice on the topic if
they made one, otherwise their choice on its category. Watching a category means hearing about
every new topic in it and every reply in its topics; muting it means hearing nothing from its
topics, unless they watch a topic itself (a topic's watch wins over its category's mute).

Names in notification text are the public ones: a topic posted without a name says "A member".
However many people watch, telling them takes the same few queries."""

from collections.abc import Iterable

from django.db.models import Q

from community.models import User
from community.notification_kinds import NotificationKind
from community.services.notifications import notify_many
from forums.models import Post, Topic, Watch
from forums.notification_kinds import ANSWER_ACCEPTED, MENTION, NEW_TOPIC, REPLY
from forums.permissions import can_view_topic
from forums.selectors.authors import public_name
from forums.services.advisors import tell_advisors_about_question
from forums.services.mentions import mentioned_people


def watch_levels(topic: Topic, *, person_ids: Iterable[int] | None = None) -> dict[int, str]:
    """Each person's level for this topic ("watching" or "muted"; people who chose nothing are
    left out), from their watch on the topic or else on its category. One query."""
    rows = Watch.objects.filter(Q(topic=topic) | Q(category_id=topic.category_id))
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    levels: dict[int, str] = {}
    chose_for_topic: set[int] = set()
    for person_id, topic_id, level in rows.values_list("person_id", "topic_id", "level"):
        if topic_id is not None:
            levels[person_id] = level
            chose_for_topic.add(person_id)
        elif person_id not in chose_for_topic:
            levels[person_id] = level
    return levels


def _notify_many(
    *, people: list[User], kind: NotificationKind, message: str, post: Post, sender: User | None
) -> None:
    # `sender`: whoever did this; people who blocked them are not told (one query per batch).
    notify_many(
        recipients=people,
        kind=kind.code,
        message=message,
        url=post.get_absolute_url(),
        about=post,
        sender=sender,
    )


def _may_hear(person: User, topic: Topic, levels: dict[int, str]) -> bool:
    return levels.get(person.pk) != Watch.Level.MUTED and can_view_topic(person, topic)


def tell_about_new_post(*, post: Post, mentioned: list[User] | None = None) -> None:
    """Mentions first (a mentioned watcher gets one notification, not two), then the people
    watching: of the category for a new topic, of the topic (or its category) for a reply."""
    topic = post.topic
    author_name = public_name(topic=topic, author=post.author)
    mentioned = mentioned_people(post.body) if mentioned is None else mentioned
    levels = watch_levels(topic)
    told = {post.author_id}
    mentions = [
        person for person in mentioned if person.pk not in told and _may_hear(person, topic, levels)
    ]
    told.update(person.pk for person in mentions)
    _notify_many(
        people=mentions,
        kind=MENTION,
        message=f"{author_name} mentioned you in “{topic.title}”",
        post=post,
        sender=post.author,
    )
    # A question for an advisor's answer: advisors who know its theme hear of it as that (their
    # own kind of notification), not also as a new topic in a category they watch.
    told.update(
        person.pk
        for person in tell_advisors_about_question(
            post=post, author_name=author_name, levels=levels, told=told
        )
    )
    watcher_ids = {
        person_id for person_id, level in levels.items() if level == Watch.Level.WATCHING
    } - told
    if not watcher_ids:
        return
    watchers = [
        person
        for person in User.objects.filter(pk__in=watcher_ids, is_active=True)
        if can_view_topic(person, topic)
    ]
    if post.number == 1:
        kind = NEW_TOPIC
        message = f"{author_name} started “{topic.title}” in {topic.category.name}"
    else:
        kind, message = REPLY, f"{author_name} replied in “{topic.title}”"
    _notify_many(people=watchers, kind=kind, message=message, post=post, sender=post.author)


def tell_about_new_mentions(*, post: Post, previous_body: str) -> None:
    """After an edit: only people mentioned now who were not mentioned before."""
    before = {person.pk for person in mentioned_people(previous_body)}
    new = [
        person
        for person in mentioned_people(post.body)
        if person.pk not in before and person.pk != post.author_id
    ]
    if not new:
        return
    topic = post.topic
    levels = watch_levels(topic, person_ids=[person.pk for person in new])
    author_name = public_name(topic=topic, author=post.author)
    _notify_many(
        people=[person for person in new if _may_hear(person, topic, levels)],
        kind=MENTION,
        message=f"{author_name} mentioned you in “{topic.title}”",
        post=post,
        sender=post.author,
    )


def tell_answer_accepted(*, post: Post, accepted_by: User) -> None:
    author = post.author
    if author is None or post.author_id == accepted_by.pk or not author.is_active:
        return
    topic = post.topic
    if not _may_hear(author, topic, watch_levels(topic, person_ids=[author.pk])):
        return
    _notify_many(
        people=[author],
        kind=ANSWER_ACCEPTED,
        message=f"Your reply was chosen as the answer to “{topic.title}”",
        post=post,
        sender=accepted_by,
    )
