"""Safety records: blocks, reports and the cases moderators work through, data exports."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

if TYPE_CHECKING:
    from community.safety.registry import Described


class Block(models.Model):
    """`blocker` no longer wants to hear from `blocked`: no private conversation between them,
    the blocked person's chat messages are hidden from the blocker, and neither is shown the
    other's presence. The blocked person is never told."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="no_blocking_yourself"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"


class DataExport(models.Model):
    """One "Download my data" zip. The zip is kept in the database, not on disk: the task worker
    that builds it and the web process that serves it may be on different machines, and the
    row (zip included) goes when it expires or when the account is deleted."""

    class State(models.TextChoices):
        QUEUED = "queued", "Getting it ready"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # The secret part of the download address. Signing in as the person is still needed.
    token = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    archive = models.BinaryField(default=b"", editable=False)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            # A second request while one is being made is refused, even two at once.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state="queued"),
                name="one_export_in_progress_per_person",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(state="ready"), name="one_ready_export_per_person"
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="data_export_expiry")]

    def __str__(self) -> str:
        return f"Data export for {self.person} ({self.state})"


class Case(models.Model):
    """One reported (or automatically flagged) thing, as the moderation queue shows it: every
    report of the same thing joins its one open case. A case is also opened, with no report, when
    a new account's post waits for approval or when writing suggests someone may be at risk."""

    class State(models.TextChoices):
        OPEN = "open", "Waiting for a moderator"
        CLOSED = "closed", "Dealt with"

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", "Hidden"
        REMOVED = "removed", "Removed"
        RESTORED = "restored", "Shown again"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Not approved"
        NO_ACTION = "no_action", "Looked at: nothing needed doing"
        LOCKED = "locked", "Topic closed to replies"
        MOVED = "moved", "Topic moved"

    kind = models.CharField(max_length=30)  # community.safety.registry kind name
    object_id = models.PositiveBigIntegerField()
    # Who wrote the thing (kept for "everything this person posted" and the person's history).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whose staff may see and act on it, besides moderators (its event, room or request).
    organisation = models.ForeignKey(
        "community.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    urgent = models.BooleanField(
        default=False, help_text="Someone may be at risk: first in the queue."
    )
    urgent_words = models.BooleanField(
        default=False, help_text="Opened because the writing suggests someone may be at risk."
    )
    waiting_approval = models.BooleanField(
        default=False, help_text="A new account's post or message, hidden until approved."
    )
    held = models.BooleanField(default=False, help_text="Hidden automatically after reports.")
    report_count = models.PositiveIntegerField(default=0)
    # What the thing was when the case opened: the queue shows it even if it is later edited.
    label = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    opened = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    # Shown to the author (and, in words, to the reporters).
    outcome_reason = models.TextField(blank=True)

    # Not stored: the thing as it is now (None if it is gone), set by community.safety.selectors.
    described: "Described | None"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=Q(state="open"),
                name="one_open_case_per_thing",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-urgent", "opened"], name="case_queue_order"),
            models.Index(fields=["kind", "object_id"], name="case_by_thing"),
            models.Index(fields=["author", "outcome"], name="case_by_author"),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk}: {self.kind} {self.object_id} ({self.state})"


class Report(models.Model):
    """One person's concern about one thing. One report per person per case."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or a scam"
        UNKIND = "unkind", "Unkind or abusive"
        SAFETY = "safety", "Worried about someone's safety"
        OTHER = "other", "Something else"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reports_made"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.TextField(max_length=1000, blank=True)
    # A moderator or trained advisor when they reported: one such report holds the thing.
    trusted = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    # Not stored: the reporter's display name for moderators, set by case_for_viewer.
    reporter_name: str

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "reporter"], name="one_report_per_person_per_case"
            ),
        ]
        indexes = [models.Index(fields=["reporter", "-created"], name="reports_by_reporter")]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.reason}) on case {self.case_id}"
