"""Background tasks of the community app, run by the task worker (`manage.py db_worker`)."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task

from community.models import User
from community.notification_kinds import Delivery
from community.periodic import register_job
from community.services.notifications import claim_waiting_for_email, people_waiting_for_digest


def _send_notifications_email(*, person_id: int, delivery: str) -> int:
    """One e-mail with everything waiting. The claim and the send share a transaction: if the
    mail server fails, nothing is marked sent and the task can run again."""
    with transaction.atomic():
        waiting = claim_waiting_for_email(person_id=person_id, delivery=delivery)
        if not waiting:
            return 0
        person = User.objects.get(pk=person_id)
        if not person.is_active:
            return 0
        context = {
            "person": person,
            "notifications": waiting,
            "site_url": settings.SITE_URL,
            "daily": delivery == Delivery.DIGEST,
        }
        if len(waiting) == 1:
            subject = f"Alongside: {waiting[0].message}"
        elif delivery == Delivery.DIGEST:
            subject = f"Alongside: your daily summary ({len(waiting)} new)"
        else:
            subject = f"Alongside: {len(waiting)} new notifications"
        send_mail(
            subject=subject[:150],
            message=render_to_string("community/email/notifications.txt", context),
            from_email=None,
            recipient_list=[person.email],
        )
    return len(waiting)


@task()
def email_waiting_notifications(*, person_id: int) -> int:
    return _send_notifications_email(person_id=person_id, delivery=Delivery.EMAIL)


@task()
def send_daily_digests() -> int:
    sent = 0
    for person_id in people_waiting_for_digest():
        sent += bool(_send_notifications_email(person_id=person_id, delivery=Delivery.DIGEST))
    return sent


register_job(
    "community.daily_digest",
    send_daily_digests,
    every=datetime.timedelta(days=1),
    offset=datetime.timedelta(hours=7),
)
