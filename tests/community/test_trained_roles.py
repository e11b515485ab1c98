"""The trained-role rule: an advisor or planning-partner role that is active, has its training
date, and comes from a verified organisation. One definition (Membership.objects.trained()) gives
the permission (is_verified_advisor), the public badge, the directory page and the API alike."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from community.models import Membership
from community.permissions import is_verified_advisor, is_verified_planning_partner
from community.selectors import badge_memberships, public_person, trained_people
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

CASES = {
    "trained by a verified organisation": ({}, True),
    "organisation not verified": ({"organisation__verified": False}, False),
    "role revoked": ({"active": False}, False),
    "staff, not trained": ({"role": "staff", "trained_on": None}, False),
}


@pytest.fixture(params=CASES, ids=list(CASES))
def case(request, db):
    fields, counts = CASES[request.param]
    person = PersonFactory(display_name="Bev Trained")
    MembershipFactory(person=person, **fields)
    return person, counts


def test_the_permission_and_the_badges_agree(case):
    person, counts = case
    assert is_verified_advisor(person) is counts
    assert badge_memberships().filter(person=person).exists() is counts
    assert Membership.objects.trained().filter(person=person).exists() is counts
    assert bool(public_person(person_id=person.pk).badges) is counts
    assert trained_people().filter(person=person).exists() is counts


def test_the_directory_page_and_the_api_agree(case):
    person, counts = case
    page = Client().get("/advisors/").content.decode()
    listed = APIClient().get("/api/v1/advisors/").json()["results"]
    badges = APIClient().get(f"/api/v1/people/{person.pk}/").json()["badges"]
    assert ("Bev Trained" in page) is counts
    assert any(row["id"] == person.pk for row in listed) is counts
    assert bool(badges) is counts


def test_what_only_trained_people_may_do_follows_the_same_rule(case):
    """The 'Waiting for an advisor' list is for verified advisors (and moderators)."""
    person, counts = case
    page = Client()
    page.force_login(person)
    api = APIClient()
    api.force_authenticate(person)
    assert (page.get("/forums/waiting/").status_code == 200) is counts
    assert (api.get("/api/v1/forums/waiting-for-advisor/").status_code == 200) is counts


def test_a_closed_account_is_no_longer_a_verified_advisor(db):
    person = PersonFactory(is_active=False)
    MembershipFactory(person=person)
    assert Membership.objects.trained().filter(person=person).exists()  # the role still stands
    assert not is_verified_advisor(person)
    assert not trained_people().filter(person=person).exists()


def test_planning_partners_follow_the_same_rule(db):
    unverified = OrganisationFactory(verified=False)
    partner = MembershipFactory(role="planning_partner").person
    elsewhere = MembershipFactory(role="planning_partner", organisation=unverified).person
    assert is_verified_planning_partner(partner) and not is_verified_advisor(partner)
    assert not is_verified_planning_partner(elsewhere)
