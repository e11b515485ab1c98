"""Fixtures for the chat page tests: an online drop-in that uses the chat room, on Tuesday
8 December 2026, 10:00 to 12:00 UK time (its room opens at 9:45), with "now" pinned inside it;
people booked on it, a host, an advisor, staff; and a way to put messages in a room."""

import datetime
import uuid
import zoneinfo

import pytest
import time_machine

from community.chat.models import Message, Room
from community.chat.services.rooms import drop_in_room, open_private_room
from community.content import render_markdown
from events.models import Booking, Event
from tests.events.factories import OccurrenceFactory, online_event
from tests.factories import PersonFactory, advisor_of
from tests.frontend.conftest import signed_in

UK = zoneinfo.ZoneInfo("Europe/London")
DROP_IN_DAY = datetime.date(2026, 12, 8)


def uk(hour: int, minute: int = 0, day: datetime.date = DROP_IN_DAY) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=UK)


@pytest.fixture
def clock():
    """Now is 10:30 on the drop-in's day: its room is open. Tests move it with clock.move_to."""
    with time_machine.travel(uk(10, 30), tick=False) as traveller:
        yield traveller


@pytest.fixture
def drop_in_event(org):
    return online_event(
        organisation=org,
        kind=Event.Kind.DROP_IN,
        title="Direct payments drop-in",
        slug="direct-payments-drop-in",
        use_site_chat_room=True,
        capacity=10,
    )


@pytest.fixture
def date(drop_in_event, clock):
    return OccurrenceFactory(event=drop_in_event, start=uk(10), end=uk(12), capacity=10)


@pytest.fixture
def room(date):
    return drop_in_room(occurrence=date)


@pytest.fixture
def booked(member, date):
    Booking.objects.create(person=member, occurrence=date)
    return member


@pytest.fixture
def booked_client(booked):
    return signed_in(booked)


@pytest.fixture
def host(org, drop_in_event):
    person = advisor_of(org, display_name="Harbour Host")
    drop_in_event.hosts.add(person)
    return person


@pytest.fixture
def host_client(host):
    return signed_in(host)


@pytest.fixture
def advisor(org):
    return advisor_of(org, display_name="Ada Advisor")


@pytest.fixture
def community_room(db):
    return Room.objects.create(kind=Room.Kind.COMMUNITY, name="Employing a PA")


def book(person, date):
    Booking.objects.create(person=person, occurrence=date)
    return person


def say(room, author, body="Hello", **fields) -> Message:
    """A message as it is stored, without the rate limit (tests write many at once)."""
    return Message.objects.create(
        room=room,
        author=author,
        body=body,
        body_html=render_markdown(body),
        client_id=uuid.uuid4(),
        **fields,
    )


def conversation(*people, organisation=None) -> Room:
    return open_private_room(people=list(people), created_by=people[0], organisation=organisation)


def stranger():
    return PersonFactory(display_name="Stranger")
