"""The role x action matrix: every rule answered for every kind of person, in one table."""

import pytest
from django.contrib.auth.models import AnonymousUser

from community import permissions
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

ROLES = [
    "anonymous",
    "member",
    "advisor",
    "planning_partner",
    "staff",
    "staff_elsewhere",
    "advisor_of_unverified",
    "former_staff",
    "moderator",
    "site_admin",
]

# Each action: (predicate over (person, organisation), the roles for which it is True).
MATRIX = {
    "edit organisation": (
        permissions.can_edit_organisation,
        {"staff", "site_admin"},
    ),
    "manage events": (permissions.can_manage_events, {"staff", "site_admin"}),
    "manage roles": (permissions.can_manage_roles, {"staff", "site_admin"}),
    "is organisation staff": (permissions.is_organisation_staff, {"staff"}),
    "is verified advisor": (
        lambda person, org: permissions.is_verified_advisor(person),
        {"advisor"},
    ),
    "is verified planning partner": (
        lambda person, org: permissions.is_verified_planning_partner(person),
        {"planning_partner"},
    ),
    "moderate": (lambda person, org: permissions.is_moderator(person), {"moderator", "site_admin"}),
    "site admin": (lambda person, org: permissions.is_site_admin(person), {"site_admin"}),
}


@pytest.fixture
def cast(db):
    organisation = OrganisationFactory(verified=True)
    elsewhere = OrganisationFactory(verified=True)
    unverified = OrganisationFactory(verified=False)
    people = {"anonymous": AnonymousUser(), "member": PersonFactory()}
    for role, org, membership_role, active in [
        ("advisor", organisation, "advisor", True),
        ("planning_partner", organisation, "planning_partner", True),
        ("staff", organisation, "staff", True),
        ("staff_elsewhere", elsewhere, "staff", True),
        ("advisor_of_unverified", unverified, "advisor", True),
        ("former_staff", organisation, "staff", False),
    ]:
        people[role] = PersonFactory()
        MembershipFactory(
            person=people[role],
            organisation=org,
            role=membership_role,
            active=active,
            trained_on=None if membership_role == "staff" else "2025-01-20",
        )
    people["moderator"] = PersonFactory(is_moderator=True)
    people["site_admin"] = PersonFactory(is_superuser=True, is_staff=True)
    return organisation, people


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_action_matrix(cast, action):
    organisation, people = cast
    predicate, allowed = MATRIX[action]
    answers = {role: predicate(people[role], organisation) for role in ROLES}
    assert answers == {role: role in allowed for role in ROLES}


def test_a_closed_account_can_do_nothing(db):
    organisation = OrganisationFactory()
    person = PersonFactory(is_active=False, is_superuser=True)
    MembershipFactory(person=person, organisation=organisation, role="staff", trained_on=None)
    assert not permissions.can_manage_roles(person, organisation)
    assert not permissions.is_site_admin(person)


def test_real_name_is_seen_only_by_the_person_and_site_admins(db):
    person, other = PersonFactory(), PersonFactory()
    admin = PersonFactory(is_superuser=True)
    assert permissions.can_see_real_name(person, person)
    assert permissions.can_see_real_name(admin, person)
    assert not permissions.can_see_real_name(other, person)
    assert not permissions.can_see_real_name(AnonymousUser(), person)
    assert not permissions.can_see_real_name(PersonFactory(is_moderator=True), person)
