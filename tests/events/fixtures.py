"""Event fixtures shared by the domain, API and page tests (loaded by tests/conftest.py)."""

import pytest

from tests.events.factories import EventFactory, OccurrenceFactory


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture
def occurrence(event):
    return OccurrenceFactory(event=event)
