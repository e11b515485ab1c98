"""The safety app's periodic jobs, run by the task worker. The task that builds a data export
lives beside the service that queues it (`community.safety.exporting.build_data_export`)."""

import datetime

from django_tasks import task

from community.periodic import register_job
from community.safety.exporting import delete_expired_data_exports


@task()
def delete_expired_exports() -> int:
    return delete_expired_data_exports()


register_job(
    "safety.delete_expired_exports",
    delete_expired_exports,
    every=datetime.timedelta(hours=1),
    offset=datetime.timedelta(minutes=25),
)
