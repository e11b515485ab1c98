"""Fixtures for the connecting-people API: an organisation's advisor with a directory listing,
a member asking for help, and people who must not see what is not theirs."""

import pytest

from community.support.models import Listing, SupportRequest
from community.support.services.requests import accept_request, ask_for_help
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of, theme

API = "/api/v1"


def list_for(person, *, specialisms=(), languages=(), areas=(), ways=(), **fields) -> Listing:
    listing, _ = Listing.objects.update_or_create(
        person=person,
        defaults={
            "languages": list(languages),
            "areas": list(areas),
            "ways_to_talk": list(ways),
            **fields,
        },
    )
    listing.specialisms.set(specialisms)
    return listing


def ask(member, *, advisor=None, organisation=None, wants=SupportRequest.Wants.ONE_OFF, **more):
    return ask_for_help(
        member=member,
        body="Can I pay my daughter as my PA?",
        wants=wants,
        advisor=advisor,
        organisation=organisation,
        **more,
    )


@pytest.fixture
def employing(db):
    return theme("employing-a-pa", "Employing a personal assistant (PA)")


@pytest.fixture
def advisor(org, employing):
    person = advisor_of(org, display_name="Ade Advisor")
    list_for(person, specialisms=[employing], languages=["en", "bfi"], areas=["leeds"])
    return person


@pytest.fixture
def other_advisor(org):
    person = advisor_of(org, display_name="Bea Advisor")
    list_for(person, languages=["en"], areas=["york"])
    return person


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="York Carers", slug="york-carers", area="york")


@pytest.fixture
def other_staff(other_org):
    return staff_of(other_org, display_name="Oli Other Staff")


@pytest.fixture
def stranger(db):
    return PersonFactory(display_name="Stan Stranger")


@pytest.fixture
def moderator(db):
    return PersonFactory(display_name="Mo Moderator", is_moderator=True)


@pytest.fixture
def open_request(member, advisor):
    return ask(member, advisor=advisor)


@pytest.fixture
def accepted_request(open_request, advisor):
    return accept_request(person=advisor, request=open_request)
