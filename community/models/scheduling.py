"""One row per periodic job per time slot, so a job is queued once however many schedulers run."""

from django.db import models


class ScheduledRun(models.Model):
    job = models.CharField(max_length=80)
    slot = models.CharField(max_length=40, help_text="The time slot this run covers.")
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_slot")]
        ordering = ["-enqueued_at"]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot}"
