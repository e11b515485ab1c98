import asyncio
import datetime

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.core import mail
from django.db import transaction
from django.utils import timezone

from community.errors import CommunityError
from community.models import AuditLogEntry, Membership, Notification
from community.notification_kinds import ROLE_GRANTED, ROLE_REVOKED
from community.selectors import public_person
from community.services.broadcasts import person_group
from community.services.memberships import grant_role, revoke_role
from tests.factories import OrganisationFactory, PersonFactory, staff_of

TRAINED = datetime.date(2025, 3, 14)


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Leeds Independent Living", verified=True)


@pytest.fixture
def staff(org):
    return staff_of(org)


def test_staff_grant_advisor_role_and_badge_shows_training(org, staff, person):
    grant_role(
        granted_by=staff, organisation=org, person=person, role="advisor", trained_on=TRAINED
    )
    badges = public_person(person_id=person.pk).badges
    assert [b.badge for b in badges] == [
        "Trained advisor — Leeds Independent Living, since March 2025"
    ]


def test_granting_tells_the_person_and_emails_after_commit(
    org, staff, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant_role(
            granted_by=staff, organisation=org, person=person, role="advisor", trained_on=TRAINED
        )
    notification = Notification.objects.get(recipient=person)
    assert notification.kind == ROLE_GRANTED.code
    assert "Leeds Independent Living" in notification.message
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "Leeds Independent Living" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_rolled_back_grant_tells_nobody(org, staff, person, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        grant_role(
            granted_by=staff,
            organisation=org,
            person=person,
            role="advisor",
            trained_on=TRAINED,
        )
        raise RuntimeError("something later failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not Membership.objects.filter(person=person).exists()


def test_granting_pushes_unread_count_to_the_persons_channel(
    org, staff, person, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()

    def grant():
        with django_capture_on_commit_callbacks(execute=True):
            grant_role(
                granted_by=staff,
                organisation=org,
                person=person,
                role="advisor",
                trained_on=TRAINED,
            )

    async def heard():
        # One event loop throughout, as in a server process (a pub/sub layer's subscriptions
        # belong to the loop that made them).
        channel = await layer.new_channel()
        await layer.group_add(person_group(person.pk), channel)
        await sync_to_async(grant)()
        return await asyncio.wait_for(layer.receive(channel), 5)

    message = async_to_sync(heard)()
    assert message == {"type": "unread.count", "notifications": 1, "group": person_group(person.pk)}


def test_only_staff_of_the_organisation_may_grant(org, person):
    other_staff = staff_of(OrganisationFactory())
    for outsider in (PersonFactory(), other_staff, PersonFactory(is_moderator=True)):
        with pytest.raises(CommunityError) as refused:
            grant_role(
                granted_by=outsider,
                organisation=org,
                person=person,
                role="advisor",
                trained_on=TRAINED,
            )
        assert refused.value.code == "not_allowed"
    assert not Membership.objects.filter(person=person).exists()


def test_site_admin_may_grant_the_first_staff_role(org, person):
    admin = PersonFactory(is_superuser=True, is_staff=True)
    membership = grant_role(granted_by=admin, organisation=org, person=person, role="staff")
    assert membership.role == "staff" and membership.trained_on is None


@pytest.mark.parametrize(
    ("trained_on", "code"),
    [
        (None, "training_date_needed"),
        (timezone.localdate() + datetime.timedelta(days=1), "training_date_in_future"),
    ],
)
def test_trained_roles_need_a_past_training_date(org, staff, person, trained_on, code):
    with pytest.raises(CommunityError) as refused:
        grant_role(
            granted_by=staff,
            organisation=org,
            person=person,
            role="planning_partner",
            trained_on=trained_on,
        )
    assert refused.value.code == code
    assert refused.value.field == "trained_on"


def test_the_same_role_cannot_be_held_twice(org, staff, person):
    grant_role(
        granted_by=staff, organisation=org, person=person, role="advisor", trained_on=TRAINED
    )
    with pytest.raises(CommunityError) as refused:
        grant_role(
            granted_by=staff, organisation=org, person=person, role="advisor", trained_on=TRAINED
        )
    assert refused.value.code == "role_already_held"
    assert Membership.objects.filter(person=person, active=True).count() == 1


def test_revoking_removes_the_badge_keeps_history_and_tells_the_person(
    org, staff, person, django_capture_on_commit_callbacks
):
    membership = grant_role(
        granted_by=staff, organisation=org, person=person, role="advisor", trained_on=TRAINED
    )
    with django_capture_on_commit_callbacks(execute=True):
        revoke_role(revoked_by=staff, membership=membership)
    membership.refresh_from_db()
    assert not membership.active and membership.revoked_by == staff
    assert public_person(person_id=person.pk).badges == []
    assert list(Notification.objects.filter(recipient=person).values_list("kind", flat=True)) == [
        ROLE_REVOKED.code,
        ROLE_GRANTED.code,
    ]
    assert list(AuditLogEntry.objects.values_list("action", flat=True)) == [
        "community.membership.revoked",
        "community.membership.granted",
    ]


def test_role_can_be_granted_again_after_revoking(org, staff, person):
    first = grant_role(
        granted_by=staff, organisation=org, person=person, role="advisor", trained_on=TRAINED
    )
    revoke_role(revoked_by=staff, membership=first)
    again = grant_role(
        granted_by=staff, organisation=org, person=person, role="advisor", trained_on=TRAINED
    )
    assert again.active and again.pk != first.pk


def test_the_last_member_of_staff_cannot_be_removed(org, staff):
    membership = Membership.objects.get(person=staff, organisation=org)
    with pytest.raises(CommunityError) as refused:
        revoke_role(revoked_by=staff, membership=membership)
    assert refused.value.code == "last_staff"


def test_badges_from_unverified_organisations_are_not_shown(person):
    unverified = OrganisationFactory(verified=False)
    staff = staff_of(unverified)
    grant_role(
        granted_by=staff, organisation=unverified, person=person, role="advisor", trained_on=TRAINED
    )
    assert public_person(person_id=person.pk).badges == []
