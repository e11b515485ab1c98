"""Fixtures for the safety pages: a forum post to report, an event of an organisation (whose
staff look after its cases), and cases made through the real services."""

import pytest

from community.safety.reports import report_concern
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, PersonFactory, staff_of
from tests.forums.fixtures import answer, ask


@pytest.fixture
def post(asker, category):
    """A reply by `asker` that others can see and report."""
    topic = ask(PersonFactory(display_name="Opener"), category)
    return answer(asker, topic, body="Send me your bank details and I will sort your payroll.")


@pytest.fixture
def event(org):
    return EventFactory(organisation=org, title="Budget drop-in")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Calder Carers", slug="calder-carers")


@pytest.fixture
def other_staff(other_org):
    return staff_of(other_org, display_name="Kit from Calder")


def reported(kind: str, object_id: int, *, reason: str = "spam", reporter=None, note: str = ""):
    """A report (and so an open case) made through the real service."""
    return report_concern(
        reporter=reporter or PersonFactory(),
        kind=kind,
        object_id=object_id,
        reason=reason,
        note=note,
    )
