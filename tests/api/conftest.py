"""Fixtures for the API tests: a client, people signed in by session or token, a verified org."""

import pytest
from allauth.account.models import EmailAddress
from rest_framework.test import APIClient

from tests.factories import OrganisationFactory, PersonFactory, staff_of


@pytest.fixture
def client():
    """DRF's client: JSON by default, CSRF not enforced (as for a token-holding app)."""
    return APIClient()


@pytest.fixture
def signed_in(client):
    """Sign a person in by session, the way the site's own pages call the API."""

    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Leeds Independent Living", slug="leeds-il", area="leeds")


@pytest.fixture
def staff(org):
    return staff_of(org, display_name="Pat Staff")


@pytest.fixture
def member(db):
    return PersonFactory(display_name="Sam Member", real_name="Samantha Secret")


def confirm_email(person):
    """Accounts must confirm their e-mail address before they can sign in (allauth, mandatory)."""
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person
