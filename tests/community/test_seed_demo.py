"""The demo community: loaded through the services, complete, private by default, and idempotent."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command

from community.demo import data
from community.models import (
    AuditLogEntry,
    Membership,
    Notification,
    Organisation,
    Profile,
    User,
)
from community.notification_kinds import ROLE_GRANTED
from community.permissions import is_verified_advisor, is_verified_planning_partner
from community.selectors import public_person

pytestmark = pytest.mark.django_db

COUNTED = (User, Profile, Organisation, Membership, AuditLogEntry, Notification, EmailAddress)


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=_Discard())


class _Discard:
    def write(self, text):
        pass

    def flush(self):
        pass


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_running_it_twice_creates_nothing_new_and_says_so(capsys):
    call_command("seed_demo")
    first = _counts()
    first_output = capsys.readouterr().out

    call_command("seed_demo")
    second_output = capsys.readouterr().out

    assert _counts() == first
    assert first["Organisation"] == len(data.ORGANISATIONS)
    everyone = data.ORGANISATION_PEOPLE + data.MEMBERS + data.FOR_MODERATION + data.SITE_TEAM
    assert first["User"] == len(everyone)
    assert "Created 5 organisations" in first_output
    assert "nothing to add" in second_output
    for output in (first_output, second_output):
        assert data.DEMO_PASSWORD in output
        assert data.ADMIN_EMAIL in output


def test_a_demo_person_who_edited_their_profile_keeps_their_edits(demo):
    kestrel = User.objects.get(email=data.MEMBERS[0].email)
    kestrel.profile.bio = "Changed while trying the demo."
    kestrel.profile.save()

    call_command("seed_demo", stdout=_Discard())

    kestrel.profile.refresh_from_db()
    assert kestrel.profile.bio == "Changed while trying the demo."


def test_every_verified_organisation_has_staff_advisors_and_a_planning_partner(demo):
    verified = Organisation.objects.filter(verified=True)
    assert verified.count() == 4
    assert Organisation.objects.filter(verified=False).count() == 1
    assert len({organisation.area for organisation in Organisation.objects.all()}) == 5
    for organisation in verified:
        roles = Membership.objects.filter(organisation=organisation, active=True)
        assert roles.filter(role=Membership.Role.STAFF).count() >= 1, organisation
        assert roles.filter(role=Membership.Role.ADVISOR).count() >= 2, organisation
        assert roles.filter(role=Membership.Role.PLANNING_PARTNER).count() >= 1, organisation
        assert not roles.filter(role__in=Membership.TRAINED_ROLES, trained_on__isnull=True).exists()
        assert organisation.description_html.startswith("<")


def test_advisors_are_verified_and_show_a_dated_badge(demo):
    bev = User.objects.get(email="bev@alongside.example")
    chris = User.objects.get(email="chris@alongside.example")

    assert is_verified_advisor(bev)
    assert [badge.badge for badge in public_person(person_id=bev.pk).badges] == [
        "Trained advisor — Calder Valley Disabled People's Collective, since October 2023"
    ]
    assert is_verified_advisor(chris) and is_verified_planning_partner(chris)
    assert len(public_person(person_id=chris.pk).badges) == 2
    assert (
        User.objects.filter(
            memberships__role=Membership.Role.ADVISOR, memberships__organisation__verified=True
        )
        .distinct()
        .count()
        >= 8
    )


def test_roles_were_given_through_the_service_so_audit_log_and_notifications_are_real(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=_Discard())
    roles = Membership.objects.count()
    assert AuditLogEntry.objects.filter(action="community.membership.granted").count() == roles
    assert Notification.objects.filter(kind=ROLE_GRANTED.code).count() == roles
    # Staff roles are given by the site admin, trained roles by the organisation's own staff.
    for membership in Membership.objects.select_related("granted_by"):
        if membership.role == Membership.Role.STAFF:
            assert membership.granted_by.is_superuser
        else:
            assert Membership.objects.filter(
                person=membership.granted_by,
                organisation=membership.organisation,
                role=Membership.Role.STAFF,
            ).exists()
    # Role notifications are e-mailed by default, but loading the demo e-mails nobody: they are
    # on the site, marked as already e-mailed, so no batched e-mail or digest picks them up.
    assert mail.outbox == []
    assert not Notification.objects.filter(delivery="email", emailed_at__isnull=True).exists()


def test_members_are_pseudonymous_varied_and_rendered(demo):
    members = User.objects.filter(email__in=[spec.email for spec in data.MEMBERS])
    assert members.count() == 12
    for member in members.select_related("profile"):
        assert member.real_name
        assert member.real_name not in member.display_name
        assert member.profile.bio_html.startswith("<p>")
        assert member.profile.area
    kinds = set(Profile.objects.values_list("i_am", flat=True))
    assert {"budget_holder", "carer", "both", "finding_out"} <= kinds
    bsl_users = [p for p in Profile.objects.all() if "bfi" in p.languages]
    assert len(bsl_users) >= 3


def test_site_admin_and_moderator_exist(demo):
    admin = User.objects.get(email=data.ADMIN_EMAIL)
    moderator = User.objects.get(email=data.MODERATOR_EMAIL)
    assert admin.is_superuser and admin.is_staff
    assert moderator.is_moderator and not moderator.is_superuser


@pytest.mark.parametrize(
    "email",
    [data.ADMIN_EMAIL, data.MODERATOR_EMAIL, "helen@alongside.example", "pip@alongside.example"],
)
def test_demo_people_can_log_in_straight_away(demo, client, email):
    address = EmailAddress.objects.get(email=email)
    assert address.verified and address.primary

    response = client.post("/accounts/login/", {"login": email, "password": data.DEMO_PASSWORD})

    # A verified address goes straight in; an unverified one would be sent to confirm it first.
    assert response.status_code == 302
    assert "confirm" not in response["Location"]
    assert int(client.session["_auth_user_id"]) == User.objects.get(email=email).pk
