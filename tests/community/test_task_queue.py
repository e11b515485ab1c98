"""E-mail goes through the real database task queue and is sent by the worker command, after a
short wait that lets several notifications share one e-mail."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from community.notification_kinds import ROLE_GRANTED
from community.services.notifications import notify


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFICATION_EMAIL_WAIT_SECONDS = 120


def _run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_notification_emails_wait_in_the_queue_then_go_out_together(database_queue, person):
    for organisation in ("Leeds Independent Living", "Calder Carers"):
        notify(
            recipient=person,
            kind=ROLE_GRANTED.code,
            message=f"{organisation} added you as trained advisor.",
        )
    assert DBTaskResult.objects.count() == 2

    _run_worker()
    assert mail.outbox == []  # still inside the batching wait

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        _run_worker()

    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "Calder Carers" in mail.outbox[0].body and "Leeds" in mail.outbox[0].body
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
