"""A series (the rule a drop-in repeats by) and each dated occurrence, stored as its own row."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Series(models.Model):
    """Repeats by an RFC 5545 rule in UK local time, so 10:00 stays 10:00 across clock changes."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="series")
    # The RRULE without UNTIL or COUNT, e.g. "FREQ=MONTHLY;BYDAY=1TU"; those two are kept apart.
    rule = models.CharField(max_length=300)
    start_date = models.DateField()
    start_time = models.TimeField(help_text="Local time in the series' time zone.")
    # The zone the rule runs in: the UK's, unless it was imported from a calendar kept in
    # another (a 09:00 in New York crosses its clock changes on its own dates).
    time_zone = models.CharField(max_length=64, default="Europe/London")
    duration_minutes = models.PositiveIntegerField(default=120)
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    skipped_dates = models.JSONField(default=list, blank=True, help_text="ISO dates (EXDATE).")
    # One choice that keeps holding as the series is filled year after year: England's bank
    # holidays (events.holidays) are left out like skipped dates.
    skip_bank_holidays = models.BooleanField(default=False)
    # Occurrences exist in the database up to this date.
    filled_until = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return f"{self.event}: {self.rule}"


class Occurrence(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        MOVED = "moved", "Moved"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="occurrences")
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="occurrences"
    )
    # Where the rule put it (UTC): a moved date keeps its place in the series by this.
    original_start = models.DateTimeField(null=True, blank=True)
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    capacity = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Someone other than the event's usual hosts, for this date.",
    )
    # The date's note from its hosts or staff ("We are in room 2 this week"), kept apart from
    # why it moved or was cancelled, so a move does not wipe it and it never reads as the reason.
    note = models.CharField(max_length=300, blank=True, help_text="A note about this date.")
    change_reason = models.CharField(
        max_length=300, blank=True, help_text="Why it moved or was cancelled."
    )
    # A themed date of a series ("This week: employing a PA"), shown in lists, the calendar,
    # feeds and filters. Staff and the date's hosts set it.
    theme = models.CharField(max_length=100, blank=True)
    theme_description = models.CharField(max_length=300, blank=True)
    # For a hybrid event: how many of `capacity` are online places (the rest are in person).
    # Empty for the other formats: then every place is of the event's one kind.
    online_capacity = models.PositiveIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    last_modified = models.DateTimeField()

    # Not stored: counted for the dates pages and the API show, by events.selectors.with_places
    # and, after a change, by the service that made it (events.services.capacity).
    places_taken: int
    places_left: int
    waiting_count: int

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_start"],
                condition=Q(series__isnull=False),
                name="one_occurrence_per_series_date",
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="ends_after_start"),
        ]
        indexes = [models.Index(fields=["event", "start"])]

    def __str__(self) -> str:
        return f"{self.event} on {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def uid(self) -> str:
        """Stable for the life of the occurrence, whatever changes: calendar apps key on it."""
        return f"occurrence-{self.pk}@alongside"
