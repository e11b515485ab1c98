"""Fixtures for the events tests."""

import pytest

from tests.factories import PersonFactory, staff_of


@pytest.fixture
def staff(event):
    return staff_of(event.organisation, display_name="Pat Staff")


@pytest.fixture
def people(db):
    def make(n):
        return [PersonFactory() for _ in range(n)]

    return make
