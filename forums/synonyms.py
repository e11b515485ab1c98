"""Search in people's own words: the one place that turns what someone typed into what to look for.

People write "PA" or "personal assistant", "respite" or "short break", and expect each to find the
others. `expand` reads the words and phrases typed, finds each in the groups of words that mean the
same (forums.models.SynonymGroup, kept by moderators, seeded from synonyms.txt), and returns one
`Wanted` per thing asked for, holding every way of writing it. forums.search builds PostgreSQL's
and SQLite's queries from that, for search and for "Questions like yours" alike.

Search syntax, as PostgreSQL's websearch: words must all be found; "quoted words" are found as
that exact phrase (and never swapped for others); -word leaves out what has it; "a or b" finds
either. The groups are read from the database at most once every few minutes in each process: a
change clears the cached copy when it commits (forums.services.synonyms).
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.cache import cache

from forums.models import Synonym, SynonymGroup

CACHE_KEY = "forums:synonyms:v1"
# Edits clear the shared cache at once; with a cache local to each process (the embedded
# default), other processes see an edit within this time.
CACHE_SECONDS = 300
PHRASE_WORDS_MAX = 4  # the longest phrase a group may hold, in words
SEARCH_WANTED_MAX = 8  # more things than this, all required, would find nothing anyway
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
# A word: letters and digits, with apostrophes and hyphens inside ("carer's", "pre-paid").
_WORD = r"\w+(?:['-]\w+)*"
_PIECE = re.compile(rf'(?P<minus>(?<![\w\'-])-)?(?:"(?P<quoted>[^"]*)"?|(?P<word>{_WORD}))')
# Words that say nothing about what is wanted: PostgreSQL's English list and a few more that
# questions are made of. Both databases leave out the same ones, so they find the same things.
_STOP_WORDS = """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can cannot could did do does doing don dont down during each few for
    from further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with you your yours yourself yourselves
    anyone anybody someone somebody much many would may might must im ive id cant isnt doesnt
    wont got get also please
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Wanted:
    """One thing someone asked for, in every way people write it ("pa", "personal assistant")."""

    ways: tuple[str, ...]
    typed: tuple[str, ...]  # as typed, in lower case (two with "or")
    excluded: bool = False

    @property
    def others(self) -> tuple[str, ...]:
        """The ways the person did not type, which search looked for too."""
        return tuple(way for way in self.ways if way.lower() not in self.typed)


def synonym_key(text: str) -> str:
    """How a word or phrase is stored for uniqueness: lower case, straight apostrophes, single
    spaces. "PA" and "pa" are one word; "PA" and "PAs" are two (stemming does not join them)."""
    return " ".join(text.translate(_APOSTROPHES).lower().split())


def _loose(word: str) -> str:
    """A word as matched against the groups: "PAs", "carers'" and "carer's" find "PA" and
    "carer". Only for finding a group; the databases stem the words they search for."""
    word = word.replace("'", "")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def _loose_key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(_loose(word) for word in words)


# ---- The groups, read once ----


def synonym_groups() -> list[tuple[str, ...]]:
    """Every group's words and phrases, as moderators wrote them. One query, then cached."""
    groups = cache.get(CACHE_KEY)
    if groups is None:
        by_group: dict[int, list[str]] = defaultdict(list)
        for group_id, text in Synonym.objects.order_by("group_id", "pk").values_list(
            "group_id", "text"
        ):
            by_group[group_id].append(text)
        groups = [tuple(words) for words in by_group.values()]
        cache.set(CACHE_KEY, groups, CACHE_SECONDS)
    return groups


def forget_synonyms() -> None:
    cache.delete(CACHE_KEY)


def groups_for_moderators() -> list[SynonymGroup]:
    """The groups as the moderators' page lists them, each with its words."""
    return list(SynonymGroup.objects.prefetch_related("synonyms"))


def group_for_moderators(group_id: int) -> SynonymGroup | None:
    return SynonymGroup.objects.prefetch_related("synonyms").filter(pk=group_id).first()


def _index(groups: list[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each word or phrase (loosely, see _loose) to every way of writing it. Two groups that
    hold loosely the same word ("PA" and "PAs" in different groups) are both used."""
    index: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for ways in groups:
        for way in ways:
            found = index[_loose_key(re.findall(_WORD, synonym_key(way)))]
            found.extend(other for other in ways if other not in found)
    return {key: tuple(ways) for key, ways in index.items()}


# ---- Reading what someone typed ----


@dataclass(frozen=True)
class _Piece:
    words: tuple[str, ...]
    quoted: bool = False
    excluded: bool = False
    either: bool = False  # "or" came just before it


def _pieces(text: str, operators: bool) -> Iterator[_Piece]:
    """Runs of plain words (where phrases from the groups are looked for), quoted phrases and
    left-out words. Without operators (a title being written), every word is a plain word."""
    text = text.translate(_APOSTROPHES).lower()[:300]
    run: list[str] = []
    either = False
    for match in _PIECE.finditer(text):
        quoted, word, minus = match["quoted"], match["word"], match["minus"]
        if not operators:
            run.extend(re.findall(_WORD, quoted if quoted is not None else word))
            continue
        if word == "or":
            if run:
                yield _Piece(tuple(run), either=either)
                run = []
            either = True
            continue
        if quoted is None and not minus:
            run.append(word)
            continue
        if run:
            yield _Piece(tuple(run), either=either)
            run, either = [], False
        words = tuple(re.findall(_WORD, quoted if quoted is not None else word))
        if words:
            yield _Piece(words, quoted=quoted is not None, excluded=bool(minus), either=either)
        either = False
    if run:
        yield _Piece(tuple(run), either=either)


def _wanted_in(piece: _Piece, index: dict[tuple[str, ...], tuple[str, ...]]) -> Iterator[Wanted]:
    if piece.quoted:
        phrase = " ".join(piece.words)
        yield Wanted((phrase,), (phrase,), piece.excluded)
        return
    words, start = piece.words, 0
    while start < len(words):
        # The longest phrase from the groups that starts here: "direct payment card" before
        # "direct payment".
        for length in range(min(PHRASE_WORDS_MAX, len(words) - start), 0, -1):
            typed = " ".join(words[start : start + length])
            ways = index.get(_loose_key(words[start : start + length]))
            if ways is not None:
                yield Wanted(_with_typed(typed, ways), (typed,), piece.excluded)
                start += length
                break
        else:
            word = words[start]
            if len(word) > 1 and word.replace("'", "") not in STOP_WORDS:
                yield Wanted((word,), (word,), piece.excluded)
            start += 1


def _with_typed(typed: str, ways: tuple[str, ...]) -> tuple[str, ...]:
    return ways if typed in (way.lower() for way in ways) else (typed, *ways)


def expand(text: str, *, operators: bool = True, most: int = SEARCH_WANTED_MAX) -> list[Wanted]:
    """What to look for: every thing asked for, each in all the ways people write it. All the
    wanted things must be found; any of each one's ways will do. At most `most` of them."""
    index = _index(synonym_groups())
    wanted: list[Wanted] = []
    for piece in _pieces(text, operators):
        found = list(_wanted_in(piece, index))
        if piece.either and found and wanted and not wanted[-1].excluded:
            # "a or b": either will do, as one wanted thing.
            first, last = found[0], wanted[-1]
            seen = {way.lower() for way in last.ways}
            ways = last.ways + tuple(way for way in first.ways if way.lower() not in seen)
            wanted[-1] = Wanted(ways, last.typed + first.typed, last.excluded)
            found = found[1:]
        wanted.extend(found)
    included = [item for item in wanted if not item.excluded][:most]
    return included + [item for item in wanted if item.excluded] if included else []


def also_searched_for(text: str) -> list[str]:
    """The words a search for `text` looks for that the person did not type, to show them why
    a post that says "PA" was found for "personal assistant"."""
    others: list[str] = []
    for item in expand(text):
        if not item.excluded:
            others.extend(way for way in item.others if way not in others)
    return others
