"""Chat fixtures shared by the domain, API, page and socket tests (loaded by tests/conftest.py):
a drop-in room with everyone who has a part in it, a community room, and settings that keep
socket tests fast."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from community.chat import presence
from community.chat.models import Room
from community.chat.services.rooms import drop_in_room
from community.models import Organisation, User
from events.models import Booking, Event, Occurrence
from tests.chat.sockets import Sockets
from tests.events.factories import OccurrenceFactory, online_event
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of


@dataclass
class DropIn:
    """A running online drop-in with its chat room, and one person in each part."""

    room: Room
    occurrence: Occurrence
    organisation: Organisation
    host: User
    staff: User
    advisor: User  # a trained advisor of the organisation, booked on the date
    members: list[User] = field(default_factory=list)  # booked on the date

    @property
    def member(self) -> User:
        return self.members[0]


def book(person: User, occurrence: Occurrence) -> Booking:
    return Booking.objects.create(person=person, occurrence=occurrence)


def make_drop_in(*, start: datetime.datetime | None = None, members: int = 3) -> DropIn:
    """A drop-in date (by default running now: started half an hour ago, two hours long)."""
    start = start or (timezone.now() - datetime.timedelta(minutes=30)).replace(microsecond=0)
    organisation = OrganisationFactory(verified=True)
    event = online_event(
        organisation=organisation,
        kind=Event.Kind.DROP_IN,
        title="Direct payments drop-in",
        use_site_chat_room=True,
    )
    host = PersonFactory()
    event.hosts.add(host)
    occurrence = OccurrenceFactory(
        event=event, start=start, end=start + datetime.timedelta(hours=2)
    )
    advisor = advisor_of(organisation)
    book(advisor, occurrence)
    people = [PersonFactory() for _ in range(members)]
    for person in people:
        book(person, occurrence)
    return DropIn(
        room=drop_in_room(occurrence=occurrence),
        occurrence=occurrence,
        organisation=organisation,
        host=host,
        staff=staff_of(organisation),
        advisor=advisor,
        members=people,
    )


@pytest.fixture
def drop_in(db) -> DropIn:
    return make_drop_in()


@pytest.fixture
def community_room(db) -> Room:
    return Room.objects.create(kind=Room.Kind.COMMUNITY, name="Employing a PA")


@pytest.fixture
def chat_sockets_settings(rate_limits, monkeypatch):
    """Presence is told after 0.05 s instead of 1 s; nobody hits the rate limit by accident."""
    monkeypatch.setattr(presence, "SETTLE_SECONDS", 0.05)
    rate_limits(message="1000/60")


@pytest.fixture
async def sockets():
    """Open chat sockets with `await sockets.room(room, person)` or `sockets.me(person)`; all
    are closed after the test."""
    opened = Sockets()
    yield opened
    await opened.close_all()
