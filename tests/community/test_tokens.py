"""Issuing an API token (community.services.tokens): only to an open account whose e-mail address
is confirmed, the same token until it is given up. The API's /auth/token/ calls this service."""

import pytest
from allauth.account.models import EmailAddress
from rest_framework.authtoken.models import Token

from community.errors import CommunityError, NotAllowed
from community.services.tokens import issue_api_token, revoke_api_token
from tests.factories import PersonFactory


@pytest.fixture
def confirmed(db):
    person = PersonFactory()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def test_a_confirmed_account_gets_the_same_token_until_it_gives_it_up(confirmed):
    first = issue_api_token(person=confirmed)
    assert issue_api_token(person=confirmed) == first
    assert Token.objects.get(user=confirmed).key == first

    revoke_api_token(person=confirmed)
    assert not Token.objects.filter(user=confirmed).exists()
    assert issue_api_token(person=confirmed) != first


def test_an_unconfirmed_address_gets_no_token(db):
    person = PersonFactory()
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    with pytest.raises(CommunityError) as refused:
        issue_api_token(person=person)
    assert refused.value.code == "email_not_verified"
    assert not Token.objects.exists()


def test_a_closed_account_gets_no_token(confirmed):
    confirmed.is_active = False
    with pytest.raises(NotAllowed):
        issue_api_token(person=confirmed)
    assert not Token.objects.exists()
