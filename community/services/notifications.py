"""Telling people things: store the notification, then after commit push the new unread count to
their open tabs and, if they asked for it, queue an e-mail. A rolled-back change tells nobody."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import models, transaction
from django.utils import timezone

from community.models import Notification, NotificationPreference, User
from community.selectors import unread_notification_count

# Kinds that are e-mailed unless the person says otherwise: things about their own standing.
EMAIL_BY_DEFAULT = {Notification.Kind.ROLE_GRANTED, Notification.Kind.ROLE_REVOKED}


def person_group(person_id: int) -> str:
    """The channel-layer group every open `/ws/me/` socket of one person joins."""
    return f"person.{person_id}"


def delivery_for(*, person: User, kind: str) -> str:
    chosen = (
        NotificationPreference.objects.filter(person=person, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    if chosen:
        return chosen
    return (
        NotificationPreference.Delivery.EMAIL
        if kind in EMAIL_BY_DEFAULT
        else NotificationPreference.Delivery.IN_APP
    )


def notify(
    *,
    recipient: User,
    kind: str,
    message: str,
    url: str = "",
    about: models.Model | None = None,
) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        message=message[:300],
        url=url,
        about_type=about._meta.label_lower if about is not None else "",
        about_id=about.pk if about is not None else None,
    )
    transaction.on_commit(lambda: push_unread_count(person_id=recipient.pk))
    if delivery_for(person=recipient, kind=kind) == NotificationPreference.Delivery.EMAIL:
        from community.tasks import email_notification

        transaction.on_commit(lambda: email_notification.enqueue(notification_id=notification.pk))
    return notification


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
    preference, _ = NotificationPreference.objects.update_or_create(
        person=person, kind=kind, defaults={"delivery": delivery}
    )
    return preference
