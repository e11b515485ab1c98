"""Background tasks of the community app, run by the task worker (`manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from community.models import Notification


@task()
def email_notification(*, notification_id: int) -> None:
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    # Already sent (a retried task) or deleted since: nothing to do, and never twice.
    if notification is None or notification.emailed_at is not None:
        return
    context = {
        "notification": notification,
        "person": notification.recipient,
        "link": f"{settings.SITE_URL}{notification.url}" if notification.url else "",
        "notifications_link": f"{settings.SITE_URL}/notifications/",
    }
    send_mail(
        subject=f"Alongside: {notification.message}"[:150],
        message=render_to_string("community/email/notification.txt", context),
        from_email=None,
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
