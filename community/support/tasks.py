"""Support's background work, run by the task worker: requests nobody took in time expire,
and their members are told they can send them again."""

import datetime

from django_tasks import task

from community.periodic import register_job
from community.support.services.requests import expire_requests


@task()
def expire_requests_in_background() -> int:
    return expire_requests()


# Hourly is soon enough: a request is given days, and the member is told when it lapses.
register_job(
    "support.expire_requests", expire_requests_in_background, every=datetime.timedelta(hours=1)
)
