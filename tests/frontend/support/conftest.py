"""Fixtures for the support page tests: an organisation with staff (tests.frontend.conftest), a
trained advisor listed in the directory, and a request sent to them through the real service."""

import pytest

from community.support.services.requests import ask_for_help
from tests.factories import theme
from tests.frontend.conftest import signed_in
from tests.support.helpers import helper


@pytest.fixture
def pa(db):
    return theme("employing-a-pa", "Employing a personal assistant (PA)")


@pytest.fixture
def jo(org, pa):
    """A listed advisor: employing a PA, in BSL and English, covering Leeds, by chat."""
    return helper(
        org,
        display_name="Jo",
        specialisms=["employing-a-pa"],
        languages=["bfi", "en"],
        areas=["leeds"],
        ways=["chat"],
        availability="Weekday evenings",
    )


@pytest.fixture
def jo_client(jo):
    return signed_in(jo)


@pytest.fixture
def to_jo(member, jo, pa):
    """Rosa's open request to Jo."""
    return ask_for_help(
        member=member,
        body="How do I pay my PA's holiday?",
        wants="one_off",
        advisor=jo,
        specialism=pa,
        language="bfi",
        area="leeds",
        way_to_talk="chat",
    )


def post_form(client, url, data=None):
    return client.post(url, data or {})
