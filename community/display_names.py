"""Display names may not claim a role or authority the person does not hold.

A name like "NHS Advisor Sue" could make someone trust advice they should check, so the words in
settings.SAFETY_CLAIMED_ROLE_WORDS ("advisor", "moderator", "NHS"...) are only for people who
hold that role, and a verified organisation's name (of two or more words) only for its staff.
People try to get round such rules, so names are compared after undoing the usual tricks: any
case, punctuation and spacing ("N.H.S.", "N H S"), digits for letters ("4dvisor", "0fficial"),
accents and look-alike letters from other alphabets, joined words ("JaneAdvisor") and plurals
("Advisors")."""

import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings

from community.models import Organisation, User
from community.permissions import (
    is_moderator,
    is_signed_in,
    is_verified_advisor,
    is_verified_planning_partner,
    is_verified_staff,
)

# Letters from other alphabets that look like Latin ones ("аdvisor" with a Cyrillic а).
_LOOK_ALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "к": "k", "м": "m",
        "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ԁ": "d",
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "ı": "i", "ℓ": "l",
    }
)  # fmt: skip
# Digits and signs used for letters. "1" is read both as "i" and as "l".
_FOR_LETTERS_I = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "$": "s",
     "!": "i", "|": "l", "+": "t"}
)  # fmt: skip
_FOR_LETTERS_L = str.maketrans({"1": "l", "!": "l"})
_JOINED_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_LETTERS = re.compile(r"[^a-z]+")

ROLE_MESSAGES = {
    "advisor": "only trained advisors show that, as a badge next to their name.",
    "planning_partner": "only trained planning partners show that, as a badge next to their name.",
    "moderator": "only the site's moderators can use it.",
    "staff": (
        "it could make people think you speak for an organisation. "
        "Only staff of an organisation we have checked can use it."
    ),
}


def _plain(text: str) -> str:
    """Camel-case split, accents and look-alikes undone, lower case."""
    text = _JOINED_WORDS.sub(" ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.casefold().translate(_LOOK_ALIKES)


def _words(text: str) -> list[str]:
    """Words of letters only; a run of single letters ("n h s", "n.h.s.") becomes one word."""
    words: list[str] = []
    run = ""
    for word in _NOT_LETTERS.sub(" ", text).split():
        if len(word) == 1:
            run += word
            continue
        if run:
            words.append(run)
            run = ""
        words.append(word)
    if run:
        words.append(run)
    return words


def name_readings(name: str) -> list[list[str]]:
    """The ways a name can be read: as written, and with digits and signs read as letters."""
    plain = _plain(name)
    readings = [_words(plain)]
    for table in (_FOR_LETTERS_I, _FOR_LETTERS_L):
        as_letters = _words(plain.translate(table).translate(_FOR_LETTERS_I))
        if as_letters not in readings:
            readings.append(as_letters)
    return readings


def _same_word(written: str, wanted: str) -> bool:
    return written in (wanted, wanted + "s", wanted + "es")


def _contains(words: list[str], phrase: list[str]) -> bool:
    """`phrase` as whole words in `words` (plurals allowed), or written as one word, or split
    in two ("Ad.visor")."""
    joined = "".join(phrase)
    pairs = ["".join(pair) for pair in zip(words, words[1:], strict=False)]
    if any(_same_word(word, joined) for word in words + pairs):
        return True
    size = len(phrase)
    return any(
        all(map(_same_word, words[i : i + size], phrase)) for i in range(len(words) - size + 1)
    )


def _found(readings: list[list[str]], phrase: str) -> bool:
    wanted = _words(_plain(phrase))
    return bool(wanted) and any(_contains(words, wanted) for words in readings)


def _holds_role(person: User | None, role: str) -> bool:
    if person is None or not is_signed_in(person):
        return False
    if role == "advisor":
        return is_verified_advisor(person)
    if role == "planning_partner":
        return is_verified_planning_partner(person)
    if role == "moderator":
        return is_moderator(person)
    if role == "staff":
        return is_verified_staff(person)
    return False


def _is_staff_of(person: User | None, organisation_id: int) -> bool:
    # Only verified organisations' names are checked, so this is "staff of this one".
    return person is not None and is_verified_staff(person, organisation_id)


def _guarded(organisation_name: str) -> bool:
    """Only names of two or more words are kept for staff: a one-word name ("Mind", "Scope") is
    an everyday word, and "Never Mind Sue" claims nothing."""
    return len(_words(_plain(organisation_name))) >= 2


def _shown(word: str) -> str:
    return word.upper() if len(word) <= 3 else word


def verified_organisations() -> list[tuple[int, str]]:
    """(id, name) of every verified organisation: one query."""
    return list(Organisation.objects.filter(verified=True).values_list("pk", "name"))


def claimed_role_problem(
    name: str,
    *,
    person: User | None = None,
    organisations: Iterable[tuple[int, str]] | None = None,
) -> str | None:
    """The message to show when `name` claims a role `person` does not hold (None: it is fine).
    `person` is None for someone signing up, who holds no role yet. `organisations`: the
    verified organisations' (id, name), when the caller checks many names at once."""
    readings = name_readings(name)
    for word, role in settings.SAFETY_CLAIMED_ROLE_WORDS.items():
        if _found(readings, word) and not _holds_role(person, role):
            shown = _shown(word)
            return f"Names cannot include “{shown}”: {ROLE_MESSAGES[role]} Choose another name."
    if organisations is None:
        organisations = verified_organisations()
    for organisation_id, organisation_name in organisations:
        if (
            _guarded(organisation_name)
            and _found(readings, organisation_name)
            and not _is_staff_of(person, organisation_id)
        ):
            return (
                f"Names cannot include “{organisation_name}”: only its staff can use an "
                "organisation's name. Choose another name."
            )
    return None
