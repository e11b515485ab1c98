"""Telling people things: store the notification, then after commit push the new unread count to
their open tabs and, if they asked for e-mail, queue it. A rolled-back change tells nobody.

E-mail is batched: "soon after" waits a couple of minutes and then sends everything still unread
in one message, so ten replies are one e-mail; "daily" goes in the next morning's digest.
"""

import datetime

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django_tasks import default_task_backend

from community.errors import CommunityError
from community.models import Notification, NotificationPreference, User
from community.notification_kinds import Delivery, all_kinds, get_kind
from community.selectors import unread_notification_count


def person_group(person_id: int) -> str:
    """The channel-layer group every open `/ws/me/` socket of one person joins."""
    return f"person.{person_id}"


def deliveries_for(*, person: User) -> dict[str, str]:
    """Every kind's delivery for one person, in one query."""
    chosen = dict(
        NotificationPreference.objects.filter(person=person).values_list("kind", "delivery")
    )
    return {kind.code: chosen.get(kind.code, kind.default_delivery) for kind in all_kinds()}


def notify(
    *,
    recipient: User,
    kind: str,
    message: str,
    url: str = "",
    about: models.Model | None = None,
) -> Notification:
    [notification] = notify_many(
        recipients=[recipient], kind=kind, message=message, url=url, about=about
    )
    return notification


def notify_many(
    *,
    recipients: list[User],
    kind: str,
    message: str,
    url: str = "",
    about: models.Model | None = None,
) -> list[Notification]:
    """`notify` for many people at once, in a fixed number of queries however many: one for how
    each wants to hear about this kind, one insert; the same pushes and e-mails after commit."""
    if not recipients:
        return []
    default = get_kind(kind).default_delivery
    chosen = dict(
        NotificationPreference.objects.filter(person__in=recipients, kind=kind).values_list(
            "person_id", "delivery"
        )
    )
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=kind,
            message=message[:300],
            url=url,
            about_type=about._meta.label_lower if about is not None else "",
            about_id=about.pk if about is not None else None,
            delivery=chosen.get(person.pk, default),
        )
        for person in recipients
    )
    told = [person.pk for person in recipients]
    emailed = [n.recipient_id for n in notifications if n.delivery == Delivery.EMAIL]

    def push_and_email() -> None:
        for person_id in told:
            push_unread_count(person_id=person_id)
        for person_id in emailed:
            _queue_email(person_id=person_id)

    transaction.on_commit(push_and_email)
    return notifications


def _queue_email(*, person_id: int) -> None:
    from community.tasks import email_waiting_notifications

    task = email_waiting_notifications
    wait = datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_WAIT_SECONDS)
    if wait and default_task_backend.supports_defer:
        task = task.using(run_after=timezone.now() + wait)
    task.enqueue(person_id=person_id)


def push_unread_count(*, person_id: int) -> None:
    """Send the current count (not a delta) so a tab that missed a push is right on the next."""
    count = unread_notification_count(person=User(pk=person_id))
    async_to_sync(get_channel_layer().group_send)(
        person_group(person_id), {"type": "unread.count", "notifications": count}
    )


def mark_read(*, person: User, notification_ids: list[int] | None = None) -> int:
    """Mark some (or, with no ids, all) of a person's own notifications read."""
    unread = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    with transaction.atomic():
        changed = unread.update(read_at=timezone.now())
        if changed:
            transaction.on_commit(lambda: push_unread_count(person_id=person.pk))
    return changed


def set_delivery(*, person: User, kind: str, delivery: str) -> NotificationPreference:
    try:
        get_kind(kind)
    except KeyError as error:
        raise CommunityError("unknown_kind", "Choose a kind of notification.") from error
    if delivery not in Delivery.VALUES:
        raise CommunityError("unknown_delivery", "Choose how you want to hear about it.")
    preference, _ = NotificationPreference.objects.update_or_create(
        person=person, kind=kind, defaults={"delivery": delivery}
    )
    return preference


def claim_waiting_for_email(*, person_id: int, delivery: str) -> list[Notification]:
    """Within the caller's transaction: lock and mark as e-mailed everything still waiting, so a
    second worker running the same task finds nothing. Read ones are skipped: already seen."""
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
