"""Display names may not claim a role the person does not hold: the words in
SAFETY_CLAIMED_ROLE_WORDS, however they are disguised, and verified organisations' names."""

import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.display_names import claimed_role_problem
from community.errors import CommunityError
from community.models import Membership, User
from community.services.profiles import clean_display_name, update_profile
from tests.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    advisor_of,
    staff_of,
)
from tests.frontend.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "Advisor Sue",
        "ADVISOR sue",
        "JaneAdvisor",
        "Sue the adviser",
        "Advisors R Us",
        "4dvisor Sue",
        "Adv1sor Sue",
        "Ad.visor Sue",
        "A.D.V.I.S.O.R.",
        "Аdvisor Sue",  # a Cyrillic А
        "Àdvisor Sue",
        "Sue (advisor)",
        "0fficial Bob",
        "N H S Jane",
        "N.H.S. Jane",
        "nhs_jane",
        "Jane the Moderat0r",
        "Site Admin",
        "Council-Kate",
        "Plann1ng Partner Pat",
        "PlanningPartner Pat",
        "Support Team",
        "Helpl1ne",
    ],
)
def test_names_claiming_a_role_are_refused_for_a_member(name):
    member = PersonFactory()

    assert claimed_role_problem(name, person=member) is not None
    assert claimed_role_problem(name) is not None  # signing up: no role yet


@pytest.mark.parametrize(
    "name",
    [
        "Hannah Shaw",
        "John Hsu",
        "Badminton Bev",
        "Dan the carer",
        "Quiet Otter",
        "Bev T",
        "Councillor's daughter Sue",
        "Planning my life",
        "Ray 1955",
    ],
)
def test_ordinary_names_are_fine(name):
    assert claimed_role_problem(name, person=PersonFactory()) is None


def test_the_message_says_plainly_why_and_what_to_do():
    problem = claimed_role_problem("Advisor Sue")

    assert problem == (
        "Names cannot include “advisor”: only trained advisors show that, as a badge next to "
        "their name. Choose another name."
    )
    assert "NHS" in claimed_role_problem("N.H.S. Jane")


def test_people_who_hold_the_role_may_use_its_word():
    organisation = OrganisationFactory(verified=True)
    advisor = advisor_of(organisation)
    partner = PersonFactory()
    MembershipFactory(person=partner, organisation=organisation, role="planning_partner")
    moderator = PersonFactory(is_moderator=True)
    site_admin = PersonFactory(is_superuser=True)
    staff = staff_of(organisation)

    assert claimed_role_problem("Advisor Bev", person=advisor) is None
    assert claimed_role_problem("Planning partner Pat", person=partner) is None
    assert claimed_role_problem("Moderator Jo", person=moderator) is None
    assert claimed_role_problem("Admin Sam", person=site_admin) is None
    assert claimed_role_problem("Sam, council support team", person=staff) is None
    # A role is not another role.
    assert claimed_role_problem("Moderator Bev", person=advisor) is not None
    assert claimed_role_problem("Advisor Pat", person=staff) is not None


def test_a_role_that_ended_or_is_not_checked_does_not_count():
    unverified = OrganisationFactory(verified=False)
    advisor_of_unverified = advisor_of(unverified)
    former = advisor_of(OrganisationFactory(verified=True))
    Membership.objects.filter(person=former).update(active=False)
    staff_of_unverified = staff_of(unverified)

    assert claimed_role_problem("Advisor Al", person=advisor_of_unverified) is not None
    assert claimed_role_problem("Advisor Al", person=former) is not None
    assert claimed_role_problem("NHS Al", person=staff_of_unverified) is not None


def test_a_verified_organisations_name_is_only_for_its_staff():
    calder = OrganisationFactory(name="Calder Valley Collective", verified=True)
    OrganisationFactory(name="Tuesday Circle Friends", verified=False)
    their_staff = staff_of(calder)
    other_staff = staff_of(OrganisationFactory(verified=True))

    problem = claimed_role_problem("Calder Valley Collective Sue", person=PersonFactory())
    assert problem == (
        "Names cannot include “Calder Valley Collective”: only its staff can use an "
        "organisation's name. Choose another name."
    )
    assert claimed_role_problem("CalderValley Collective", person=other_staff) is not None
    assert claimed_role_problem("Sue at Calder Valley Collective", person=their_staff) is None
    # Part of the name is fine; an unverified organisation's name is not protected.
    assert claimed_role_problem("Helen at Calder Valley", person=PersonFactory()) is None
    assert claimed_role_problem("Tuesday Circle Friends Al", person=PersonFactory()) is None


def test_checking_a_name_takes_one_query_however_many_organisations():
    member = PersonFactory()
    for _ in range(5):
        OrganisationFactory(verified=True)

    with CaptureQueriesContext(connection) as queries:
        assert claimed_role_problem("Quiet Otter", person=member) is None
    assert len(queries) == 1


def test_the_profile_service_refuses_a_claimed_role_with_a_stable_code():
    member = PersonFactory()

    with pytest.raises(CommunityError) as refused:
        update_profile(editor=member, person=member, display_name="Official Sue")

    assert refused.value.code == "display_name_claims_role"
    assert refused.value.field == "display_name"
    member.refresh_from_db()
    assert member.display_name != "Official Sue"
    assert clean_display_name("Advisor Bev", person=advisor_of(OrganisationFactory())) == (
        "Advisor Bev"
    )


def test_sign_up_refuses_a_claimed_role_next_to_the_field_and_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "display_name": "NHS Helpline",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="id_display_name_error">.*?Names cannot include', page, re.S)
    assert 'value="NHS Helpline"' in page
    assert not User.objects.filter(email="new@example.org").exists()


def test_the_profile_page_refuses_a_claimed_role_and_keeps_what_was_typed():
    member = PersonFactory(display_name="Rosa")

    response = signed_in(member).post(
        reverse("my_profile"),
        {"display_name": "Rosa the Moderator", "i_am": "", "bio": "Hello", "area": ""},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Names cannot include “moderator”" in page
    assert 'value="Rosa the Moderator"' in page
    member.refresh_from_db()
    assert member.display_name == "Rosa"


def test_the_api_refuses_a_claimed_role_with_its_code():
    member = PersonFactory(display_name="Rosa")

    response = signed_in(member).patch(
        "/api/v1/me/", data={"display_name": "Advisor Rosa"}, content_type="application/json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "display_name_claims_role"
    assert "advisor" in json.dumps(body)


# ---- The management command ----


def _offenders_setup():
    calder = OrganisationFactory(name="Calder Valley Collective", verified=True)
    fine = PersonFactory(display_name="Quiet Otter")
    advisor = advisor_of(calder, display_name="Advisor Bev")
    claims = PersonFactory(display_name="N.H.S. Nurse Jo")
    borrows = PersonFactory(display_name="Calder Valley Collective")
    return fine, advisor, claims, borrows


def test_check_display_names_lists_every_name_that_claims_a_role(capsys):
    fine, advisor, claims, borrows = _offenders_setup()

    call_command("check_display_names")

    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert lines[0].startswith(f"{claims.pk}\tN.H.S. Nurse Jo\tNames cannot include “NHS”")
    assert lines[1].startswith(f"{borrows.pk}\tCalder Valley Collective\t")
    assert lines[-1] == "2 name(s) claim a role the person does not hold."
    assert "Quiet Otter" not in out and "Advisor Bev" not in out


def test_check_display_names_speaks_json_for_machines(capsys):
    fine, advisor, claims, borrows = _offenders_setup()

    call_command("check_display_names", "--json")

    found = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in found] == [claims.pk, borrows.pk]
    assert found[0]["name"] == "N.H.S. Nurse Jo"
    assert found[0]["reason"].startswith("Names cannot include “NHS”")


def test_check_display_names_asks_for_the_organisations_once(capsys):
    _offenders_setup()
    for number in range(6):
        PersonFactory(display_name=f"Walker {number}")

    with CaptureQueriesContext(connection) as queries:
        call_command("check_display_names", "--json")

    # People, organisations, and a role check only for the names that use a claimed word.
    assert len(queries) <= 6
