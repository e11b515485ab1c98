"""Forum fixtures shared by the domain, API and page tests (loaded by tests/conftest.py): a public
and a members-only category, people in each role, and topics written through the real services."""

import pytest

from community.models import User
from forums.services.posts import post_reply
from forums.services.topics import start_topic
from tests.factories import OrganisationFactory, PersonFactory, advisor_of
from tests.forums.factories import CategoryFactory
from tests.forums.words import USUAL, only_these_synonyms


@pytest.fixture
def category(db):
    return CategoryFactory(
        name="Employing a PA",
        slug="employing-a-pa",
        description="Finding, hiring and paying a personal assistant.",
    )


@pytest.fixture
def private_category(db):
    return CategoryFactory(
        name="Mental health",
        slug="mental-health",
        description="Talk about mental health and your support.",
        members_only=True,
    )


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
    return advisor_of(
        OrganisationFactory(name="Calder Valley Collective", verified=True), display_name="Bev T"
    )


def ask(
    author, category, title="Can I pay my daughter as my PA?", body="My council says no.", **options
):
    return start_topic(author=author, category=category, title=title, body=body, **options)


def answer(author, topic, body="Yes, if the council agrees it is necessary."):
    return post_reply(author=author, topic=topic, body=body)


@pytest.fixture
def question(asker, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return ask(asker, category)


@pytest.fixture
def private_question(asker, private_category):
    return ask(asker, private_category, title="Feeling low about my assessment")


@pytest.fixture
def synonyms(db):
    """Exactly the usual words that mean the same ("PA, PAs, personal assistant": see
    tests.forums.words), whatever an earlier test left in the table."""
    only_these_synonyms(*USUAL)
