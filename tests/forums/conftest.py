"""Fixtures for the forum tests: a public and a members-only category, people in each role."""

import pytest

from community.models import User
from tests.factories import OrganisationFactory, PersonFactory, advisor_of
from tests.forums.factories import CategoryFactory


@pytest.fixture
def category(db):
    return CategoryFactory(name="Employing a PA", slug="employing-a-pa")


@pytest.fixture
def private_category(db):
    return CategoryFactory(name="Mental health", slug="mental-health", members_only=True)


@pytest.fixture
def asker(db) -> User:
    return PersonFactory(display_name="Kestrel", real_name="Katherine Secret")


@pytest.fixture
def replier(db) -> User:
    return PersonFactory(display_name="Marigold")


@pytest.fixture
def moderator(db) -> User:
    return PersonFactory(display_name="Mo Moderator", is_moderator=True)


@pytest.fixture
def advisor(db) -> User:
    return advisor_of(OrganisationFactory(name="Calder Valley Collective"), display_name="Bev T")
