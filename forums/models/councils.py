"""What a council decided about an answered question: which council, agreed or refused, the year,
and what it was for. No other forum has this, and it is what people most want to know before they
ask their own council ("has anyone got a gym membership agreed?")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from community.areas import AREA_CHOICES

# Direct payments began in England in April 1997 (Community Care (Direct Payments) Act 1996):
# no council decided one earlier.
FIRST_YEAR = 1997
WHAT_FOR_MAX = 80
# Quotes people type around an example ("gym membership"), and a closing full stop.
TRIMMED = " \t\"'“”‘’."


def what_for_key(what_for: str) -> str:
    """The form decisions are grouped and found by: "Gym  Membership." is "gym membership"."""
    return " ".join((what_for or "").split()).strip(TRIMMED).casefold()


class CouncilDecision(models.Model):
    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"
        PARTLY = "partly", "Partly agreed"

    # One decision per question: the asker's council answered their question once. Changing it
    # is allowed (they may have got it wrong, or the council changed its mind on appeal).
    topic = models.OneToOneField(
        "forums.Topic", on_delete=models.CASCADE, related_name="council_decision"
    )
    council = models.CharField(max_length=80, choices=AREA_CHOICES)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    year = models.PositiveSmallIntegerField()
    what_for = models.CharField(max_length=WHAT_FOR_MAX, help_text='e.g. "gym membership"')
    # `what_for` with case, spacing and a closing full stop evened out, so "Gym membership." and
    # "gym  membership" are listed together.
    what_for_key = models.CharField(max_length=WHAT_FOR_MAX, db_index=True)
    # Only read for a topic posted without a name: its council stays private unless the asker
    # chooses to share it (a council and a question together can point to one person).
    share_council = models.BooleanField(default=False)
    # Kept when the account is closed, like the topic itself.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    # Not stored: what one viewer may see, set by forums.selectors.councils.present_decision.
    council_shown: bool
    shown_council: str | None  # the code, None when not shown to this viewer
    council_name: str | None
    outcome_words: str  # "agreed", "refused", "partly agreed"

    class Meta:
        ordering = ["-year", "-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["agreed", "refused", "partly"]),
                name="council_decision_outcome_is_known",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR), name="council_decision_year_not_before_1997"
            ),
            models.CheckConstraint(
                condition=~Q(what_for_key=""), name="council_decision_says_what_for"
            ),
        ]
        indexes = [
            models.Index(fields=["council", "-year"], name="council_decisions_by_council"),
        ]

    def __str__(self) -> str:
        return f"{self.get_council_display()} {self.get_outcome_display().lower()}: {self.what_for}"
