"""Searching titles and bodies, always as someone: hidden categories and removed posts never appear.

On PostgreSQL: full-text search (websearch syntax, English stemming) over the stored, GIN-indexed
`Post.search_vector` and an expression index on titles (migration 0002), ranked, with highlighted
snippets. On SQLite (the embedded default):
every word must appear in the title or body; ranked by where they appear. Either way snippets are
escaped first and only then get `<mark>` around matches.
"""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

from community.permissions import Person
from community.safety.visibility import Visibility
from forums.models import Category, Post, Topic
from forums.selectors.topics import visible_topics

CONFIG = "english"
SNIPPET_CHARS = 220
_START, _STOP = "\x02", "\x03"  # markers that cannot survive in stored text (see _marked)
_WORD = re.compile(r"\w{2,}", re.UNICODE)
_COMMON_WORDS = (
    "a an and are can do for how i in is it my of on or the to what when where who why with "
    "you your me we our be have has does did not no yes will would should could this that"
)
_STOPWORDS = frozenset(_COMMON_WORDS.split())


@dataclass
class SearchHit:
    topic: Topic
    post: Post
    snippet_html: str
    title_html: str
    rank: float


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower())][:8]


def _visible_posts(
    *, viewer: Person | None, category: Category | None, answered: bool | None
) -> QuerySet[Post]:
    topics = visible_topics(viewer=viewer)
    if category is not None:
        topics = topics.filter(category=category)
    if answered is not None:
        topics = topics.filter(is_answered=answered)
    # Search finds only what everyone sees, even for authors and moderators: a waiting or hidden
    # post is reached from its topic or the moderation queue, not from search results.
    return Post.objects.filter(
        deleted_at__isnull=True,
        visibility=Visibility.SHOWN,
        topic__in=topics.filter(visibility=Visibility.SHOWN),
    )


def search(
    *,
    viewer: Person | None,
    query: str,
    category: Category | None = None,
    answered: bool | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    """Best matches first. An empty query finds nothing."""
    query = " ".join(query.split())[:200]
    if not _words(query):
        return []
    posts = _visible_posts(viewer=viewer, category=category, answered=answered)
    if _on_postgresql():
        return _postgresql_search(posts, query, limit=limit, offset=offset)
    return _simple_search(posts, query, limit=limit, offset=offset)


def _postgresql_search(posts: QuerySet[Post], text: str, *, limit: int, offset: int):
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    matching_titles = (
        Topic.objects.annotate(found=SearchVector("title", config=CONFIG))
        .filter(found=query)
        .values("pk")
    )
    ranked = list(
        posts.filter(Q(search_vector=query) | Q(number=1, topic_id__in=matching_titles))
        .annotate(
            # Titles count double, and only on the opening post: parsing each matching reply's
            # topic title again would cost more than the whole body ranking.
            rank=SearchRank(F("search_vector"), query)
            + Case(
                When(
                    number=1,
                    then=2 * SearchRank(SearchVector("topic__title", config=CONFIG), query),
                ),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
        .order_by("-rank", "-created", "-pk")
        .values_list("pk", "rank")[offset : offset + limit]
    )
    if not ranked:
        return []
    # Headlines are costly: made only for the page of results, in a second query.
    found = (
        Post.objects.defer("search_vector")
        .select_related("topic", "topic__category")
        .annotate(
            snippet=SearchHeadline(
                "body",
                query,
                config=CONFIG,
                max_words=35,
                min_words=15,
                start_sel=_START,
                stop_sel=_STOP,
            ),
            title_marked=SearchHeadline(
                F("topic__title"),
                query,
                config=CONFIG,
                highlight_all=True,
                start_sel=_START,
                stop_sel=_STOP,
            ),
        )
    )
    by_pk = found.in_bulk([pk for pk, _ in ranked])
    return [
        SearchHit(
            topic=by_pk[pk].topic,
            post=by_pk[pk],
            snippet_html=_marked(by_pk[pk].snippet),
            title_html=_marked(by_pk[pk].title_marked),
            rank=float(rank),
        )
        for pk, rank in ranked
        if pk in by_pk
    ]


def _marked(text: str) -> str:
    """Escape everything, then turn the headline's markers into <mark> tags."""
    escaped = html.escape(text or "")
    return escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")


def _simple_search(posts: QuerySet[Post], text: str, *, limit: int, offset: int):
    words = _words(text)
    for word in words:
        posts = posts.filter(Q(body__icontains=word) | Q(number=1, topic__title__icontains=word))
    # Bounded: the newest few hundred matches are ranked in Python.
    candidates = list(
        posts.defer("search_vector")
        .select_related("topic", "topic__category")
        .order_by("-created")[:300]
    )
    scored = []
    for post in candidates:
        title, body = post.topic.title.lower(), post.body.lower()
        rank = sum(2.0 * (word in title) + min(body.count(word), 3) / 3 for word in words)
        scored.append((rank, post))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].created.timestamp(), -pair[1].pk))
    return [
        SearchHit(
            topic=post.topic,
            post=post,
            snippet_html=_highlight(_window(post.body, words), words),
            title_html=_highlight(post.topic.title, words),
            rank=rank,
        )
        for rank, post in scored[offset : offset + limit]
    ]


def _window(body: str, words: list[str]) -> str:
    lowered = body.lower()
    positions = [lowered.find(word) for word in words if word in lowered]
    start = max(0, min(positions) - 60) if positions else 0
    snippet = body[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + snippet + ("…" if start + SNIPPET_CHARS < len(body) else "")


def _highlight(text: str, words: list[str]) -> str:
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[last : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    pieces.append(html.escape(text[last:]))
    return "".join(pieces)


def similar_answered_topics(*, title: str, viewer: Person | None, limit: int = 5) -> list[Topic]:
    """Answered topics whose titles share words with a question being written. Like search, only
    what everyone sees: a suggestion should never be someone's waiting or hidden topic."""
    words = [word for word in _words(title) if word not in _STOPWORDS]
    if not words:
        return []
    topics = (
        visible_topics(viewer=viewer)
        .filter(is_answered=True, visibility=Visibility.SHOWN)
        .select_related("category")
    )
    if _on_postgresql():
        query = SearchQuery(" or ".join(words), config=CONFIG, search_type="websearch")
        vector = SearchVector("title", config=CONFIG)
        return list(
            topics.annotate(found=vector, rank=SearchRank(vector, query))
            .filter(found=query)
            .order_by("-rank", "-last_activity")[:limit]
        )
    matches = Q()
    for word in words:
        matches |= Q(title__icontains=word)
    candidates = list(topics.filter(matches).order_by("-last_activity")[:100])
    candidates.sort(key=lambda topic: -sum(word in topic.title.lower() for word in words))
    return candidates[:limit]
