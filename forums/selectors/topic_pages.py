"""The topic as its own page (and the API's list of its posts) needs it, in one query. Who may
see it is forums.permissions.can_view_topic, asked of the row (visible_topics is the same rule
as a filter, for lists); the rest is only what the page reads. The lists' annotations
(forums.selectors.topics.with_unread: unread counts, "new" marks) took longer to build than the
whole query took to run, on every view of every topic (bench/forums.py)."""

from django.db.models import IntegerField, JSONField, OuterRef, QuerySet, Subquery

from community.models import User
from community.permissions import Person, is_moderator, is_signed_in, member_standing_in
from community.prepared_queries import PreparedQuery
from forums.models import Draft, Post, Reaction, Topic, TopicReadState, Watch
from forums.permissions import can_view_topic
from forums.selectors.authors import JSONList
from forums.selectors.posts import seen_posts
from forums.selectors.topics import with_last_seen


def seen_topic(*, viewer: Person | None, topic_id: int) -> Topic | None:
    """One topic with its category, or None when it is missing or hidden from them: for reading
    its posts (the API's list of them), which needs nothing about the viewer's own reading."""
    topic = Topic.objects.select_related("category").filter(pk=topic_id).first()
    return topic if topic is not None and can_view_topic(viewer, topic) else None


def topic_to_read(*, viewer: Person | None, topic_id: int) -> Topic | None:
    """One topic with its category, or None when it is missing or hidden from them, annotated
    with `last_seen_number` (forums.selectors.topics.with_last_seen) and, for a signed-in
    viewer, `last_read_number` (None if never opened), `first_unread_number` (the first post
    they can see after it) and `watch_level` (None if they made no choice): what
    forums.selectors.posts.topic_page and the page's watch form read, without more queries."""
    if is_signed_in(viewer) and not is_moderator(viewer):
        found = _MEMBERS_TOPIC.run(topic_id=topic_id, viewer_id=viewer.pk)
        topic = found[0] if found else None
    else:
        topic = next(iter(_topic_to_read(topic_id, viewer)), None)
    return topic if topic is not None and can_view_topic(viewer, topic) else None


def _topic_to_read(topic_id: int, viewer: Person | None) -> QuerySet[Topic]:
    topics = with_last_seen(Topic.objects.filter(pk=topic_id), viewer=viewer)
    if is_signed_in(viewer):
        topics = _with_reading(topics, viewer=viewer)
    return topics.select_related("category").order_by()[:1]


def _members_topic(topic_id: int, viewer_id: int) -> QuerySet[Topic]:
    """As a signed-in member who is not a moderator reads it, with what is theirs on the page:
    `own_post_numbers` (their posts, whatever their visibility) and `helped_post_ids` (posts
    they said helped them), as lists in no order, or None for none; and `reply_draft_id`, their
    unsent reply's (None for none: forums.selectors.draft_for then asks nothing more)."""
    viewer = member_standing_in(viewer_id)
    own = Post.objects.filter(topic=OuterRef("pk"), author=viewer).order_by()
    helped = Reaction.objects.filter(post__topic=OuterRef("pk"), person=viewer).order_by()
    draft = Draft.objects.filter(person=viewer, kind=Draft.Kind.REPLY, topic=OuterRef("pk"))
    return _topic_to_read(topic_id, viewer).annotate(
        own_post_numbers=_as_list(own.values("topic").annotate(rows=JSONList("number"))),
        helped_post_ids=_as_list(helped.values("person").annotate(rows=JSONList("post_id"))),
        reply_draft_id=Subquery(draft.order_by("pk").values("pk")[:1]),
    )


def _as_list(rows: QuerySet) -> Subquery:
    return Subquery(rows.values("rows"), output_field=JSONField())


# Every signed-in member's view of a topic has one shape (moderators see more, visitors less).
_MEMBERS_TOPIC = PreparedQuery(_members_topic)


def _with_reading(topics: QuerySet[Topic], *, viewer: User) -> QuerySet[Topic]:
    last_read = TopicReadState.objects.filter(person=viewer, topic=OuterRef("pk")).values(
        "last_read_post_number"
    )[:1]
    topics = topics.annotate(last_read_number=Subquery(last_read, output_field=IntegerField()))
    first_unread = (
        Post.objects.filter(
            seen_posts(viewer), topic=OuterRef("pk"), number__gt=OuterRef("last_read_number")
        )
        .order_by("number")
        .values("number")[:1]
    )
    watch = Watch.objects.filter(person=viewer, topic=OuterRef("pk")).values("level")[:1]
    return topics.annotate(
        first_unread_number=Subquery(first_unread, output_field=IntegerField()),
        watch_level=Subquery(watch),
    )
