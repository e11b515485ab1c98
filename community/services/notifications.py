"""Telling people things: store the notifications (in bulk), then after commit queue one job that
pushes everyone's new unread count to their open tabs and queues the e-mails they asked for
(`community.tasks.deliver_notifications`). A rolled-back change tells nobody, and the request
costs the same however many people are told.

E-mail is batched: "soon after" waits a couple of minutes and then sends everything still unread
in one message, so ten replies are one e-mail; "daily" goes in the next morning's digest.
"""

from collections.abc import Collection

from django.db import models, transaction
from django.utils import timezone

from community.errors import CommunityError
from community.models import Notification, NotificationPreference, User
from community.notification_filters import filtered_recipients
from community.notification_kinds import Delivery, all_kinds, get_kind
from community.services.broadcasts import push_unread_counts
from community.tasks import deliver_notifications


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
    sender: User | None = None,
) -> Notification | None:
    """Tell one person. None when they must not hear from `sender` (they blocked them)."""
    notifications = notify_many(
        recipients=[recipient], kind=kind, message=message, url=url, about=about, sender=sender
    )
    return notifications[0] if notifications else None


def notify_many(
    *,
    recipients: list[User],
    kind: str,
    message: str,
    url: str = "",
    about: models.Model | None = None,
    emailed_separately: Collection[int] = (),
    sender: User | None = None,
) -> list[Notification]:
    """`notify` for many people at once, in a fixed number of queries however many: one for how
    each wants to hear about this kind, one insert; the same pushes and e-mails after commit.
    `emailed_separately`: ids of recipients sent their own e-mail about this same news (a
    calendar update, say). Theirs is shown on the site only, so nobody gets the news twice.
    `sender`: the person whose action this is news of (a reply, a mention). Whoever must not
    hear from them (see `community.notification_filters`: someone who blocked them) is left
    out, at one query per filter for the whole batch."""
    if sender is not None:
        recipients = filtered_recipients(sender.pk, recipients)
    if not recipients:
        return []
    default = get_kind(kind).default_delivery
    site_only = set(emailed_separately)
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
            delivery=(
                Delivery.IN_APP if person.pk in site_only else chosen.get(person.pk, default)
            ),
        )
        for person in recipients
    )
    person_ids = [person.pk for person in recipients]
    emailed_ids = [n.recipient_id for n in notifications if n.delivery == Delivery.EMAIL]
    # However many people: one job for the task worker, queued once this change commits.
    transaction.on_commit(
        lambda: deliver_notifications.enqueue(person_ids=person_ids, emailed_ids=emailed_ids)
    )
    return notifications


def forget_notifications_about(pairs: Collection[tuple[str, int]]) -> int:
    """Delete every notification (read or not) about these things, given as (about_type,
    about_id) pairs: used when a moderator hides or removes something, so "X replied in <a
    scam>" leaves everyone's list and the next digest. One query."""
    if not pairs:
        return 0
    # One condition per type, not per thing: a topic brings all its posts.
    ids_by_type: dict[str, set[int]] = {}
    for about_type, about_id in pairs:
        ids_by_type.setdefault(about_type, set()).add(about_id)
    about = models.Q()
    for about_type, ids in ids_by_type.items():
        about |= models.Q(about_type=about_type, about_id__in=ids)
    deleted, _ = Notification.objects.filter(about).delete()
    return deleted


def mark_read(*, person: User, notification_ids: list[int] | None = None) -> int:
    """Mark some (or, with no ids, all) of a person's own notifications read."""
    unread = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    with transaction.atomic():
        changed = unread.update(read_at=timezone.now())
        if changed:
            # Their own action: their tabs update at once, not via the worker.
            transaction.on_commit(lambda: push_unread_counts(person_ids=[person.pk]))
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
