"""The audit log in the admin site is read-only for everyone, superusers included (issue 15,
point 7): an entry that could be changed or deleted would prove nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from community.models import AuditLogEntry
from community.services.audit import record
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client():
    client = Client()
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def entry():
    return record(actor=PersonFactory(), action="community.membership.granted")


def test_a_superuser_can_read_the_audit_log_and_an_entry(superuser_client, entry):
    listing = superuser_client.get(reverse("admin:community_auditlogentry_changelist"))
    assert listing.status_code == 200
    assert "community.membership.granted" in listing.content.decode()
    detail = superuser_client.get(reverse("admin:community_auditlogentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()  # read-only: nothing to save


def test_a_superuser_cannot_delete_an_entry(superuser_client, entry):
    url = reverse("admin:community_auditlogentry_delete", args=[entry.pk])
    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert AuditLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_list_offers_no_delete_selected_and_refuses_it_if_sent(superuser_client, entry):
    url = reverse("admin:community_auditlogentry_changelist")
    assert "delete_selected" not in superuser_client.get(url).content.decode()
    response = superuser_client.post(
        url, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert response.status_code in {200, 302}  # Django answers "no action selected"
    assert AuditLogEntry.objects.filter(pk=entry.pk).exists()


def test_a_superuser_cannot_change_or_add_an_entry(superuser_client, entry):
    change = reverse("admin:community_auditlogentry_change", args=[entry.pk])
    response = superuser_client.post(change, {"action": "community.nothing.happened"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.action == "community.membership.granted"
    add = reverse("admin:community_auditlogentry_add")
    assert superuser_client.post(add, {"action": "community.made.up"}).status_code == 403
    assert AuditLogEntry.objects.count() == 1
