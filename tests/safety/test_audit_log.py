"""The audit log is append-only: Django refuses changes and deletes, and so does PostgreSQL;
deleting an account or organisation still works (their entries just forget the link). Moderators
read it through the selector, filtered."""

import datetime
import os

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from community.models import AuditLogEntry
from community.models.audit import AuditLogIsAppendOnly
from community.safety.selectors import audit_log_for
from community.services.audit import record
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")),
    reason="the trigger is PostgreSQL's; set DATABASE_URL to run",
)


@pytest.fixture
def entry():
    return record(actor=PersonFactory(), action="safety.case.hide", reason="Spam")


def test_an_entry_cannot_be_changed_or_deleted(entry):
    entry.action = "safety.case.nothing"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditLogEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditLogEntry.objects.filter(pk=entry.pk).update(actor=PersonFactory())
    with pytest.raises(AuditLogIsAppendOnly):
        AuditLogEntry.objects.all().delete()
    assert AuditLogEntry.objects.get(pk=entry.pk).action == "safety.case.hide"


def test_deleting_an_account_or_organisation_keeps_their_entries_unlinked():
    person = PersonFactory()
    organisation = OrganisationFactory()
    kept = record(actor=person, action="community.membership.granted", organisation=organisation)
    person.delete()
    organisation.delete()
    kept = AuditLogEntry.objects.get(pk=kept.pk)
    assert kept.actor is None and kept.organisation is None
    assert kept.action == "community.membership.granted"


def test_moderators_read_the_log_filtered_and_others_read_nothing():
    moderator = PersonFactory(is_moderator=True)
    actor = PersonFactory()
    record(actor=actor, action="safety.case.hide")
    record(actor=moderator, action="safety.person.ban")
    record(actor=actor, action="forums.topic.removed")
    assert audit_log_for(viewer=PersonFactory()).count() == 0
    assert audit_log_for(viewer=moderator).count() == 3
    assert audit_log_for(viewer=moderator, action="safety").count() == 2
    assert audit_log_for(viewer=moderator, actor_id=actor.pk).count() == 2
    later = timezone.now() + datetime.timedelta(minutes=1)
    assert audit_log_for(viewer=moderator, since=later).count() == 0
    assert audit_log_for(viewer=moderator, until=later).count() == 3


@on_postgresql
def test_postgresql_refuses_changes_made_behind_djangos_back(entry):
    for sql in (
        "UPDATE community_auditlogentry SET action = 'x'",
        "DELETE FROM community_auditlogentry",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    with connection.cursor() as cursor:  # the link to a deleted account may still be forgotten
        cursor.execute(
            "UPDATE community_auditlogentry SET actor_id = NULL WHERE id = %s", [entry.pk]
        )
    assert AuditLogEntry.objects.get(pk=entry.pk).actor_id is None
