"""Urgent-help signposting: when writing suggests someone may be at risk, the writer is shown
where to get help at once (never blocked) and moderators see the thing marked urgent."""

import functools
import re

from django.conf import settings
from django.db import transaction

from community.models import Organisation, User
from community.safety.cases import open_case, tell_urgent

# Hyphens, dashes and runs of spaces all read as one space; curly apostrophes as straight ones.
_SPACES = re.compile(r"[\s\-\u2010-\u2015_]+")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc`´]")


def _normalise(text: str) -> str:
    text = _APOSTROPHES.sub("'", text.casefold())
    return _SPACES.sub(" ", text)


@functools.lru_cache(maxsize=8)
def _risk_pattern(phrases: tuple[str, ...]) -> re.Pattern | None:
    words = sorted({_normalise(phrase).strip() for phrase in phrases if phrase.strip()}, key=len)
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in reversed(words))
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])")


def mentions_risk(text: str) -> bool:
    """Any of SAFETY_RISK_PHRASES as a whole word or phrase, in any case: "self harm" matches
    "Self-harm", "can't" matches "can’t", but "suicide" does not match "suicidepreventer"."""
    pattern = _risk_pattern(tuple(settings.SAFETY_RISK_PHRASES))
    return bool(text and pattern and pattern.search(_normalise(text)))


URGENT_HELP = [
    {
        "name": "Emergency services",
        "how": "Call 999",
        "when": "If someone is in danger now or has hurt themselves badly.",
    },
    {
        "name": "NHS 111",
        "how": "Call 111, or go to 111.nhs.uk",
        "when": "For urgent health help. For your mental health, call 111 and press 2.",
    },
    {
        "name": "Samaritans",
        "how": "Call 116 123 (free, day or night)",
        "when": "If you want to talk to someone about how you feel.",
    },
    {
        "name": "Shout",
        "how": "Text SHOUT to 85258 (free)",
        "when": "If you would rather text than talk.",
    },
]


def urgent_help(organisation: Organisation | None = None) -> list[dict]:
    """The list of places to get urgent help, each {"name", "how", "when"}: the same list on
    every page, in the API and in chat. The organisation's own contact comes last."""
    contacts = [dict(contact) for contact in URGENT_HELP]
    if organisation is not None:
        how = _organisation_contact(organisation)
        if how:
            contacts.append(
                {
                    "name": organisation.name,
                    "how": how,
                    "when": "To talk to the organisation that runs this.",
                }
            )
    return contacts


def _organisation_contact(organisation: Organisation) -> str:
    parts = []
    for field, words in (("phone", "Call {}"), ("email", "E-mail {}"), ("website", "Go to {}")):
        value = getattr(organisation, field, "")
        if value:
            parts.append(words.format(value))
    return ", or ".join(parts)


def note_writing(
    *,
    kind: str,
    object_id: int,
    author: User,
    text: str,
    organisation_id: int | None = None,
) -> bool:
    """Call inside the write, after saving. When the text suggests risk, the thing's case is
    marked urgent and moderators (and the organisation's staff) are told at once. Returns True
    when the writer should be shown urgent help. Never blocks anything."""
    if not mentions_risk(text):
        return False
    with transaction.atomic():
        case, _ = open_case(
            kind=kind, object_id=object_id, author_id=author.pk, organisation_id=organisation_id
        )
        already_urgent = case.urgent
        case.urgent = True
        case.urgent_words = True
        case.save(update_fields=["urgent", "urgent_words"])
        if not already_urgent:
            tell_urgent(case, "Something written on the site suggests someone may be at risk")
    return True
