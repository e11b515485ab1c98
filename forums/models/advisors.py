"""Questions for an advisor's answer: an advisor saying "I'm answering this", so two do not write
the same thing, and the record that a question waited too long and was raised to staff."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# A claim nobody followed with a reply stops showing after this long, so a forgotten "I'm
# answering this" does not keep other advisors away for good.
CLAIM_SHOWN_FOR = datetime.timedelta(days=2)


class AnswerClaim(models.Model):
    """An advisor saying "I'm answering this" on a question. It shows while it is current: not
    ended, younger than CLAIM_SHOWN_FOR, and its advisor has not replied in the topic since (their
    reply ends it; forums.selectors.waiting decides this when reading, so no write path has to
    remember)."""

    class Ended(models.TextChoices):
        WITHDRAWN = "withdrawn", "They said they are no longer answering it"
        REPLIED = "replied", "They replied"
        LAPSED = "lapsed", "It ran out"

    topic = models.ForeignKey(
        "forums.Topic", on_delete=models.CASCADE, related_name="answer_claims"
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answer_claims"
    )
    claimed_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended = models.CharField(max_length=10, choices=Ended.choices, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            # Two advisors pressing at once: the second insert fails, and is told who was first.
            models.UniqueConstraint(
                fields=["topic"],
                condition=Q(ended_at__isnull=True),
                name="one_open_answer_claim_per_topic",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, ended="")
                | Q(ended_at__isnull=False) & ~Q(ended=""),
                name="an_ended_claim_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.advisor} is answering {self.topic}"

    @property
    def shows_until(self) -> datetime.datetime:
        return self.claimed_at + CLAIM_SHOWN_FOR


class RaisedQuestion(models.Model):
    """A question that waited FORUMS_ADVISOR_WAIT_DAYS without an advisor's reply and was raised
    to staff: one row per question, so it is raised once however often the job runs."""

    topic = models.OneToOneField(
        "forums.Topic", on_delete=models.CASCADE, related_name="raised_to_staff"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    # Who was told: these organisations' staff, or moderators when no organisation covers it.
    organisations = models.ManyToManyField("community.Organisation", blank=True, related_name="+")
    to_moderators = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.topic} raised to staff"
