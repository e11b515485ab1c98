"""A topic's posts, page by page, with authors' badges and whether the viewer found each helpful,
in a constant number of queries however long the topic is."""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from community.errors import NotAllowed
from community.permissions import Person, is_moderator, is_signed_in, member_standing_in
from community.prepared_queries import PreparedQuery
from community.safety.visibility import Visibility
from forums.models import Post, PostRevision, Reaction, Topic, TopicReadState
from forums.models.posts import POSTS_PER_PAGE, REMOVED_TEXT, page_of_post
from forums.permissions import can_see_post_history, can_view_post, can_view_topic, sees_unshown
from forums.selectors.authors import badges_of, display_author, shown_author, with_author_badges


def seen_posts(viewer: Person | None) -> Q:
    """The posts this viewer sees among a topic's: every one for moderators; shown ones and
    their own for members; shown ones for visitors (the rule of can_view_post, as a filter)."""
    if is_moderator(viewer):
        return Q()
    shown = Q(visibility=Visibility.SHOWN)
    return shown | Q(author=viewer) if is_signed_in(viewer) else shown


def posts_for(*, viewer: Person | None, topic: Topic) -> QuerySet[Post]:
    """All posts of a topic the viewer may see, in order, with their authors and their badges and
    `helped_by_viewer` annotated. Removed posts stay (as "This post was removed"); waiting, held
    and hidden ones only for their author and moderators (see can_view_post)."""
    if not can_view_topic(viewer, topic):
        return Post.objects.none()
    return _posts_seen_by(viewer, topic.pk)


def _posts_seen_by(
    viewer: Person | None, topic_id: int, *, at: datetime.datetime | None = None
) -> QuerySet[Post]:
    # Authors and their badges come in the posts' own query: each query of their own cost a
    # database round trip on every page (bench/forums.py).
    posts = with_author_badges(
        Post.objects.filter(seen_posts(viewer), topic_id=topic_id)
        .defer("search_vector")
        .select_related("author")
        .order_by("number"),
        at=at,
    )
    if is_signed_in(viewer):
        helped = Reaction.objects.filter(post=OuterRef("pk"), person=viewer)
        return posts.annotate(helped_by_viewer=Exists(helped))
    return posts.annotate(helped_by_viewer=Value(False, output_field=BooleanField()))


def _members_page_of_posts(
    topic_id: int, viewer_id: int, start: int, end: int, answer_id: int, at: datetime.datetime
) -> QuerySet[Post]:
    """A page of posts (numbers start to end, not including end) and the answer (by id; 0 for
    none), as a signed-in member who is not a moderator sees them."""
    in_page = Q(number__gte=start, number__lt=end) | Q(pk=answer_id)
    return _posts_seen_by(member_standing_in(viewer_id), topic_id, at=at).filter(in_page)


_MEMBERS_PAGE_OF_POSTS = PreparedQuery(_members_page_of_posts)


def post_for(*, viewer: Person | None, post_id: int) -> Post | None:
    """One post with its topic and category, or None if missing or hidden from the viewer."""
    post = Post.objects.select_related("topic", "topic__category", "author").filter(pk=post_id)
    found = post.first()
    if found is None or not can_view_post(viewer, found):
        return None
    return found


def present_posts(posts: Iterable[Post], *, viewer: Person | None, topic: Topic) -> list[Post]:
    """Set, on each post, what this viewer may see: `shown_author` (None when hidden or gone),
    `author_name`, `badges` (empty when hidden), `is_asker`, `is_answer`, and `body_html` replaced
    by the removed-post text for removed posts, and `shown_visibility` (the visibility for its
    author and moderators, None for everyone else). No queries when loaded by `posts_for`."""
    presented = list(posts)
    for post in presented:
        post.topic = topic
        author = post.author
        post.shown_author = shown_author(viewer=viewer, topic=topic, author=author)
        post.author_name = display_author(viewer=viewer, topic=topic, author=author)
        post.badges = badges_of(post) if post.shown_author is not None else []
        post.is_asker = post.author_id is not None and post.author_id == topic.author_id
        post.is_answer = post.pk == topic.accepted_answer_id
        post.shown_visibility = post.visibility if sees_unshown(viewer, post.author_id) else None
        if post.is_removed:
            post.body_html = f"<p>{REMOVED_TEXT}</p>"
            post.badges = []
    return presented


def first_unread_post_number(*, viewer: Person | None, topic: Topic) -> int | None:
    """The first post the viewer can see and has not read, or None if they have read it all (or
    are signed out, or never opened it: they start at the top). Uses `topic.first_unread_number`
    when the topic came from a selector (forums.selectors.topics.with_unread), so no query."""
    if not is_signed_in(viewer):
        return None
    if hasattr(topic, "first_unread_number") and hasattr(topic, "last_read_number"):
        last_read, first_unread = topic.last_read_number, topic.first_unread_number
    else:
        last_read = (
            TopicReadState.objects.filter(person=viewer, topic=topic)
            .values_list("last_read_post_number", flat=True)
            .first()
        )
        first_unread = (
            Post.objects.filter(seen_posts(viewer), topic=topic, number__gt=last_read or 0)
            .order_by("number")
            .values_list("number", flat=True)
            .first()
            if last_read is not None
            else None
        )
    return None if last_read is None else first_unread


def last_seen_post_number(*, viewer: Person | None, topic: Topic) -> int:
    """The highest post number the viewer can see (waiting or hidden replies after it make no
    page of their own). No query when the topic came from topic_for."""
    if hasattr(topic, "last_seen_number"):
        return topic.last_seen_number or 1
    last = (
        Post.objects.filter(seen_posts(viewer), topic=topic)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return last or 1


@dataclass
class TopicPage:
    topic: Topic
    posts: list[Post]  # presented (see present_posts)
    number: int
    page_count: int
    answer: Post | None  # the accepted answer, presented, to show under the question
    first_unread: int | None  # post number, for the "new replies" marker and anchor

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count


@dataclass(frozen=True)
class PagePlace:
    number: int
    page_count: int
    first_unread: int | None


def page_place(*, viewer: Person | None, topic: Topic, page: int | None = None) -> PagePlace:
    """Which page of the topic to show: the one asked for (within range) or, with none asked
    for, the one holding the first unread post. No query when the topic came from
    forums.selectors.topic_pages.topic_to_read."""
    first_unread = first_unread_post_number(viewer=viewer, topic=topic)
    page_count = max(
        1, math.ceil(last_seen_post_number(viewer=viewer, topic=topic) / POSTS_PER_PAGE)
    )
    if page is None:
        page = page_of_post(first_unread) if first_unread else 1
    return PagePlace(
        number=min(max(1, page), page_count), page_count=page_count, first_unread=first_unread
    )


def topic_page(*, viewer: Person | None, topic: Topic, page: int | None = None) -> TopicPage:
    """One page of a topic. With no page asked for, the page holding the first unread post.
    The accepted answer comes in the same query as the page's posts."""
    place = page_place(viewer=viewer, topic=topic, page=page)
    start = (place.number - 1) * POSTS_PER_PAGE + 1
    loaded = present_posts(_page_of_posts(viewer, topic, start), viewer=viewer, topic=topic)
    posts = [post for post in loaded if start <= post.number < start + POSTS_PER_PAGE]
    answer = next((post for post in loaded if post.is_answer and not post.is_removed), None)
    return TopicPage(
        topic=topic,
        posts=posts,
        number=place.number,
        page_count=place.page_count,
        answer=answer,
        first_unread=place.first_unread,
    )


def _page_of_posts(viewer: Person | None, topic: Topic, start: int) -> Iterable[Post]:
    """The posts numbered from `start` on one page, and the accepted answer wherever it is."""
    end = start + POSTS_PER_PAGE
    if is_signed_in(viewer) and not is_moderator(viewer) and can_view_topic(viewer, topic):
        return _MEMBERS_PAGE_OF_POSTS.run(
            topic_id=topic.pk,
            viewer_id=viewer.pk,
            start=start,
            end=end,
            answer_id=topic.accepted_answer_id or 0,
            at=timezone.now(),
        )
    in_page = Q(number__gte=start, number__lt=end)
    if topic.accepted_answer_id:
        in_page |= Q(pk=topic.accepted_answer_id)
    return posts_for(viewer=viewer, topic=topic).filter(in_page)


def post_history(*, viewer: Person | None, post: Post) -> QuerySet[PostRevision]:
    """Every kept version of a post, oldest first: for its author and moderators only."""
    if not can_see_post_history(viewer, post):
        raise NotAllowed("Only the author and moderators can see earlier versions.")
    return post.revisions.select_related("editor").order_by("created", "id")


def opening_and_answer(*, viewer: Person | None, topic: Topic) -> tuple[Post | None, Post | None]:
    """The question (post 1) and its accepted answer, presented, in one query."""
    wanted = Q(number=1)
    if topic.accepted_answer_id:
        wanted |= Q(pk=topic.accepted_answer_id)
    loaded = present_posts(
        posts_for(viewer=viewer, topic=topic).filter(wanted), viewer=viewer, topic=topic
    )
    opening = next((post for post in loaded if post.number == 1), None)
    answer = next((post for post in loaded if post.is_answer and not post.is_removed), None)
    return opening, answer
