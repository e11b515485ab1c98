"""Finding @mentions in what someone wrote: `@Name` for names without spaces, `@[Two Words]` for
names with them. Quoted text and code are skipped, so quoting a post does not mention again."""

import re

from django.db.models.functions import Lower

from community.models import User

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
