"""Rooms: a drop-in's room made on first use, community rooms, muting, and reading rooms and
history in a number of queries that does not grow with the data."""

import pytest

from community.chat.errors import ChatError
from community.chat.models import Message, Participant, Room
from community.chat.selectors import messages_before, my_participations
from community.chat.services.messages import edit_message, mark_read, post_message, remove_message
from community.chat.services.rooms import (
    create_community_room,
    drop_in_room,
    enter_room,
    set_muted,
    start_conversation,
)
from community.errors import NotAllowed
from events.models import Event
from tests.chat.fixtures import make_drop_in
from tests.chat.sockets import write
from tests.events.factories import EventFactory, OccurrenceFactory, online_event
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, theme

pytestmark = pytest.mark.django_db


# --- Drop-in rooms ----------------------------------------------------------------------------


def test_a_drop_in_room_is_made_once_per_date_and_named_after_the_event(db):
    event = online_event(use_site_chat_room=True, title="Direct payments drop-in")
    occurrence = OccurrenceFactory(event=event)
    room = drop_in_room(occurrence=occurrence)
    assert drop_in_room(occurrence=occurrence) == room
    assert room.kind == Room.Kind.DROP_IN and room.name == "Direct payments drop-in"
    assert room.organisation == event.organisation
    assert drop_in_room(occurrence=OccurrenceFactory(event=event)) != room


def test_an_in_person_event_has_no_chat_room_even_if_it_asks_for_one(db):
    occurrence = OccurrenceFactory(
        event=EventFactory(format=Event.Format.IN_PERSON, use_site_chat_room=True)
    )
    with pytest.raises(ChatError) as refused:
        drop_in_room(occurrence=occurrence)
    assert refused.value.code == "no_chat_room"
    assert not Room.objects.exists()


def test_an_online_event_that_uses_its_own_meeting_link_has_no_chat_room(db):
    occurrence = OccurrenceFactory(event=online_event(use_site_chat_room=False))
    with pytest.raises(ChatError) as refused:
        drop_in_room(occurrence=occurrence)
    assert refused.value.code == "no_chat_room"


def test_a_hybrid_event_may_use_the_chat_room(db):
    occurrence = OccurrenceFactory(
        event=EventFactory(format=Event.Format.HYBRID, use_site_chat_room=True)
    )
    assert drop_in_room(occurrence=occurrence).is_drop_in


# --- Community rooms --------------------------------------------------------------------------


def test_moderators_open_community_rooms_with_a_unique_name(db):
    moderator = PersonFactory(is_moderator=True)
    room = create_community_room(
        creator=moderator,
        name="  Employing a PA ",
        description="Hiring, paying and managing a PA.",
        theme=theme(),
    )
    assert room.name == "Employing a PA" and room.kind == Room.Kind.COMMUNITY
    with pytest.raises(ChatError) as taken:
        create_community_room(creator=moderator, name="employing a pa")
    assert taken.value.code == "name_taken" and taken.value.field == "name"
    with pytest.raises(ChatError) as needed:
        create_community_room(creator=moderator, name="   ")
    assert needed.value.code == "name_needed"
    with pytest.raises(NotAllowed):
        create_community_room(creator=PersonFactory(), name="My own room")


# --- Muting -----------------------------------------------------------------------------------


def test_a_host_mutes_and_unmutes_a_member_who_can_still_read(db):
    drop_in = make_drop_in(members=1)
    set_muted(moderator=drop_in.host, room=drop_in.room, person=drop_in.member, muted=True)
    with pytest.raises(ChatError) as refused:
        write(drop_in.member, drop_in.room)
    assert refused.value.code == "muted"
    assert enter_room(person=drop_in.member, room=drop_in.room).muted
    set_muted(moderator=drop_in.host, room=drop_in.room, person=drop_in.member, muted=False)
    assert write(drop_in.member, drop_in.room).pk


def test_members_cannot_mute_and_nobody_mutes_themselves(db):
    drop_in = make_drop_in(members=2)
    with pytest.raises(NotAllowed):
        set_muted(moderator=drop_in.member, room=drop_in.room, person=drop_in.members[1])
    with pytest.raises(ChatError) as refused:
        set_muted(moderator=drop_in.host, room=drop_in.room, person=drop_in.host)
    assert refused.value.code == "cannot_mute_yourself"


# --- Messages (service) -----------------------------------------------------------------------


def test_a_client_id_used_in_another_room_is_refused(community_room, person):
    other_room = Room.objects.create(kind=Room.Kind.COMMUNITY, name="Carers")
    message = write(person, community_room)
    with pytest.raises(ChatError) as refused:
        post_message(author=person, room=other_room, body="Hi", client_id=message.client_id)
    assert refused.value.code == "client_id_used"


@pytest.mark.parametrize(
    ("body", "client_id", "code"),
    [
        ("   ", "6f1d3c1e-8a55-4c8b-9a55-1b2f6e2b7d10", "empty"),
        ("Hello", "not-a-uuid", "bad_client_id"),
    ],
)
def test_an_empty_message_or_a_bad_client_id_is_refused(
    community_room, person, body, client_id, code
):
    with pytest.raises(ChatError) as refused:
        post_message(author=person, room=community_room, body=body, client_id=client_id)
    assert refused.value.code == code
    assert not Message.objects.exists()


def test_a_message_is_stored_as_markdown_and_rendered_safely(community_room, person):
    message = write(person, community_room, "**Bold** <script>alert(1)</script>")
    assert message.body == "**Bold** <script>alert(1)</script>"
    assert "<strong>Bold</strong>" in message.body_html
    assert "<script>" not in message.body_html
    assert Participant.objects.get(room=community_room, person=person).last_read_id == message.pk


# --- Query counts -----------------------------------------------------------------------------


def _busy(person, rooms: int) -> None:
    """`rooms` community rooms and private conversations, each with messages from advisors."""
    for number in range(rooms):
        room = Room.objects.create(kind=Room.Kind.COMMUNITY, name=f"Room {person.pk}-{number}")
        enter_room(person=person, room=room)
        helper = advisor_of(OrganisationFactory(verified=True))
        write(helper, room, "Welcome")
        write(helper, room, "Anything I can help with?")
        conversation = start_conversation(starter=person, other=helper)
        write(helper, conversation, "Hello")


@pytest.mark.parametrize("rooms", [1, 5])
def test_my_rooms_with_unread_counts_are_one_query_however_many(
    person, rooms, django_assert_num_queries, rate_limits
):
    rate_limits(message="1000/60")
    _busy(person, rooms)
    with django_assert_num_queries(1):
        mine = list(my_participations(person=person))
    assert len(mine) == rooms * 2
    assert sorted(participant.unread for participant in mine) == [1] * rooms + [2] * rooms
    assert all(participant.room.name is not None for participant in mine)
    newest = [participant.last_message_id for participant in mine]
    assert newest == sorted(newest, reverse=True)


def test_my_rooms_leave_out_conversations_i_left_and_count_nothing_i_read(person, rate_limits):
    rate_limits(message="1000/60")
    _busy(person, 2)
    conversation = Room.objects.filter(kind=Room.Kind.PRIVATE).first()
    Participant.objects.filter(room=conversation, person=person).update(active=False)
    shared = Room.objects.filter(kind=Room.Kind.COMMUNITY).first()
    mark_read(person=person, room=shared, up_to=shared.messages.last().pk)
    mine = {
        participant.room_id: participant.unread for participant in my_participations(person=person)
    }
    assert conversation.pk not in mine
    assert mine[shared.pk] == 0


@pytest.mark.parametrize("authors", [1, 6])
def test_a_page_of_history_is_three_queries_however_many_authors(
    community_room, person, authors, django_assert_num_queries, rate_limits
):
    rate_limits(message="1000/60")
    for _ in range(authors):
        author = advisor_of(OrganisationFactory(verified=True))
        for number in range(3):
            write(author, community_room, f"Message {number}")
    # Who the viewer blocked, the messages with their authors, the authors' badges.
    with django_assert_num_queries(3):
        page = messages_before(room=community_room, viewer_id=person.pk, limit=50)
        badges = [message.author.badges for message in page]
    assert len(page) == authors * 3
    assert all(len(badge) == 1 for badge in badges)
    older = messages_before(room=community_room, viewer_id=person.pk, before=page[1].pk, limit=50)
    assert [message.pk for message in older] == [message.pk for message in page[2:]]


def test_a_muted_person_cannot_rewrite_their_messages(db):
    drop_in = make_drop_in(members=1)
    message = write(drop_in.member, drop_in.room, "Something unkind")
    set_muted(moderator=drop_in.host, room=drop_in.room, person=drop_in.member, muted=True)
    with pytest.raises(ChatError) as refused:
        edit_message(editor=drop_in.member, message=message, body="Something worse")
    assert refused.value.code == "muted"


def test_a_muted_person_may_still_delete_their_own_message(db):
    drop_in = make_drop_in(members=1)
    message = write(drop_in.member, drop_in.room, "Something unkind")
    set_muted(moderator=drop_in.host, room=drop_in.room, person=drop_in.member, muted=True)
    assert remove_message(person=drop_in.member, message=message).removed is not None
