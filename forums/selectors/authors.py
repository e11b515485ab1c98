"""Whose name goes on a topic or post. A topic posted "without my name" shows "A member" for its
author, on the opening post and on any of their replies, to everyone but moderators."""

import datetime
from collections.abc import Iterable

from django.db.models import Aggregate, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject

from community.models import Membership, Organisation, User
from community.models.people import FORMER_MEMBER
from community.permissions import Person
from community.selectors import badge_memberships
from forums.models import Post, Topic
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


class JSONList(Aggregate):
    """The rows' values as one JSON list (SQLite's json_group_array, PostgreSQL's jsonb_agg)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def with_author_badges(
    posts: QuerySet[Post], *, at: datetime.datetime | None = None
) -> QuerySet[Post]:
    """Annotates `author_badges`: the author's badges (community.selectors.badge_memberships,
    the one rule for who has one) as JSON, in the posts' own query; read them with
    `badges_of`. A query of their own cost a database round trip on every topic page. `at`:
    the moment the badges are judged at (now)."""
    rows = (
        badge_memberships(at=at)
        .filter(person=OuterRef("author_id"))
        .order_by()
        .values("person")
        .annotate(
            rows=JSONList(
                JSONObject(
                    id="pk",
                    role="role",
                    trained_on="trained_on",
                    organisation_name="organisation__name",
                    organisation_slug="organisation__slug",
                )
            )
        )
        .values("rows")
    )
    return posts.annotate(author_badges=Subquery(rows, output_field=JSONField()))


def badges_of(post: Post) -> list[Membership]:
    """The badges `with_author_badges` found, as memberships (unsaved copies, with their
    organisation's name and address), in badge_memberships' order."""
    badges = [
        Membership(
            pk=row["id"],
            role=row["role"],
            trained_on=datetime.date.fromisoformat(row["trained_on"]),
            organisation=Organisation(name=row["organisation_name"], slug=row["organisation_slug"]),
        )
        for row in getattr(post, "author_badges", None) or ()
    ]
    return sorted(badges, key=lambda badge: (badge.trained_on, badge.pk))
