"""Fixtures for the page tests: an organisation with staff, and clients signed in as people."""

import html
import re

import pytest
from django.test import Client

from tests.factories import OrganisationFactory, PersonFactory, staff_of


@pytest.fixture
def org(db):
    return OrganisationFactory(
        name="Leeds Independent Living", slug="leeds-independent-living", area="leeds"
    )


@pytest.fixture
def staff(org):
    return staff_of(org, display_name="Sam from Leeds")


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def staff_client(staff):
    return signed_in(staff)


@pytest.fixture
def member(db):
    return PersonFactory(
        display_name="Rosa", real_name="Rosalind Private", email="rosa@example.org"
    )


@pytest.fixture
def member_client(member):
    return signed_in(member)


def page_text(response) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces squeezed. A word
    linked to the glossary reads as the word itself, with no space after it."""
    text = re.sub(r'<a href="/glossary/#[^"]*">([^<]*)</a>', r"\1", response.content.decode())
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


@pytest.fixture
def cache_with_our_clock(settings):
    """The cache in this process, whose expiry follows time-machine's clock: Redis keeps its own
    clock, which a test cannot move."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "clock"}
    }
