"""Notification e-mails, sent by the task worker: everything still unread in one message, "soon
after" (a couple of minutes after the first, so ten replies are one e-mail) or in the morning's
daily summary. A notification read before its e-mail goes is left out: already seen."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from community.models import Notification, User
from community.notification_kinds import Delivery


def claim_waiting_for_email(*, person_id: int, delivery: str) -> list[Notification]:
    """Within the caller's transaction: lock and mark as e-mailed everything still waiting, so a
    second worker running the same task finds nothing."""
    waiting = list(
        Notification.objects.select_for_update()
        .filter(
            recipient_id=person_id,
            delivery=delivery,
            emailed_at__isnull=True,
            read_at__isnull=True,
        )
        .order_by("created", "id")
    )
    if waiting:
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
            emailed_at=timezone.now()
        )
    return waiting


def people_waiting_for_digest() -> list[int]:
    return list(
        Notification.objects.filter(
            delivery=Delivery.DIGEST, emailed_at__isnull=True, read_at__isnull=True
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def _subject(waiting: list[Notification], delivery: str) -> str:
    if len(waiting) == 1:
        subject = f"Alongside: {waiting[0].message}"
    elif delivery == Delivery.DIGEST:
        subject = f"Alongside: your daily summary ({len(waiting)} new)"
    else:
        subject = f"Alongside: {len(waiting)} new notifications"
    return subject[:150]


def send_notifications_email(*, person_id: int, delivery: str) -> int:
    """One e-mail with everything waiting; how many notifications it carried. The claim and the
    send share a transaction: if the mail server fails, nothing is marked sent and the task can
    run again."""
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
        send_mail(
            subject=_subject(waiting, delivery),
            message=render_to_string("community/email/notifications.txt", context),
            from_email=None,
            recipient_list=[person.email],
        )
    return len(waiting)
