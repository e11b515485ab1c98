"""One person's own forum state: their drafts and what they watch."""

from community.models import User
from community.permissions import is_signed_in
from community.prepared_queries import PreparedQuery
from forums.models import Category, Draft, Topic, Watch


def draft_for(*, person: User, topic: Topic | None = None) -> Draft | None:
    """The reply draft for `topic`, or with no topic the person's new-topic draft. No query when
    the topic says they have none (`reply_draft_id`, forums.selectors.topic_pages)."""
    if not is_signed_in(person):
        return None
    if topic is None:
        return Draft.objects.filter(person=person, kind=Draft.Kind.NEW_TOPIC).first()
    if hasattr(topic, "reply_draft_id") and topic.reply_draft_id is None:
        return None
    found = _REPLY_DRAFT.run(person_id=person.pk, topic_id=topic.pk)
    return found[0] if found else None


# Asked on every view of a topic by someone who may reply: a prepared query.
_REPLY_DRAFT = PreparedQuery(
    lambda person_id, topic_id: Draft.objects.filter(
        person_id=person_id, kind=Draft.Kind.REPLY, topic_id=topic_id
    ).order_by("pk")[:1]
)


def watch_level_for(
    *, person: User, topic: Topic | None = None, category: Category | None = None
) -> str | None:
    """ "watching", "muted" or None (no choice made) for one topic or one category."""
    if not is_signed_in(person):
        return None
    watches = Watch.objects.filter(person=person)
    watches = (
        watches.filter(topic=topic) if topic is not None else watches.filter(category=category)
    )
    return watches.values_list("level", flat=True).first()
