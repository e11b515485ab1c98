"""Words that mean the same, set exactly for a test. Migrating puts the shipped list in the
database, but a test that flushes it (transaction=True) leaves it empty for the tests after: tests
that rely on synonyms say which ones they use."""

from forums.models import Synonym, SynonymGroup
from forums.synonyms import forget_synonyms, synonym_key

USUAL = (
    "PA, PAs, personal assistant",
    "DP, DPs, direct payment",
    "respite, respite care, short break, carer's break",
    "carer's assessment, carers assessment, carer assessment",
)


def only_these_synonyms(*groups: str) -> None:
    """Each group as moderators would type it: "PA, PAs, personal assistant"."""
    SynonymGroup.objects.all().delete()
    for words in groups:
        group = SynonymGroup.objects.create()
        Synonym.objects.bulk_create(
            Synonym(group=group, text=word, key=synonym_key(word)) for word in words.split(", ")
        )
    forget_synonyms()
