"""Fixtures for the chat API tests: a community room, an online drop-in that uses the site's
chat room (tomorrow 10:00-12:00 UK time), people booked on it, its staff and a moderator."""

import datetime
import uuid

import pytest

from community.chat.models import Message, Room
from community.chat.services.messages import post_message
from community.chat.services.rooms import drop_in_room
from events.models import Event
from events.services.bookings import book_place
from tests.events.factories import OccurrenceFactory, online_event, uk_time
from tests.factories import PersonFactory, staff_of

API = "/api/v1/chat"


def send(client, room, body="Hello", client_id=None):
    return client.post(
        f"{API}/rooms/{room.pk}/messages/",
        {"body": body, "client_id": str(client_id or uuid.uuid4())},
    )


def say(person, room, body="Hello") -> Message:
    """A message stored straight through the service, as the WebSocket would."""
    message, _ = post_message(author=person, room=room, body=body, client_id=uuid.uuid4())
    return message


@pytest.fixture
def moderator(db):
    return PersonFactory(display_name="Mo Moderator", is_moderator=True)


@pytest.fixture
def community_room(db):
    return Room.objects.create(
        kind=Room.Kind.COMMUNITY, name="Tea and chat", description="Say hello."
    )


@pytest.fixture
def drop_in_date(org):
    event = online_event(
        organisation=org,
        kind=Event.Kind.DROP_IN,
        title="Direct payments drop-in",
        slug="direct-payments-drop-in",
        use_site_chat_room=True,
    )
    start = uk_time(1, 10)
    return OccurrenceFactory(event=event, start=start, end=start + datetime.timedelta(hours=2))


@pytest.fixture
def during(drop_in_date):
    """A moment while the drop-in is on."""
    return drop_in_date.start + datetime.timedelta(minutes=30)


@pytest.fixture
def drop_in(drop_in_date):
    return drop_in_room(occurrence=drop_in_date)


@pytest.fixture
def booked(drop_in_date):
    """Make people and book each a place on the drop-in date."""

    def make(**fields):
        person = PersonFactory(**fields)
        book_place(person=person, occurrence=drop_in_date)
        return person

    return make


@pytest.fixture
def drop_in_staff(org):
    return staff_of(org, display_name="Dee Host")
