"""The one pipeline for user-written text: Markdown (raw HTML off) -> bleach -> safe links.

Everything people write (bios, descriptions, posts, chat messages) goes through `render_markdown`
once, when it is saved; templates only ever mark the stored result safe. In forum posts the first
use of each glossary word (community.glossary) also links to what it means, and @mentions of
people who can read the post link to their profiles, at the same moment.
"""

import re
from collections.abc import Callable, Iterable
from functools import partial

import bleach
from bleach.html5lib_shim import Filter
from bleach.linkifier import URL_RE, LinkifyFilter
from django.urls import reverse
from markdown_it import MarkdownIt

from community.glossary import find_words, track

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
        "h3", "h4", "h5", "h6", "hr", "del", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])
# Headings written as "# Title" would break the page's heading order; they start at level 3.
_HEADING_SHIFT = {f"h{n}": f"h{min(n + 2, 6)}" for n in range(1, 7)}


def _shift_headings(renderer, tokens, idx, options, env):
    token = tokens[idx]
    token.tag = _HEADING_SHIFT.get(token.tag, token.tag)
    return renderer.renderToken(tokens, idx, options, env)


_markdown.add_render_rule("heading_open", _shift_headings)
_markdown.add_render_rule("heading_close", _shift_headings)


def _set_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"})],
)


class GlossaryFilter(Filter):
    """The first use of each glossary word in one piece of writing links to its entry. It runs on
    the sanitiser's own tokens, after cleaning, so it only adds plain links to our glossary page and
    never one inside a link, code or a heading (community.glossary.SKIPPED_ELEMENTS)."""

    def __iter__(self):
        used: set[str] = set()
        open_elements: list[str] = []
        href = reverse("glossary")
        for token in super().__iter__():
            kind = token["type"]
            if kind in ("StartTag", "EndTag"):
                track(open_elements, token["name"], closing=kind == "EndTag")
            if kind != "Characters" or open_elements:
                yield token
                continue
            for text, anchor in find_words(token["data"], used):
                if anchor is None:
                    yield {"type": "Characters", "data": text}
                    continue
                link = {(None, "href"): f"{href}#{anchor}"}
                yield {"type": "StartTag", "name": "a", "data": link}
                yield {"type": "Characters", "data": text}
                yield {"type": "EndTag", "name": "a"}


# Splits a run of text into pieces: (text, None) stays as written, (text, address) becomes a
# mention: a link to that person's profile. The app that knows who may be mentioned supplies it.
MentionFinder = Callable[[str], Iterable[tuple[str, str | None]]]
MENTION_CLASS = "mention"
# As in finding who is mentioned (forums.services.mentions): never in quotes, code or a link.
_NO_MENTIONS_INSIDE = frozenset({"a", "blockquote", "code", "pre"})


class MentionFilter(Filter):
    """Mentions become links to profiles. Like the glossary's, it runs on the sanitiser's tokens,
    after cleaning, so its links are ours: `class="mention"` survives, and they get no
    rel="nofollow ugc", which is for the links people write (a profile is our own page)."""

    def __init__(self, source, find: MentionFinder):
        super().__init__(source)
        self.find = find

    def __iter__(self):
        skipped_depth = 0  # the sanitiser's output is well formed: a count is enough
        for token in super().__iter__():
            kind = token["type"]
            if kind in ("StartTag", "EndTag") and token["name"] in _NO_MENTIONS_INSIDE:
                skipped_depth = max(0, skipped_depth + (1 if kind == "StartTag" else -1))
            if kind != "Characters" or skipped_depth:
                yield token
                continue
            for text, href in self.find(token["data"]):
                if href is None:
                    yield {"type": "Characters", "data": text}
                    continue
                link = {(None, "class"): MENTION_CLASS, (None, "href"): href}
                yield {"type": "StartTag", "name": "a", "data": link}
                yield {"type": "Characters", "data": text}
                yield {"type": "EndTag", "name": "a"}


def count_mention_links(html: str) -> int:
    """How many of the links in `html` are mentions the pipeline added (people cannot write a
    class attribute: the sanitiser drops it)."""
    return html.count(f'<a class="{MENTION_CLASS}" href="')


_glossary_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[
        partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"}),
        GlossaryFilter,
    ],
)


def _cleaner_with_mentions(find: MentionFinder, *, link_glossary: bool) -> bleach.Cleaner:
    # Made for each text that mentions someone: the filter needs to know who. Mentions come
    # before the glossary, so a glossary word in someone's name stays part of their link.
    filters: list[Callable[..., Filter]] = [
        partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"}),
        partial(MentionFilter, find=find),
    ]
    if link_glossary:
        filters.append(GlossaryFilter)
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        filters=filters,
    )


def render_markdown(
    source: str, *, link_glossary: bool = False, link_mentions: MentionFinder | None = None
) -> str:
    """Turn what someone wrote into HTML that is safe to show to everyone. With `link_glossary`
    (forum posts), the first use of each glossary word links to what it means; with
    `link_mentions`, the mentions it finds link to people's profiles."""
    if not source or not source.strip():
        return ""
    if link_mentions is not None:
        cleaner = _cleaner_with_mentions(link_mentions, link_glossary=link_glossary)
    elif link_glossary:
        cleaner = _glossary_cleaner
    else:
        plain = plain_paragraph(source)
        if plain is not None:
            return plain
        cleaner = _cleaner
    return _render(source, cleaner)


def _render(source: str, cleaner: bleach.Cleaner) -> str:
    return cleaner.clean(_markdown.render(source)).strip()


# Plain text, the way most chat messages are written, needs neither Markdown nor the sanitiser
# to know what they make of it: one paragraph, its lines as written, `"` escaped. Parsing and
# sanitising such a text cost a chat server a tenth of its time. A text is plain when nothing in
# it means anything to Markdown, to HTML or to the linkifier; anything else, or any doubt, goes
# through the pipeline (tests/community/test_content_fast_path.py holds the two to the same
# output, byte for byte).
# Markup anywhere in a line: escapes, code, emphasis, strikethrough, links and images, tables,
# HTML and entities.
_MARKUP_ANYWHERE = frozenset("\\`*_~[]|<>&")
# Markup at the start of a line: headings, quotes, lists, rules and underlined headings.
_MARKUP_AT_LINE_START = frozenset("#>-+=")
# "1." or "1)" starts a numbered list.
_NUMBERED_ITEM = re.compile(r"\d+[.)]")
# Everything the linkifier links has a dot with a letter or digit, or "-", just before it and a
# letter just after it (the domain's ending). Its own expression is slow, so it runs only then.
_MAY_BE_ADDRESS = re.compile(r"[\w-]\.[^\W\d_]")


def plain_paragraph(source: str) -> str | None:
    """What the pipeline (without glossary or mention links) makes of `source` when it is plain
    text, worked out without running it; None when it is not plain, or might not be.

    Plain: every line has printable characters only (no tabs, no control or invisible
    characters, no unusual spaces), with no space at either end, no blank line between lines,
    no markup character, no line that starts like a heading, quote, list or rule, and nothing
    the linkifier would turn into a link."""
    if not _MARKUP_ANYWHERE.isdisjoint(source):
        return None
    for line in source.split("\n"):
        if not line or not line.isprintable() or line != line.strip():
            return None
        if line[0] in _MARKUP_AT_LINE_START or _NUMBERED_ITEM.match(line):
            return None
    escaped = source.replace('"', "&quot;")
    if _MAY_BE_ADDRESS.search(source) and (URL_RE.search(source) or URL_RE.search(escaped)):
        return None
    return f"<p>{escaped}</p>"
