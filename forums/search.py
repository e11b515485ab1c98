"""Searching titles and bodies, always as someone: hidden categories and removed posts never appear.

What to look for comes from forums.synonyms.expand, in people's own words: "personal assistant"
finds posts that say "PA", and the other way round. Every wanted thing must be found (in any of
its ways); quoted words as that phrase; -word leaves out.

On PostgreSQL: full-text search (English stemming) over the stored, GIN-indexed
`Post.search_vector` and an expression index on titles (migration 0002), ranked, with highlighted
snippets. On SQLite (the embedded default): the FTS5 index of migration 0005 (stemming too),
ranked by bm25 with titles counting double. Either way snippets are escaped first and only then
get `<mark>` around matches.
"""

import html
import re
from dataclasses import dataclass
from functools import reduce
from operator import add, and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from community.permissions import Person
from community.safety.visibility import Visibility
from forums.models import Category, Post, Topic
from forums.selectors.topics import visible_topics
from forums.synonyms import Wanted, expand

CONFIG = "english"
SNIPPET_WORDS = 35
SUGGESTED_WANTED_MAX = 12  # a title is one sentence
_START, _STOP = "\x02", "\x03"  # markers that cannot survive in stored text (see _marked)


@dataclass
class SearchHit:
    topic: Topic
    post: Post
    snippet_html: str
    title_html: str
    rank: float


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


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
    """Best matches first. A query with no words to look for finds nothing."""
    wanted = expand(" ".join(query.split())[:200])
    if not wanted:
        return []
    posts = _visible_posts(viewer=viewer, category=category, answered=answered)
    if _on_postgresql():
        return _postgresql_search(posts, wanted, limit=limit, offset=offset)
    return _sqlite_search(posts, wanted, limit=limit, offset=offset)


# ---- PostgreSQL ----


def _tsquery(wanted: list[Wanted]) -> SearchQuery:
    """All wanted things, each in any of its ways, as one tsquery built from parameters (never
    from pasted text). Each way is a phrase search, so "short break" must be two words in a row."""
    parts = []
    for item in wanted:
        ways = [SearchQuery(way, config=CONFIG, search_type="phrase") for way in item.ways]
        parts.append(reduce(and_, [~way for way in ways]) if item.excluded else reduce(or_, ways))
    return reduce(and_, parts)


def _postgresql_search(posts: QuerySet[Post], wanted: list[Wanted], *, limit: int, offset: int):
    query = _tsquery(wanted)
    ranked = list(
        Post.objects.filter(
            pk__in=_newest_body_matches(posts, query).union(_newest_title_matches(posts, query))
        )
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
                max_words=SNIPPET_WORDS,
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


# How many of the newest matches are ranked. Ranking every match costs time in proportion to the
# forum's size: a common phrase ("direct payment") is in a fifth of all posts, 200,000 of a million,
# and ranking them took over a second. The newest matches are found by walking the posts from the
# newest back (the primary key), so the work stays the same however big the forum grows; the best
# of those are shown. An older post is still found by any words that are rarer than that.
RANKED_BODY_MATCHES = 500
RANKED_TITLE_MATCHES = 200


def _newest_body_matches(posts: QuerySet[Post], query: SearchQuery) -> QuerySet:
    return posts.filter(search_vector=query).order_by("-pk").values("pk")[:RANKED_BODY_MATCHES]


def _newest_title_matches(posts: QuerySet[Post], query: SearchQuery) -> QuerySet:
    """Opening posts of the newest topics whose titles match (the expression index of migration
    0002 finds them), so a question is found by its title even when its body says it otherwise."""
    titles = (
        Topic.objects.annotate(found=SearchVector("title", config=CONFIG))
        .filter(found=query)
        .order_by("-pk")
        .values("pk")[:RANKED_TITLE_MATCHES]
    )
    return posts.filter(number=1, topic_id__in=titles).values("pk")


def _marked(text: str) -> str:
    """Escape everything, then turn the headline's markers into <mark> tags."""
    escaped = html.escape(text or "")
    return escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")


# ---- SQLite (FTS5) ----


def _fts_phrase(way: str) -> str:
    # Always one quoted phrase: FTS5's own syntax (AND, NEAR, *, column:) never comes from
    # what was typed.
    return '"' + way.replace('"', '""') + '"'


def _fts_match(wanted: list[Wanted]) -> str:
    def either(item: Wanted) -> str:
        return "(" + " OR ".join(_fts_phrase(way) for way in item.ways) + ")"

    expression = " AND ".join(either(item) for item in wanted if not item.excluded)
    return expression + "".join(f" NOT {either(item)}" for item in wanted if item.excluded)


# As on PostgreSQL: a post is found by its body, or an opening post by its topic's title, and the
# title counts double (bm25 is lower for better matches). Only ids and ranks here: snippets are
# made for the page of results alone, with the posts (_sqlite_page).
_SQLITE_RANKED = """
WITH hits (post_id, score) AS (
    SELECT rowid, bm25(forums_post_fts) FROM forums_post_fts WHERE forums_post_fts MATCH %s
    UNION ALL
    SELECT post.id, 2 * bm25(forums_topic_fts)
    FROM forums_topic_fts
    JOIN forums_post AS post ON post.topic_id = forums_topic_fts.rowid AND post.number = 1
    WHERE forums_topic_fts MATCH %s
)
SELECT post_id, -SUM(score) AS rank FROM hits
WHERE post_id IN ({visible})
GROUP BY post_id
ORDER BY rank DESC, post_id DESC
LIMIT %s OFFSET %s
"""


def _sqlite_search(posts: QuerySet[Post], wanted: list[Wanted], *, limit: int, offset: int):
    visible, visible_params = posts.values("pk").query.sql_with_params()
    match = _fts_match(wanted)
    with connection.cursor() as cursor:
        cursor.execute(
            _SQLITE_RANKED.format(visible=visible),
            [match, match, *visible_params, limit, offset],
        )
        ranked = cursor.fetchall()
    if not ranked:
        return []
    by_pk = _sqlite_page(match).in_bulk([pk for pk, _ in ranked])
    return [
        SearchHit(
            topic=post.topic,
            post=post,
            # An opening post found by its title alone: the start of its body, as on PostgreSQL.
            snippet_html=_marked(post.snippet) if post.snippet else _start_of(post.body),
            # A topic whose title does not hold every word asked for: marked here.
            title_html=(
                _marked(post.title_marked)
                if post.title_marked
                else _mark_ways(post.topic.title, wanted)
            ),
            rank=float(rank),
        )
        for post, rank in ((by_pk.get(pk), rank) for pk, rank in ranked)
        if post is not None
    ]


def _sqlite_page(match: str):
    """Posts with their snippets and marked titles: one index lookup per post of the page."""
    return (
        Post.objects.defer("search_vector")
        .select_related("topic", "topic__category")
        .annotate(
            snippet=RawSQL(
                "SELECT snippet(forums_post_fts, 0, %s, %s, '…', %s) FROM forums_post_fts "
                "WHERE forums_post_fts MATCH %s AND forums_post_fts.rowid = forums_post.id",
                [_START, _STOP, SNIPPET_WORDS, match],
            ),
            title_marked=RawSQL(
                "SELECT highlight(forums_topic_fts, 0, %s, %s) FROM forums_topic_fts "
                "WHERE forums_topic_fts MATCH %s AND forums_topic_fts.rowid = forums_post.topic_id",
                [_START, _STOP, match],
            ),
        )
    )


def _start_of(body: str) -> str:
    words = body.split()
    return html.escape(
        " ".join(words[:SNIPPET_WORDS]) + ("…" if len(words) > SNIPPET_WORDS else "")
    )


def _mark_ways(text: str, wanted: list[Wanted]) -> str:
    """Mark the wanted words in a title, allowing for plurals: close to what stemming found."""
    ways = sorted({way for item in wanted if not item.excluded for way in item.ways}, key=len)
    pattern = re.compile(
        "|".join(
            r"\b" + r"\W+".join(re.escape(word) for word in way.split()) + r"(?:e?s|'s|s')?\b"
            for way in reversed(ways)
        ),
        re.IGNORECASE,
    )
    return _marked(pattern.sub(lambda match: f"{_START}{match.group()}{_STOP}", text))


# ---- Questions like yours ----


def _enough_shared(wanted: int) -> int:
    """How many of a title's wanted things another topic must share to be suggested: one word
    in common with a long question is chance, not likeness."""
    return 1 if wanted <= 2 else 2


def similar_topics(*, title: str, viewer: Person | None, limit: int = 5) -> list[Topic]:
    """Topics like a question being written, closest first: those whose titles share more of
    its words (in any of the ways people write them) first; among equally close ones, answered
    ones first, then the most active. So a closer unanswered question still comes before an
    answered one that shares a single word. Like search, only what everyone sees: a suggestion is
    never someone's waiting or hidden topic."""
    wanted = expand(title, operators=False, most=SUGGESTED_WANTED_MAX)
    if not wanted:
        return []
    topics = (
        visible_topics(viewer=viewer).filter(visibility=Visibility.SHOWN).select_related("category")
    )
    if _on_postgresql():
        queries = [_tsquery([item]) for item in wanted]
        topics = topics.annotate(found=SearchVector("title", config=CONFIG)).filter(
            found=reduce(or_, queries)
        )
        shared = [Case(When(found=query, then=Value(1)), default=Value(0)) for query in queries]
    else:
        topics = topics.filter(
            pk__in=_titles_matching(
                " OR ".join(_fts_phrase(way) for item in wanted for way in item.ways)
            )
        )
        shared = [
            Case(When(pk__in=_titles_matching(_fts_match([item])), then=Value(1)), default=Value(0))
            for item in wanted
        ]
    return list(
        topics.annotate(shared=reduce(add, shared))
        .filter(shared__gte=_enough_shared(len(wanted)))
        .order_by("-shared", "-is_answered", "-last_activity", "-pk")[:limit]
    )


def _titles_matching(match: str) -> RawSQL:
    return RawSQL("SELECT rowid FROM forums_topic_fts WHERE forums_topic_fts MATCH %s", [match])
