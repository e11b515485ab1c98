"""Fixtures for the event page tests: a published drop-in with dates, its organisation's staff,
a host, and people signed in."""

import datetime

import pytest

from events.models import Event
from tests.events.factories import EventFactory, OccurrenceFactory, online_event, uk_time
from tests.factories import MembershipFactory, PersonFactory, staff_of
from tests.frontend.conftest import signed_in


def soon(days: int, hour: int = 10) -> datetime.datetime:
    """A time `days` from now at `hour` o'clock UK time."""
    return uk_time(days, hour)


def dates_of(event, how_many: int, *, capacity: int | None = None, first_day: int = 3):
    return [
        OccurrenceFactory(
            event=event,
            start=soon(first_day + 7 * week),
            end=soon(first_day + 7 * week, hour=12),
            capacity=capacity or event.capacity,
        )
        for week in range(how_many)
    ]


@pytest.fixture
def drop_in(org):
    return EventFactory(
        organisation=org,
        kind=Event.Kind.DROP_IN,
        title="Carers' drop-in",
        slug="carers-drop-in",
        summary="Come with any question about direct payments.",
        area="leeds",
        step_free=True,
        hearing_loop=True,
        capacity=5,
    )


@pytest.fixture
def date(drop_in):
    return dates_of(drop_in, 1)[0]


@pytest.fixture
def online(org):
    return online_event(organisation=org, title="Online PA workshop", slug="online-pa-workshop")


@pytest.fixture
def host(drop_in, org):
    person = PersonFactory(display_name="Harbour Host")
    MembershipFactory(person=person, organisation=org, role="advisor")
    drop_in.hosts.add(person)
    return person


@pytest.fixture
def host_client(host):
    return signed_in(host)


@pytest.fixture
def other_staff_client(db):
    from tests.factories import OrganisationFactory

    other = OrganisationFactory(name="Kent Carers", slug="kent-carers", area="kent")
    return signed_in(staff_of(other, display_name="Kim from Kent"))
