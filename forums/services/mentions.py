"""Finding @mentions in what someone wrote: `@Name` for names without spaces, `@[Two Words]` for
names with them. Quoted text and code are skipped, so quoting a post does not mention again.

When a post is written, mentions of people who can read it become links to their profiles (in
the stored HTML, like everything else the content pipeline does). Unknown names, and people who
cannot see the post, stay plain text: a link would tell the writer who is there."""

import re
from collections.abc import Iterator, Mapping

from django.db.models.functions import Lower

from community.content import MentionFinder, render_markdown
from community.models import User
from forums.models import Category
from forums.permissions import can_view_category

_MENTION = re.compile(r"(?<![\w@])@(?:\[([^\]\n]{1,40})\]|([^\s@\[\]]{1,40}))")
_TRAILING = ".,!?;:)'\""
_CODE_BLOCK = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")


def mentioned_names(body: str) -> set[str]:
    """Lower-cased display names mentioned in the text."""
    text = _INLINE_CODE.sub("", _CODE_BLOCK.sub("", body))
    lines = [
        line
        for line in text.splitlines()
        if not line.lstrip().startswith(">") and not line.startswith(("    ", "\t"))
    ]
    names = set()
    for bracketed, bare in _MENTION.findall("\n".join(lines)):
        name = (bracketed or bare.rstrip(_TRAILING)).strip()
        if name:
            names.add(name.lower())
    return names


def mentioned_people(body: str) -> list[User]:
    """Active people whose display name (any case) is mentioned. Unknown names are ignored."""
    names = mentioned_names(body)
    if not names:
        return []
    return list(
        User.objects.annotate(name_lower=Lower("display_name")).filter(
            name_lower__in=names, is_active=True
        )
    )


def _written_name(bracketed: str, bare: str) -> tuple[str, int]:
    """The name a mention names, and how many characters of the match after the "@" it takes
    (a bare name leaves its trailing punctuation as text: "@Jo," is Jo and a comma)."""
    if bracketed:
        return bracketed.strip(), len(bracketed) + 2
    name = bare.rstrip(_TRAILING)
    return name, len(name)


def find_mentions(links: Mapping[str, str]) -> MentionFinder:
    """For the content pipeline: splits text into pieces, each mention of a name in `links`
    (lower-cased display name -> profile address) with its address, shown as "@Name"."""

    def find(text: str) -> Iterator[tuple[str, str | None]]:
        start = 0
        for match in _MENTION.finditer(text):
            name, length = _written_name(*match.groups())
            href = links.get(name.lower())
            if not name or href is None:
                continue
            if match.start() > start:
                yield text[start : match.start()], None
            yield f"@{name}", href
            start = match.start() + 1 + length
        if start < len(text):
            yield text[start:], None

    return find


def render_with_mentions(body: str, *, category: Category) -> tuple[str, list[User]]:
    """A post's HTML through the one content pipeline, its mentions of people who can read it
    linked to their profiles; and everyone it mentions, for telling them (one query)."""
    people = mentioned_people(body)  # open accounts only
    # Whoever may read the post once it is shown (a new member's post waits for a moderator and
    # is linked already for then): forums.permissions.can_view_topic for a shown topic.
    links = {
        person.display_name.lower(): person.get_absolute_url()
        for person in people
        if can_view_category(person, category)
    }
    finder = find_mentions(links) if links else None
    return render_markdown(body, link_glossary=True, link_mentions=finder), people
