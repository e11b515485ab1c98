"""/api/v1/organisations/<slug>/memberships/: who holds roles, and staff granting and revoking."""

import pytest
from django.core import mail
from django.utils import timezone

from community.models import AuditLogEntry, Membership, Notification
from community.services.memberships import grant_role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, staff_of

TRAINED = "2025-03-14"


def url(org, membership_id=None):
    base = f"/api/v1/organisations/{org.slug}/memberships/"
    return f"{base}{membership_id}/" if membership_id else base


def test_staff_grant_advisor_role_shows_badge_on_public_profile(
    signed_in, staff, org, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(staff).post(
            url(org), data={"email": member.email.upper(), "role": "advisor", "trained_on": TRAINED}
        )

    assert response.status_code == 201
    assert response.json()["person"] == {"id": member.pk, "display_name": "Sam Member"}
    assert response.json()["text"] == "Trained advisor — Leeds Independent Living, since March 2025"
    profile = signed_in(PersonFactory()).get(f"/api/v1/people/{member.pk}/").json()
    assert [badge["text"] for badge in profile["badges"]] == [response.json()["text"]]
    # The service told them, and e-mailed them once the grant was committed.
    assert Notification.objects.filter(recipient=member, kind="community.role_granted").exists()
    assert [message.to for message in mail.outbox] == [[member.email]]


def test_staff_grant_by_person_id(signed_in, staff, org, member):
    response = signed_in(staff).post(
        url(org), data={"person_id": member.pk, "role": "planning_partner", "trained_on": TRAINED}
    )

    assert response.status_code == 201
    assert Membership.objects.get(person=member).role == "planning_partner"


def test_a_member_cannot_grant_roles_and_nothing_is_created(signed_in, member, org):
    someone = PersonFactory()

    response = signed_in(member).post(
        url(org), data={"person_id": someone.pk, "role": "advisor", "trained_on": TRAINED}
    )

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "detail": "Only staff of this organisation can give people roles.",
    }
    assert not Membership.objects.filter(person=someone).exists()
    assert not Notification.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_non_staff_cannot_learn_whether_an_email_has_an_account(signed_in, member, org):
    client = signed_in(member)
    known = client.post(url(org), data={"email": member.email, "role": "staff"})
    unknown = client.post(url(org), data={"email": "nobody@example.org", "role": "staff"})

    assert known.status_code == unknown.status_code == 403
    assert known.json() == unknown.json()


def test_anonymous_cannot_grant_roles(client, org, member):
    response = client.post(url(org), data={"person_id": member.pk, "role": "staff"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not Membership.objects.filter(person=member).exists()


def test_staff_are_told_when_no_account_has_that_email(signed_in, staff, org):
    response = signed_in(staff).post(
        url(org), data={"email": "nobody@example.org", "role": "staff"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "person_not_found"
    assert list(response.json()["fields"]) == ["email"]


def test_a_trained_role_needs_a_training_date(signed_in, staff, org, member):
    response = signed_in(staff).post(url(org), data={"person_id": member.pk, "role": "advisor"})

    assert response.status_code == 400
    assert response.json()["code"] == "training_date_needed"
    assert response.json()["fields"] == {
        "trained_on": ["Enter the date this person finished their training."]
    }


def test_staff_say_what_the_training_covered_and_the_list_shows_it(signed_in, staff, org, member):
    response = signed_in(staff).post(
        url(org),
        data={
            "person_id": member.pk,
            "role": "advisor",
            "trained_on": TRAINED,
            "trained_for": "Employing a PA, payroll",
        },
    )

    assert response.status_code == 201
    assert response.json()["trained_for"] == "Employing a PA, payroll"
    assert Membership.objects.get(person=member).trained_for == "Employing a PA, payroll"
    listed = signed_in(staff).get(url(org)).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert "Employing a PA, payroll" in [row["trained_for"] for row in rows]


def test_too_long_a_training_note_is_refused_on_its_field(signed_in, staff, org, member):
    response = signed_in(staff).post(
        url(org),
        data={
            "person_id": member.pk,
            "role": "advisor",
            "trained_on": TRAINED,
            "trained_for": "x" * 201,
        },
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["trained_for"]
    assert not Membership.objects.filter(person=member).exists()


def test_grant_role_keeps_no_training_note_for_staff(staff, org, member):
    membership = grant_role(
        granted_by=staff, organisation=org, person=member, role="staff", trained_for="Payroll"
    )
    assert membership.trained_for == ""


def test_granting_a_role_already_held_is_refused(signed_in, staff, org):
    advisor = MembershipFactory(organisation=org, role="advisor").person

    response = signed_in(staff).post(
        url(org), data={"person_id": advisor.pk, "role": "advisor", "trained_on": TRAINED}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "role_already_held"


@pytest.mark.parametrize(
    "data",
    [
        {"role": "advisor"},
        {"person_id": 1, "email": "a@example.org", "role": "staff"},
        {"person_id": 1, "role": "chief"},
        {"person_id": 1, "role": "advisor", "trained_on": "last spring"},
    ],
)
def test_malformed_grants_are_invalid(signed_in, staff, org, data):
    response = signed_in(staff).post(url(org), data=data)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["fields"]


def test_public_list_shows_only_trained_roles(client, staff, org):
    MembershipFactory(organisation=org, role="advisor", person__display_name="Ade")
    MembershipFactory(organisation=org, role="planning_partner", person__display_name="Bo")
    MembershipFactory(organisation=org, role="advisor", active=False)

    response = client.get(url(org))

    assert response.status_code == 200
    assert [(m["person"]["display_name"], m["role"]) for m in response.json()["results"]] == [
        ("Ade", "advisor"),
        ("Bo", "planning_partner"),
    ]


def test_public_list_of_an_unverified_organisation_is_empty(client, db):
    unverified = OrganisationFactory(verified=False)
    MembershipFactory(organisation=unverified, role="advisor")

    assert client.get(url(unverified)).json()["results"] == []


def test_staff_see_every_active_role_including_staff(signed_in, staff, org):
    MembershipFactory(organisation=org, role="advisor", person__display_name="Ade")

    response = signed_in(staff).get(url(org))

    assert sorted(m["role"] for m in response.json()["results"]) == ["advisor", "staff"]


def test_roles_of_an_unknown_organisation_are_not_found(client, db):
    response = client.get("/api/v1/organisations/no-such-org/memberships/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def _fill(org, rows):
    for _ in range(rows):
        MembershipFactory(organisation=org, role="advisor")


@pytest.mark.parametrize("rows", [3, 30])
def test_public_role_list_queries_do_not_grow(client, org, rows, django_assert_num_queries):
    _fill(org, rows)

    with django_assert_num_queries(3):  # organisation, count, page
        response = client.get(url(org))

    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_staff_role_list_queries_do_not_grow(
    signed_in, staff, org, rows, django_assert_num_queries
):
    _fill(org, rows)
    client = signed_in(staff)

    with django_assert_num_queries(6):  # session, person, organisation, staff?, count, page
        response = client.get(url(org))

    assert response.json()["count"] == rows + 1


def test_staff_revoke_a_role_and_the_badge_goes(
    signed_in, staff, org, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(organisation=org, role="advisor")

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(staff).delete(url(org, membership.pk))

    assert response.status_code == 204
    assert response.content == b""
    membership.refresh_from_db()
    assert membership.active is False
    assert membership.revoked_by == staff
    profile = signed_in(staff).get(f"/api/v1/people/{membership.person_id}/").json()
    assert profile["badges"] == []


def test_a_member_cannot_revoke_a_role(signed_in, member, org):
    membership = MembershipFactory(organisation=org, role="advisor")

    response = signed_in(member).delete(url(org, membership.pk))

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert Membership.objects.get(pk=membership.pk).active is True


def test_the_last_member_of_staff_cannot_be_removed(signed_in, staff, org):
    own = Membership.objects.get(person=staff, organisation=org)

    response = signed_in(staff).delete(url(org, own.pk))

    assert response.status_code == 400
    assert response.json()["code"] == "last_staff"


def test_revoking_twice_says_it_was_already_taken_away(signed_in, staff, org):
    membership = MembershipFactory(organisation=org, role="advisor")
    client = signed_in(staff)
    client.delete(url(org, membership.pk))

    response = client.delete(url(org, membership.pk))

    assert response.status_code == 400
    assert response.json()["code"] == "role_not_active"


def test_a_role_at_another_organisation_is_not_found_here(signed_in, staff, org):
    elsewhere = MembershipFactory(organisation=OrganisationFactory(), role="advisor")

    response = signed_in(staff).delete(url(org, elsewhere.pk))

    assert response.status_code == 404
    assert Membership.objects.get(pk=elsewhere.pk).active is True


def test_staff_of_one_organisation_cannot_grant_at_another(signed_in, org, member):
    other_staff = staff_of(OrganisationFactory())

    response = signed_in(other_staff).post(
        url(org),
        data={"person_id": member.pk, "role": "advisor", "trained_on": str(timezone.localdate())},
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"


@pytest.mark.parametrize("by", ["email", "person_id"])
def test_a_closed_account_is_named_on_the_field_the_client_sent(signed_in, staff, org, by):
    closed = PersonFactory(is_active=False)
    sent = {"email": closed.email} if by == "email" else {"person_id": closed.pk}
    response = signed_in(staff).post(url(org), data={**sent, "role": "staff"})
    assert response.status_code == 400
    assert response.json()["code"] == "person_inactive"
    assert list(response.json()["fields"]) == [by]
