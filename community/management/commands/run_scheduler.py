"""Queue periodic jobs when they fall due. Run one (or more: they agree) beside the workers."""

import time

from django.core.management.base import BaseCommand

from community.periodic import enqueue_due_jobs, registered_jobs


class Command(BaseCommand):
    help = "Queue periodic jobs (digests, reminders) on the task queue when they fall due."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between checks.")
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        names = ", ".join(job.name for job in registered_jobs())
        self.stdout.write(f"Scheduler watching: {names}")
        while True:
            for name in enqueue_due_jobs():
                self.stdout.write(f"Queued {name}")
            if once:
                return
            time.sleep(interval)
