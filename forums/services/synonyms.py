"""Changing the words search treats as the same ("PA", "personal assistant"): moderators only,
each change in the audit log, and every search uses it as soon as it commits."""

import re
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.services.audit import record
from forums.errors import ForumError
from forums.models import Synonym, SynonymGroup
from forums.models.synonyms import SYNONYM_MAX
from forums.permissions import can_change_search_words
from forums.synonyms import PHRASE_WORDS_MAX, STOP_WORDS, forget_synonyms, synonym_key

GROUP_MAX = 20  # words and phrases in one group
_WORD = r"\w+(?:['-]\w+)*"
_WORDS = re.compile(rf"{_WORD}(?: {_WORD})*")


def add_synonym_group(*, moderator: User, words: str) -> SynonymGroup:
    _check_allowed(moderator)
    with transaction.atomic():
        checked = _checked(words, group=None)
        group = SynonymGroup.objects.create()
        _store(group, checked)
        record(actor=moderator, action="forums.synonyms.added", subject=group, words=checked)
        _forget()
    return group


def change_synonym_group(*, moderator: User, group: SynonymGroup, words: str) -> SynonymGroup:
    _check_allowed(moderator)
    with transaction.atomic():
        locked = SynonymGroup.objects.select_for_update().get(pk=group.pk)
        checked = _checked(words, group=locked)
        before = list(locked.synonyms.values_list("text", flat=True))
        locked.synonyms.all().delete()
        _store(locked, checked)
        locked.changed = timezone.now()
        locked.save(update_fields=["changed"])
        record(
            actor=moderator,
            action="forums.synonyms.changed",
            subject=locked,
            words=checked,
            before=before,
        )
        _forget()
    return locked


def remove_synonym_group(*, moderator: User, group: SynonymGroup) -> None:
    _check_allowed(moderator)
    with transaction.atomic():
        before = list(group.synonyms.values_list("text", flat=True))
        record(actor=moderator, action="forums.synonyms.removed", subject=group, before=before)
        group.delete()
        _forget()


def _check_allowed(person: User) -> None:
    if not can_change_search_words(person):
        raise NotAllowed("Only moderators can change the words search treats as the same.")


def _forget() -> None:
    # Now, and again after commit: a search in between may have cached the old groups.
    forget_synonyms()
    transaction.on_commit(forget_synonyms)


def _store(group: SynonymGroup, words: list[str]) -> None:
    try:
        with transaction.atomic():
            Synonym.objects.bulk_create(
                Synonym(group=group, text=word, key=synonym_key(word)) for word in words
            )
    except IntegrityError as clash:
        # Another moderator added one of these words to another group a moment ago.
        raise ForumError(
            "synonym_in_another_group",
            "One of these words was added to another group just now. Look at the list again.",
            field="words",
        ) from clash


def read_words(text: str) -> list[str]:
    """The words and phrases typed for a group: separated by commas or new lines, spaces
    squeezed, curly apostrophes made straight, each once (whatever its capitals)."""
    words: dict[str, str] = {}
    for part in re.split(r"[,\n;]", text):
        word = " ".join(part.replace("’", "'").replace("‘", "'").split())
        if word:
            words.setdefault(synonym_key(word), word)
    return list(words.values())


def _checked(text: str, *, group: SynonymGroup | None) -> list[str]:
    words = read_words(text)
    for word in words:
        _check_word(word)
    if len(words) < 2:
        raise ForumError(
            "synonyms_too_few",
            "Write at least two words or phrases that mean the same, separated by commas.",
            field="words",
        )
    if len(words) > GROUP_MAX:
        raise ForumError(
            "synonyms_too_many",
            f"Put up to {GROUP_MAX} words or phrases in one group. Make another group for more.",
            field="words",
        )
    taken = Synonym.objects.filter(key__in=[synonym_key(word) for word in words])
    if group is not None:
        taken = taken.exclude(group=group)
    clash = taken.first()
    if clash is not None:
        other = ", ".join(
            Synonym.objects.filter(group_id=clash.group_id).values_list("text", flat=True)
        )
        raise ForumError(
            "synonym_in_another_group",
            f"“{clash.text}” is already in another group ({other}). A word can be in one group "
            "only: change that group, or take it out of this one.",
            field="words",
        )
    return words


def _check_word(word: str) -> None:
    if len(word) > SYNONYM_MAX or len(word.split()) > PHRASE_WORDS_MAX:
        raise ForumError(
            "synonym_too_long",
            f"“{word[:SYNONYM_MAX]}” is too long. Use up to {PHRASE_WORDS_MAX} words and "
            f"{SYNONYM_MAX} letters for each word or phrase.",
            field="words",
        )
    if not _WORDS.fullmatch(word):
        raise ForumError(
            "synonym_characters",
            f"“{word}” has characters search cannot use. Use letters, numbers, spaces, "
            "hyphens (-) and apostrophes (').",
            field="words",
        )
    if len(word) < 2 or word.lower().replace("'", "") in STOP_WORDS:
        raise ForumError(
            "synonym_too_common",
            f"“{word}” is too short or common for search to use on its own. Put it in a phrase, "
            "like “short break”.",
            field="words",
        )


SHIPPED_SYNONYMS = Path(__file__).resolve().parents[1] / "synonyms.txt"


def load_shipped_synonyms() -> int:
    """The list that ships with the project, when the site has no words at all (a database
    emptied by tests, or a demo reset): migration 0005 does the same on a new install. Returns
    how many groups were made; none once moderators have any."""
    if SynonymGroup.objects.exists():
        return 0
    made = 0
    for line in SHIPPED_SYNONYMS.read_text(encoding="utf-8").splitlines():
        words = read_words(line.strip()) if not line.strip().startswith("#") else []
        if len(words) >= 2:
            _store(SynonymGroup.objects.create(), words)
            made += 1
    _forget()
    return made
