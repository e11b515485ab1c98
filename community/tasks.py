"""Background tasks of the community app, run by the task worker (`manage.py db_worker`)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from community.notification_kinds import Delivery
from community.periodic import register_job
from community.services.broadcasts import push_unread_counts
from community.services.notification_emails import (
    people_waiting_for_digest,
    send_notifications_email,
)


@task()
def deliver_notifications(*, person_ids: list[int], emailed_ids: list[int]) -> int:
    """The fan-out of one batch of new notifications, queued after its commit: every recipient's
    new unread count (one grouped query, one send each), then their e-mails queued to go after
    the batching wait. Returns how many people it told."""
    push_unread_counts(person_ids=person_ids)
    for person_id in emailed_ids:
        queue_email(person_id=person_id)
    return len(person_ids)


def queue_email(*, person_id: int) -> None:
    wait = datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_WAIT_SECONDS)
    send = email_waiting_notifications
    if wait and default_task_backend.supports_defer:
        send = send.using(run_after=timezone.now() + wait)
    send.enqueue(person_id=person_id)


@task()
def email_waiting_notifications(*, person_id: int) -> int:
    return send_notifications_email(person_id=person_id, delivery=Delivery.EMAIL)


@task()
def send_daily_digests() -> int:
    sent = 0
    for person_id in people_waiting_for_digest():
        sent += bool(send_notifications_email(person_id=person_id, delivery=Delivery.DIGEST))
    return sent


register_job(
    "community.daily_digest",
    send_daily_digests,
    every=datetime.timedelta(days=1),
    offset=datetime.timedelta(hours=7),
)
