"""E-mail goes through the real database task queue and is sent by the worker command."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from community.models import Notification
from community.services.notifications import notify


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_notification_email_waits_in_the_queue_until_the_worker_runs(database_queue, person):
    notify(
        recipient=person,
        kind=Notification.Kind.ROLE_GRANTED,
        message="Leeds Independent Living added you as trained advisor.",
    )
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    assert [m.to for m in mail.outbox] == [[person.email]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
