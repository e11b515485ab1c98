"""The forums' background work, run by the task worker: questions that waited too long for an
advisor are raised to staff."""

import datetime

from django_tasks import task

from community.periodic import register_job
from forums.services.advisors import raise_long_waiting_questions


@task()
def raise_long_waiting_questions_in_background() -> int:
    return raise_long_waiting_questions()


# Hourly: the wait is counted in days, so a question is raised within the hour it falls due.
register_job(
    "forums.raise_waiting_questions",
    raise_long_waiting_questions_in_background,
    every=datetime.timedelta(hours=1),
)
