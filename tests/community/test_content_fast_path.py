"""Plain text skips Markdown and the sanitiser (community.content.plain_paragraph), and must come
out exactly as the whole pipeline would make it: byte for byte, for every input."""

import random

import pytest

from community.content import _cleaner, _render, plain_paragraph, render_markdown

# Written the way people write in chat: each is plain, so it takes the fast path.
PLAIN = [
    "Hello, is anyone here?",
    "Has anyone had their direct payment review moved? Mine is next week.",
    'She said "bring the receipts" and I did',
    "it's 50% cheaper, about $5 or £4 (give or take)",
    "@sam thanks!",
    "@Priya can you see this?",
    "emoji 😀 and accents: é, ü, ß, 日本語",
    "first line\nsecond line",
    "10 minutes late, sorry",
    "2024 was a hard year",
    "1,5 hours is fine",
    "a-b, c+d, e=f, x/y, {braces} ^caret ;semi :colon",
    "no.dots.here 123.456 v1.2",
    "What about a.1 or 3.b?",
    "Why? Because!",
    "'single' quotes and (brackets)",
]

# Each has something the pipeline acts on, or might: the fast path must stand aside (or, where
# it does not, agree); either way the output is the pipeline's.
TRICKY = [
    "a < b and c > d",
    "<script>alert(1)</script>",
    "fish & chips",
    "&amp; &quot; &#65; &nbsp;",
    "**bold** and *em* and _em_",
    "snake_case_name",
    "`code` here",
    "~~gone~~ and ~tilde~",
    "[a link](https://example.org)",
    "![image](https://example.org/x.png)",
    "see https://www.nhs.uk/conditions",
    "mail me at someone@example.org",
    "example.com is a site",
    "www.gov.uk or gov.uk",
    'an "example.com" in quotes',
    "x.COM and y.Org",
    "the K\u212a sign before a dot.k\u212a",
    "# heading",
    "## heading two",
    "> a quote",
    "- a list item",
    "+ another",
    "* a star item",
    "1. numbered",
    "2) also numbered",
    "line\n- list below",
    "text\n===",
    "text\n---",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "a\\b and a\\\nb",
    "line with two spaces  \nnext",
    "para one\n\npara two",
    "  leading spaces",
    "trailing spaces  ",
    "    indented code",
    "tab\tinside",
    "non\u00a0breaking space",
    "zero\u200bwidth",
    "line\u2028separator",
    "carriage\r\nreturn",
    "form\x0cfeed",
    "nul\x00char",
    "bom\ufeffhere",
    "combining e\u0301 accent",
    "\u0661. arabic digit",
    "&",
    "@sam_p thanks!",
    "1.5 hours is fine",
    '"',
    "(",
    "http://",
    "a@b",
    "...",
    "- ",
    "!",
    "!!",
]

# Pieces to make random texts from: ordinary words and every kind of character above.
PIECES = [
    *"abcXYZ019 .,;:!?'\"()/%$@^{}=+-#>*_~`[]|<&\\\n\t\r",
    "\u00a0", "😀", "é", "  ", "\n\n", "1.", "2)", "www.", "example.com", "http://x.org",
    "a@b.co", ".uk", "&amp;", "&quot;", "co", "--", "===", "\u200b", "\u2028", "\x00",
    "\x0c", "\ufeff", "ß", "İ", "\u0301", "\u0661.", "ex.org", " org", "\u212a", "word",
]  # fmt: skip


def _pipeline(source: str) -> str:
    """The whole pipeline, as render_markdown runs it for text that is not plain."""
    return _render(source, _cleaner) if source.strip() else ""


@pytest.mark.parametrize("source", PLAIN)
def test_plain_text_takes_the_fast_path_and_comes_out_as_the_pipeline_makes_it(source):
    assert plain_paragraph(source) is not None
    assert render_markdown(source) == _pipeline(source)


@pytest.mark.parametrize("source", TRICKY)
def test_text_with_markup_links_or_odd_characters_comes_out_as_the_pipeline_makes_it(source):
    assert render_markdown(source) == _pipeline(source)
    fast = plain_paragraph(source)
    assert fast is None or fast == _pipeline(source)


def test_random_texts_come_out_as_the_pipeline_makes_them_whichever_path_they_take():
    pick = random.Random(8)  # fixed: the same texts on every run
    fast = 0
    for _ in range(20_000):
        source = "".join(pick.choice(PIECES) for _ in range(pick.randint(1, 12)))
        expected = _pipeline(source)
        assert render_markdown(source) == expected, repr(source)
        if plain_paragraph(source) is not None:
            fast += 1
    assert fast > 1_000  # the comparison covered the fast path, many times over


def test_forum_posts_with_glossary_or_mention_links_never_take_the_fast_path():
    text = "I asked about my direct payment"
    assert render_markdown(text, link_glossary=True) != render_markdown(text)
    mentioned = render_markdown(text, link_mentions=lambda data: [(data, None)])
    assert mentioned == _pipeline(text)
