"""An import of an organisation's programme from an .ics file: preview first, then confirm."""

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Ready to confirm"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(
        "community.Organisation", on_delete=models.CASCADE, related_name="event_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200, blank=True)
    # Set when the calendar was read from a web address: confirming keeps it in step from then.
    address = models.URLField(max_length=500, blank=True)
    source = models.TextField(help_text="The .ics file as uploaded.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    # [{"uid", "title", "action": "create"|"update"|"skip", "reason", "dates": n, "first": iso,
    #   and what creating or updating needs: see events.services.importing}]
    preview = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created_events = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Import {self.filename or self.pk} for {self.organisation}"

    @property
    def percent_done(self) -> int:
        return 100 if not self.total else int(self.done * 100 / self.total)
