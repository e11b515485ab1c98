import pytest
from django.core import mail

from community.models import Notification, NotificationPreference
from community.selectors import unread_notification_count
from community.services.notifications import mark_read, notify, set_delivery
from tests.factories import PersonFactory


def _notify(person, kind=Notification.Kind.ROLE_GRANTED):
    return notify(recipient=person, kind=kind, message="Something happened", url="/profile/")


def test_email_is_queued_only_when_the_person_wants_email(
    person, django_capture_on_commit_callbacks
):
    set_delivery(person=person, kind=Notification.Kind.ROLE_GRANTED, delivery="in_app")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(person)
    assert mail.outbox == []
    set_delivery(person=person, kind=Notification.Kind.ROLE_GRANTED, delivery="email")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(person)
    assert len(mail.outbox) == 1
    assert "http://" in mail.outbox[0].body and "/profile/" in mail.outbox[0].body


def test_changing_a_preference_twice_keeps_one_row(person):
    set_delivery(person=person, kind=Notification.Kind.ROLE_GRANTED, delivery="in_app")
    set_delivery(person=person, kind=Notification.Kind.ROLE_GRANTED, delivery="email")
    assert NotificationPreference.objects.get(person=person).delivery == "email"


def test_mark_read_only_touches_the_persons_own(db):
    person, other = PersonFactory(), PersonFactory()
    mine = [_notify(person), _notify(person)]
    theirs = _notify(other)
    assert mark_read(person=person, notification_ids=[mine[0].pk, theirs.pk]) == 1
    assert unread_notification_count(person=person) == 1
    assert unread_notification_count(person=other) == 1
    assert mark_read(person=person) == 1
    assert unread_notification_count(person=person) == 0


@pytest.mark.django_db
def test_the_email_is_never_sent_twice(person):
    from community.tasks import email_notification

    notification = _notify(person)
    email_notification.call(notification_id=notification.pk)
    email_notification.call(notification_id=notification.pk)
    assert len(mail.outbox) == 1
