"""Words that mean the same in search ("PA", "personal assistant"), kept by moderators.

forums.synonyms reads them (cached) and turns what someone typed into the words to look for."""

from django.db import models
from django.utils import timezone

SYNONYM_MAX = 60


class SynonymGroup(models.Model):
    """Words and phrases that search treats as one: searching for any finds all the others."""

    created = models.DateTimeField(default=timezone.now)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return ", ".join(synonym.text for synonym in self.synonyms.all())


class Synonym(models.Model):
    group = models.ForeignKey(SynonymGroup, on_delete=models.CASCADE, related_name="synonyms")
    text = models.CharField(max_length=SYNONYM_MAX, help_text="As moderators wrote it.")
    # The text in lower case with single spaces: a word or phrase belongs to one group only, so
    # what a search looks for never depends on which group was read first.
    key = models.CharField(max_length=SYNONYM_MAX, unique=True, editable=False)

    class Meta:
        ordering = ["group_id", "pk"]

    def __str__(self) -> str:
        return self.text
