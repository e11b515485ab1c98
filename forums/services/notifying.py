"""Who hears about a new post, and what they are told. Called inside the writing transaction;
community's notify() sends pushes and e-mail only after commit.

Names in notification text are the public ones: a topic posted without a name says "A member"."""

from community.models import User
from community.services.notifications import notify
from forums.models import Post, Topic, Watch
from forums.notification_kinds import ANSWER_ACCEPTED, MENTION, REPLY
from forums.permissions import can_view_topic
from forums.selectors.authors import public_name
from forums.services.mentions import mentioned_people


def _watchers(topic: Topic) -> set[int]:
    """People watching the topic, or its category without having muted the topic."""
    rows = Watch.objects.filter(topic=topic) | Watch.objects.filter(category_id=topic.category_id)
    watching, muted = set(), set()
    for person_id, topic_id, level in rows.values_list("person_id", "topic_id", "level"):
        if level == Watch.Level.MUTED and topic_id is not None:
            muted.add(person_id)
        elif level == Watch.Level.WATCHING:
            watching.add(person_id)
    return watching - muted


def _muted_topic(topic: Topic) -> set[int]:
    return set(
        Watch.objects.filter(topic=topic, level=Watch.Level.MUTED).values_list(
            "person_id", flat=True
        )
    )


def tell_about_new_post(*, post: Post, mentioned: list[User] | None = None) -> None:
    """Mentions first (a mentioned watcher gets one notification, not two), then watchers."""
    topic = post.topic
    author_name = public_name(topic=topic, author=post.author)
    mentioned = mentioned_people(post.body) if mentioned is None else mentioned
    muted = _muted_topic(topic)
    told = {post.author_id}
    for person in mentioned:
        if person.pk in told or person.pk in muted or not can_view_topic(person, topic):
            continue
        told.add(person.pk)
        notify(
            recipient=person,
            kind=MENTION.code,
            message=f"{author_name} mentioned you in “{topic.title}”",
            url=post.get_absolute_url(),
            about=post,
        )
    if post.number == 1:
        return
    watcher_ids = _watchers(topic) - told
    for person in User.objects.filter(pk__in=watcher_ids, is_active=True):
        if not can_view_topic(person, topic):
            continue
        notify(
            recipient=person,
            kind=REPLY.code,
            message=f"{author_name} replied in “{topic.title}”",
            url=post.get_absolute_url(),
            about=post,
        )


def tell_about_new_mentions(*, post: Post, previous_body: str) -> None:
    """After an edit: only people mentioned now who were not mentioned before."""
    before = {person.pk for person in mentioned_people(previous_body)}
    new = [person for person in mentioned_people(post.body) if person.pk not in before]
    topic = post.topic
    muted = _muted_topic(topic)
    author_name = public_name(topic=topic, author=post.author)
    for person in new:
        if person.pk == post.author_id or person.pk in muted or not can_view_topic(person, topic):
            continue
        notify(
            recipient=person,
            kind=MENTION.code,
            message=f"{author_name} mentioned you in “{topic.title}”",
            url=post.get_absolute_url(),
            about=post,
        )


def tell_answer_accepted(*, post: Post, accepted_by: User) -> None:
    if post.author is None or post.author_id == accepted_by.pk or not post.author.is_active:
        return
    notify(
        recipient=post.author,
        kind=ANSWER_ACCEPTED.code,
        message=f"Your reply was chosen as the answer to “{post.topic.title}”",
        url=post.get_absolute_url(),
        about=post,
    )
