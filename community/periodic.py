"""Periodic jobs (daily digests, event reminders, keeping occurrences filled ahead).

Apps register a job with how often it runs; `manage.py run_scheduler` calls `enqueue_due_jobs`
every little while, and each job is queued on the task queue once per time slot, even with
several schedulers running, because the slot is claimed with a unique row first.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from community.models import ScheduledRun


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: object  # a django_tasks Task taking no arguments
    every: datetime.timedelta
    # Shifts the slot boundaries: a daily job with offset 7 hours falls due at 07:00 UTC.
    offset: datetime.timedelta = datetime.timedelta(0)

    def slot(self, now: datetime.datetime) -> str:
        seconds = int(self.every.total_seconds())
        shift = int(self.offset.total_seconds())
        start = (int(now.timestamp()) - shift) // seconds * seconds + shift
        return datetime.datetime.fromtimestamp(start, tz=datetime.UTC).isoformat()


_JOBS: dict[str, PeriodicJob] = {}


def register_job(
    name: str,
    task,
    every: datetime.timedelta,
    offset: datetime.timedelta = datetime.timedelta(0),
) -> PeriodicJob:
    job = PeriodicJob(name, task, every, offset)
    _JOBS[name] = job
    return job


def registered_jobs() -> list[PeriodicJob]:
    return list(_JOBS.values())


def enqueue_due_jobs(now: datetime.datetime | None = None) -> list[str]:
    """Queue every job whose current slot has not been queued yet. Returns the names queued."""
    now = now or timezone.now()
    queued = []
    for job in registered_jobs():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=job.slot(now))
                transaction.on_commit(job.task.enqueue)
        except IntegrityError:
            continue
        queued.append(job.name)
    return queued
