"""The chat's role x action matrix: every rule answered for every kind of person, in one table."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from community.chat import permissions
from community.chat.errors import ChatError
from community.chat.models import Message
from community.chat.services.messages import post_message
from community.chat.services.rooms import open_private_room
from community.errors import NotAllowed
from tests.chat.fixtures import book, make_drop_in
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of

ROLES = [
    "anonymous",
    "member",
    "booked_member",
    "host",
    "staff",
    "staff_elsewhere",
    "advisor",
    "booked_advisor",
    "moderator",
]


def _may_post(person, room) -> bool:
    """Through the service every door uses: a message is stored, or it is refused. (Anonymous
    visitors never reach it through a door; see the test below for calling it directly.)"""
    if not person.is_authenticated:
        return permissions.can_enter(person, room)
    try:
        post_message(author=person, room=room, body="Hello", client_id=uuid.uuid4())
    except (NotAllowed, ChatError):
        return False
    return Message.objects.filter(room=room, author=person).exists()


# Each action: (predicate over (person, cast), the roles for which it is True).
MATRIX = {
    "enter the drop-in": (
        lambda person, cast: permissions.can_enter(person, cast["room"]),
        {"booked_member", "host", "staff", "booked_advisor", "moderator"},
    ),
    "post in the open drop-in": (
        lambda person, cast: _may_post(person, cast["room"]),
        {"booked_member", "host", "staff", "booked_advisor", "moderator"},
    ),
    "moderate the drop-in": (
        lambda person, cast: permissions.can_moderate(person, cast["room"]),
        {"host", "staff", "moderator"},
    ),
    "take from the drop-in's queue": (
        lambda person, cast: permissions.can_take_from_queue(person, cast["room"]),
        {"host", "staff", "booked_advisor"},
    ),
    "create a community room": (
        lambda person, cast: permissions.can_create_community_room(person),
        {"moderator"},
    ),
    "start a conversation with an advisor": (
        lambda person, cast: permissions.can_start_conversation(person, cast["an_advisor"]),
        set(ROLES) - {"anonymous"},
    ),
    "start a conversation with an ordinary member": (
        lambda person, cast: permissions.can_start_conversation(person, cast["a_member"]),
        {"staff", "staff_elsewhere", "advisor", "booked_advisor", "moderator"},
    ),
}


@pytest.fixture
def cast(db):
    drop_in = make_drop_in(members=1)
    people = {
        "anonymous": AnonymousUser(),
        "member": PersonFactory(),
        "booked_member": drop_in.member,
        "host": drop_in.host,
        "staff": drop_in.staff,
        "staff_elsewhere": staff_of(OrganisationFactory()),
        "advisor": advisor_of(drop_in.organisation),
        "booked_advisor": drop_in.advisor,
        "moderator": PersonFactory(is_moderator=True),
    }
    others = {
        "room": drop_in.room,
        "an_advisor": advisor_of(OrganisationFactory(verified=True)),
        "a_member": PersonFactory(),
    }
    return people, others


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_action_matrix(cast, action):
    people, others = cast
    predicate, allowed = MATRIX[action]
    answers = {role: predicate(people[role], others) for role in ROLES}
    assert answers == {role: role in allowed for role in ROLES}


def test_posting_as_an_anonymous_visitor_is_not_allowed(db, community_room):
    with pytest.raises(NotAllowed):
        post_message(
            author=AnonymousUser(), room=community_room, body="Hello", client_id=uuid.uuid4()
        )


def test_everyone_signed_in_may_enter_and_post_in_a_community_room(db, community_room):
    member = PersonFactory()
    assert permissions.can_enter(member, community_room)
    assert _may_post(member, community_room)
    assert not permissions.can_enter(AnonymousUser(), community_room)
    assert not permissions.can_moderate(member, community_room)
    assert permissions.can_moderate(PersonFactory(is_moderator=True), community_room)


def test_nobody_moderates_a_private_conversation_or_takes_from_a_community_room(db, community_room):
    moderator = PersonFactory(is_moderator=True)
    conversation = open_private_room(people=[moderator, PersonFactory()], created_by=moderator)
    assert not permissions.can_moderate(moderator, conversation)
    assert not permissions.can_take_from_queue(moderator, community_room)


def test_a_cancelled_booking_no_longer_lets_someone_in(db):
    drop_in = make_drop_in(members=1)
    drop_in.member.event_bookings.update(status="cancelled")
    assert not permissions.can_enter(drop_in.member, drop_in.room)
    book(drop_in.member, drop_in.occurrence)
    assert permissions.can_enter(drop_in.member, drop_in.room)


def test_a_dates_own_host_runs_that_date_only(db):
    drop_in = make_drop_in(members=1)
    stand_in = PersonFactory()
    drop_in.occurrence.host = stand_in
    drop_in.occurrence.save(update_fields=["host"])
    assert permissions.can_moderate(stand_in, drop_in.room)
    other_date = make_drop_in(members=0)
    assert not permissions.can_moderate(stand_in, other_date.room)


def test_a_closed_account_cannot_be_written_to(db):
    member = PersonFactory()
    closed = advisor_of(OrganisationFactory(verified=True), is_active=False)
    assert not permissions.can_start_conversation(member, closed)
    assert not permissions.can_start_conversation(member, member)
