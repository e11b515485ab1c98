"""Topic lists (latest, unanswered, answered, mine) with per-viewer unread counts, and one topic."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from community.models import User
from community.permissions import Person, is_moderator, is_signed_in
from community.safety.visibility import Visibility
from forums.models import Category, CategoryVisit, Post, Topic, TopicReadState, Watch
from forums.permissions import can_view_category
from forums.selectors.posts import seen_posts

LISTINGS = ("latest", "unanswered", "answered", "mine")
# Before anything was written: in a topic someone opened, their read state alone says what is new.
_LONG_AGO = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def visible_topics(*, viewer: Person | None, unlisted: bool = False) -> QuerySet[Topic]:
    """Every topic this viewer may see: not deleted, shown (or their own, or they moderate), and
    not in a members-only category unless they are a signed-in member. Everything that lists
    topics starts here (search and suggestions too), so a topic whose opening post was removed
    after others replied is left out; `unlisted=True` keeps it, for finding a topic by its
    address, where its replies live on."""
    topics = Topic.objects.filter(deleted=False)
    if not unlisted:
        topics = topics.filter(unlisted=False)
    if not is_moderator(viewer):
        shown = Q(visibility=Visibility.SHOWN)
        topics = topics.filter(shown | Q(author=viewer) if is_signed_in(viewer) else shown)
    if not can_view_category(viewer, Category(members_only=True)):
        topics = topics.filter(category__members_only=False)
    return topics


def topics_for(
    *,
    viewer: Person | None,
    listing: str = "latest",
    category: Category | None = None,
    theme: str = "",
) -> QuerySet[Topic]:
    """Newest activity first, annotated with `last_read_number` (None if never opened, or signed
    out), `unread_count` and `is_new` (what is new to the viewer, see with_unread; 0 and False
    when signed out). One query.

    The "latest" list across categories leaves out the categories the viewer muted, except the
    topics in them they watch themselves; the category's own list still shows them all."""
    if listing not in LISTINGS:
        raise ValueError(f"Unknown listing {listing!r}")
    topics = visible_topics(viewer=viewer).select_related("category", "author")
    if category is not None:
        topics = topics.filter(category=category)
    if theme:
        topics = topics.filter(category__theme__slug=theme)
    if listing == "latest" and category is None and is_signed_in(viewer):
        topics = without_muted_categories(topics, viewer=viewer)
    if listing == "unanswered":
        topics = topics.filter(kind=Topic.Kind.QUESTION, is_answered=False)
    elif listing == "answered":
        topics = topics.filter(is_answered=True)
    elif listing == "mine":
        if not is_signed_in(viewer):
            return topics.none()
        took_part = Post.objects.filter(topic=OuterRef("pk"), author=viewer)
        topics = topics.filter(Q(author=viewer) | Exists(took_part))
    return with_unread(topics, viewer=viewer).order_by("-last_activity", "-id")


def without_muted_categories(topics: QuerySet[Topic], *, viewer: User) -> QuerySet[Topic]:
    muted_category = Watch.objects.filter(
        person=viewer, category=OuterRef("category_id"), level=Watch.Level.MUTED
    )
    watched_topic = Watch.objects.filter(
        person=viewer, topic=OuterRef("pk"), level=Watch.Level.WATCHING
    )
    return topics.filter(~Exists(muted_category) | Exists(watched_topic))


def with_unread(topics: QuerySet[Topic], *, viewer: Person | None) -> QuerySet[Topic]:
    """Annotates `last_read_number` (None if never opened), `unread_count`, `is_new` and
    `first_unread_number` (the first post after what they read, None if none; meaningless when
    they never opened it).

    What is new to them: in a topic they opened, the posts after the last one they read; in one
    they never opened, the posts written since they last visited its category (before the visit
    now under way, so opening the list does not clear its own marks) or, if they never have,
    since they joined. `is_new`: a topic they never opened, started in that time. Only posts the
    viewer can see count: a reply waiting for a moderator, or hidden, is no news to others, and
    the jump to "first unread" must land on a post the page shows."""
    if not is_signed_in(viewer):
        return topics.annotate(
            last_read_number=Value(None, output_field=IntegerField()),
            unread_count=Value(0, output_field=IntegerField()),
            first_unread_number=Value(None, output_field=IntegerField()),
            is_new=Value(False, output_field=BooleanField()),
        )
    last_read = TopicReadState.objects.filter(person=viewer, topic=OuterRef("pk")).values(
        "last_read_post_number"
    )[:1]
    visit = CategoryVisit.objects.filter(person=viewer, category=OuterRef("category_id")).values(
        "new_after"
    )[:1]
    joined = Value(viewer.date_joined, output_field=DateTimeField())
    topics = topics.annotate(
        last_read_number=Subquery(last_read, output_field=IntegerField()),
        new_after=Case(
            When(last_read_number__isnull=False, then=Value(_LONG_AGO)),
            default=Greatest(Coalesce(Subquery(visit), joined), joined),
            output_field=DateTimeField(),
        ),
    )
    # Correlated subqueries on the (topic, number) unique index: still one query for the list.
    after_read = Post.objects.filter(
        seen_posts(viewer),
        topic=OuterRef("pk"),
        number__gt=Coalesce(OuterRef("last_read_number"), Value(0)),
        created__gt=OuterRef("new_after"),
    ).order_by()
    unread = after_read.values("topic").annotate(total=Count("pk")).values("total")
    first = after_read.order_by("number")
    return topics.annotate(
        unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
        first_unread_number=Subquery(first.values("number")[:1], output_field=IntegerField()),
        is_new=Case(
            When(last_read_number__isnull=True, created__gt=F("new_after"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def with_last_seen(topics: QuerySet[Topic], *, viewer: Person | None) -> QuerySet[Topic]:
    """Annotates `last_seen_number`: the highest post number this viewer can see, so a topic's
    page count ends at its last page with something on it."""
    seen = (
        Post.objects.filter(seen_posts(viewer), topic=OuterRef("pk"))
        .order_by("-number")
        .values("number")[:1]
    )
    return topics.annotate(last_seen_number=Subquery(seen, output_field=IntegerField()))


def topic_for(*, viewer: Person | None, topic_id: int) -> Topic | None:
    """One topic with its category and author, or None when it is missing or hidden from them."""
    return (
        with_last_seen(
            with_unread(visible_topics(viewer=viewer, unlisted=True), viewer=viewer),
            viewer=viewer,
        )
        .select_related("category", "category__theme", "author")
        .filter(pk=topic_id)
        .first()
    )
