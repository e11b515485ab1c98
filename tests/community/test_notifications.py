import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from community.models import Notification, NotificationPreference, ScheduledRun
from community.notification_kinds import ROLE_GRANTED, ROLE_REVOKED, Delivery
from community.periodic import enqueue_due_jobs
from community.selectors import unread_notification_count
from community.services.notifications import (
    deliveries_for,
    mark_read,
    notify,
    set_delivery,
)
from community.tasks import email_waiting_notifications, send_daily_digests
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _notify(person, kind=ROLE_GRANTED.code, message="Something happened"):
    return notify(recipient=person, kind=kind, message=message, url="/profile/")


def test_email_is_sent_only_when_the_person_wants_email(person, django_capture_on_commit_callbacks):
    set_delivery(person=person, kind=ROLE_GRANTED.code, delivery=Delivery.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(person)
    assert mail.outbox == []
    set_delivery(person=person, kind=ROLE_GRANTED.code, delivery=Delivery.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(person)
    assert len(mail.outbox) == 1
    assert "http://" in mail.outbox[0].body and "/profile/" in mail.outbox[0].body


def test_several_waiting_notifications_go_in_one_email(person):
    for number in range(10):
        _notify(person, message=f"Reply number {number}")
    assert email_waiting_notifications.call(person_id=person.pk) == 10
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Alongside: 10 new notifications"
    assert "Reply number 0" in mail.outbox[0].body and "Reply number 9" in mail.outbox[0].body


def test_the_email_is_never_sent_twice_and_read_ones_are_skipped(person):
    first, seen = _notify(person), _notify(person)
    mark_read(person=person, notification_ids=[seen.pk])
    email_waiting_notifications.call(person_id=person.pk)
    email_waiting_notifications.call(person_id=person.pk)
    assert len(mail.outbox) == 1
    first.refresh_from_db()
    seen.refresh_from_db()
    assert first.emailed_at is not None and seen.emailed_at is None


def test_daily_digest_gathers_a_days_notifications_into_one_email(db):
    digest_reader, other = PersonFactory(), PersonFactory()
    for kind in (ROLE_GRANTED.code, ROLE_REVOKED.code):
        set_delivery(person=digest_reader, kind=kind, delivery=Delivery.DIGEST)
    _notify(digest_reader, message="Added as advisor")
    _notify(digest_reader, kind=ROLE_REVOKED.code, message="Planning partner role ended")
    set_delivery(person=other, kind=ROLE_GRANTED.code, delivery=Delivery.IN_APP)
    _notify(other)

    assert send_daily_digests.call() == 1
    assert send_daily_digests.call() == 0
    assert [m.to for m in mail.outbox] == [[digest_reader.email]]
    assert "daily summary (2 new)" in mail.outbox[0].subject
    assert "Planning partner role ended" in mail.outbox[0].body


def test_the_daily_digest_is_queued_once_per_day_however_often_the_scheduler_looks(db):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)):
        assert "community.daily_digest" in enqueue_due_jobs()
        assert "community.daily_digest" not in enqueue_due_jobs()
    with time_machine.travel(datetime.datetime(2026, 3, 3, 6, 59, tzinfo=datetime.UTC)):
        assert "community.daily_digest" not in enqueue_due_jobs()
    with time_machine.travel(datetime.datetime(2026, 3, 3, 7, 0, tzinfo=datetime.UTC)):
        assert "community.daily_digest" in enqueue_due_jobs()
    assert ScheduledRun.objects.filter(job="community.daily_digest").count() == 2


def test_the_scheduler_command_queues_due_jobs_and_the_digest_is_sent(
    db, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    set_delivery(person=person, kind=ROLE_GRANTED.code, delivery=Delivery.DIGEST)
    _notify(person)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", once=True, stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_changing_a_preference_twice_keeps_one_row(person):
    set_delivery(person=person, kind=ROLE_GRANTED.code, delivery=Delivery.IN_APP)
    set_delivery(person=person, kind=ROLE_GRANTED.code, delivery=Delivery.EMAIL)
    assert NotificationPreference.objects.get(person=person).delivery == Delivery.EMAIL
    assert deliveries_for(person=person)[ROLE_GRANTED.code] == Delivery.EMAIL


def test_unknown_kinds_and_deliveries_are_refused(person):
    from community.errors import CommunityError

    with pytest.raises(CommunityError):
        set_delivery(person=person, kind="no.such.kind", delivery=Delivery.EMAIL)
    with pytest.raises(CommunityError):
        set_delivery(person=person, kind=ROLE_GRANTED.code, delivery="pigeon")


def test_mark_read_only_touches_the_persons_own(db):
    person, other = PersonFactory(), PersonFactory()
    mine = [_notify(person), _notify(person)]
    theirs = _notify(other)
    assert mark_read(person=person, notification_ids=[mine[0].pk, theirs.pk]) == 1
    assert unread_notification_count(person=person) == 1
    assert unread_notification_count(person=other) == 1
    assert mark_read(person=person) == 1
    assert unread_notification_count(person=person) == 0
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
