"""Fixtures for the safety API tests: a forum reply and an organisation's event to report."""

import pytest

from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, PersonFactory, staff_of
from tests.forums.fixtures import answer, ask


@pytest.fixture
def post(asker, category):
    topic = ask(PersonFactory(display_name="Opener"), category)
    return answer(asker, topic, body="Send me your bank details and I will sort your payroll.")


@pytest.fixture
def event(org):
    return EventFactory(organisation=org, title="Budget drop-in")


@pytest.fixture
def other_staff(db):
    return staff_of(OrganisationFactory(slug="calder-carers"), display_name="Kit")
