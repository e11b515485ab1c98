"""The rooms list and a room's history take the same number of queries however much there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.chat.models import Room
from community.chat.services.rooms import enter_room, open_private_room
from community.safety.services import block_person
from events.services.bookings import book_place
from tests.api.chat.conftest import API, say
from tests.factories import OrganisationFactory, PersonFactory, advisor_of


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _rooms_for(person, size: int) -> None:
    """`size` community rooms the person is in, `size` they could join and `size` private
    conversations, each with messages from someone else."""
    organisation = OrganisationFactory()
    for number in range(size):
        room = Room.objects.create(kind=Room.Kind.COMMUNITY, name=f"Room {number}")
        enter_room(person=person, room=room)
        Room.objects.create(kind=Room.Kind.COMMUNITY, name=f"Other room {number}")
        advisor = advisor_of(organisation)
        conversation = open_private_room(people=[person, advisor], created_by=advisor)
        say(advisor, room)
        say(advisor, conversation)


@pytest.mark.parametrize("size", [1, 15])
def test_the_rooms_list_takes_the_same_queries_for_1_or_15_of_each_room(
    signed_in, member, size, django_assert_num_queries, drop_in, drop_in_date
):
    book_place(person=member, occurrence=drop_in_date)
    enter_room(person=member, room=drop_in)
    _rooms_for(member, size)
    client = signed_in(member)
    data = client.get(f"{API}/rooms/").json()
    assert len(data["rooms"]) == 2 * size + 1
    assert len(data["joinable"]) == size

    # session + user, my rooms (unread and last message in the same query), the private
    # conversations' people, the community rooms I could join
    with django_assert_num_queries(5):
        client.get(f"{API}/rooms/")


def _history_of(room, size: int, reader) -> None:
    organisation = OrganisationFactory()
    people = [advisor_of(organisation) for _ in range(3)] + [PersonFactory() for _ in range(3)]
    block_person(blocker=reader, blocked=people[-1])
    for number in range(size):
        say(people[number % len(people)], room, f"Message {number}")


def test_a_rooms_history_takes_the_same_queries_for_6_or_120_messages(
    signed_in, member, community_room, rate_limits
):
    rate_limits(message="1000/10")
    client = signed_in(member)
    url = f"{API}/rooms/{community_room.pk}/messages/?page_size=100"
    counts = []
    for size in (6, 114):
        _history_of(community_room, size, member)
        counts.append(_queries(client, url))

    # session + user, the room, whom I blocked, the page of messages, their authors' badges
    assert counts == [6, 6]
