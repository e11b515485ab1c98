"""Fixtures for the events tests."""

import pytest

from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory, staff_of


@pytest.fixture
def feed_urls(settings):
    """The feed addresses, until config/urls.py includes events.feed_urls itself."""
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("personal_feed", args=["x"])
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.events.urls"


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture
def occurrence(event):
    return OccurrenceFactory(event=event)


@pytest.fixture
def staff(event):
    return staff_of(event.organisation, display_name="Pat Staff")


@pytest.fixture
def people(db):
    def make(n):
        return [PersonFactory() for _ in range(n)]

    return make
