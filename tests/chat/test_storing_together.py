"""Messages that arrive at the same moment through one process are stored together: one
transaction for the batch, each message its own answer, and nothing stored twice."""

import asyncio
import datetime
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.chat import storing
from community.chat.errors import ChatError
from community.chat.models import Message, Participant
from community.chat.services.messages import Outgoing, post_message, post_messages
from community.errors import CommunityError
from community.models import User
from community.rate_limits import RateLimited
from tests.chat.sockets import write
from tests.factories import PersonFactory


def _outgoing(room, people, body="Does anyone pay their PA through a payroll service?"):
    return [Outgoing(person, room, body, uuid.uuid4()) for person in people]


def _queries_to_store(room, people) -> int:
    for person in people:  # everyone has written before: their rows in the room exist
        write(person, room, "Hello")
    with CaptureQueriesContext(connection) as queries:
        post_messages(_outgoing(room, people))
    return len(queries)


@pytest.mark.django_db
def test_storing_many_messages_together_takes_no_more_queries_than_storing_two(community_room):
    two = _queries_to_store(community_room, PersonFactory.create_batch(2))
    ten = _queries_to_store(community_room, PersonFactory.create_batch(10))
    assert ten == two


@pytest.mark.django_db
def test_each_message_stored_together_is_answered_in_order_and_marks_its_writer_read(
    community_room,
):
    people = PersonFactory.create_batch(3)
    results = post_messages(_outgoing(community_room, people))

    messages = [message for message, created in results if created]
    assert [message.author for message in messages] == people
    assert [message.pk for message in messages] == sorted(message.pk for message in messages)
    read_up_to = dict(
        Participant.objects.filter(room=community_room).values_list("person_id", "last_read_id")
    )
    assert read_up_to == {message.author_id: message.pk for message in messages}


@pytest.mark.django_db
def test_a_refused_message_does_not_stop_the_others_stored_with_it(community_room):
    first, second = PersonFactory.create_batch(2)
    batch = [
        Outgoing(first, community_room, "   ", uuid.uuid4()),
        Outgoing(second, community_room, "Has anyone used a PA agency?", uuid.uuid4()),
    ]
    refused, (stored, created) = post_messages(batch)

    assert isinstance(refused, ChatError) and refused.code == "empty"
    assert created and stored.body == "Has anyone used a PA agency?"
    assert list(Message.objects.filter(room=community_room)) == [stored]


@pytest.mark.django_db
def test_a_resend_stored_together_with_new_messages_is_stored_once(community_room, person):
    client_id = uuid.uuid4()
    earlier, _ = post_message(author=person, room=community_room, body="Hi", client_id=client_id)
    other = PersonFactory()
    batch = [
        Outgoing(person, community_room, "Hi", client_id),
        Outgoing(other, community_room, "Hello there", uuid.uuid4()),
        Outgoing(other, community_room, "Hello there", uuid.uuid4()),
    ]
    (resent, resent_created), (new, new_created), (third, _) = post_messages(batch)

    assert resent == earlier and not resent_created
    assert new_created and new.pk > earlier.pk and third.pk > new.pk
    assert Message.objects.filter(room=community_room).count() == 3


@pytest.mark.django_db
def test_the_same_client_id_twice_in_one_batch_is_stored_once(community_room, person):
    client_id = uuid.uuid4()
    batch = [Outgoing(person, community_room, "Hi", client_id)] * 2
    (first, created), (again, created_again) = post_messages(batch)

    assert created and not created_again and again == first
    assert Message.objects.filter(room=community_room).count() == 1


@pytest.mark.django_db(transaction=True)
async def test_messages_sent_at_the_same_moment_share_one_turn_of_the_database(
    community_room, monkeypatch
):
    batches = []

    def post_and_note(batch):
        batches.append(len(batch))
        return post_messages(batch)

    monkeypatch.setattr(storing, "post_messages", post_and_note)
    people = await sync_to_async(PersonFactory.create_batch)(5)
    store = storing.MessageStore()

    answers = await asyncio.gather(
        *(store.post(item) for item in _outgoing(community_room, people))
    )
    # The turn starts after every sender has queued: all five in one batch.
    assert batches == [5]
    assert [message.author_id for message, _ in answers] == [person.pk for person in people]
    assert all(created for _, created in answers)


@pytest.mark.django_db(transaction=True)
async def test_a_refused_message_raises_for_its_sender_only(community_room, person):
    other = await sync_to_async(PersonFactory)()
    store = storing.MessageStore()

    refused, (stored, created) = await asyncio.gather(
        store.post(Outgoing(person, community_room, "", uuid.uuid4())),
        store.post(Outgoing(other, community_room, "Anyone around?", uuid.uuid4())),
        return_exceptions=True,
    )

    assert isinstance(refused, ChatError) and refused.code == "empty"
    assert created and stored.author_id == other.pk


@pytest.mark.django_db(transaction=True)
async def test_if_storing_breaks_its_senders_hear_of_it_and_the_next_message_is_stored(
    community_room, person, monkeypatch, caplog
):
    # A bug outside the storing's own error handling must not leave senders waiting for ever
    # (a socket with eight messages waiting reads no more).
    stored = storing._stored

    def broken(batch):
        raise RuntimeError("a bug")

    monkeypatch.setattr(storing, "_stored", broken)
    store = storing.MessageStore()
    with pytest.raises(RuntimeError, match="a bug"):
        await asyncio.wait_for(store.post(*_outgoing(community_room, [person])), timeout=5)
    assert "Storing chat messages stopped" in caplog.text

    monkeypatch.setattr(storing, "_stored", stored)
    message, created = await asyncio.wait_for(
        store.post(*_outgoing(community_room, [person])), timeout=5
    )
    assert created and message.author_id == person.pk


@pytest.mark.django_db
def test_messages_stored_together_each_count_against_the_writers_allowance(
    community_room, person, rate_limits
):
    rate_limits(message="2/60")
    other = PersonFactory()
    batch = [*_outgoing(community_room, [person] * 3), *_outgoing(community_room, [other])]
    first, second, third, others = post_messages(batch)

    assert first[1] and second[1] and others[1]
    assert isinstance(third, RateLimited) and third.code == "too_fast"
    # The window keeps counting: the next message from the same person is refused too.
    [again] = post_messages(_outgoing(community_room, [person]))
    assert isinstance(again, RateLimited) and again.code == "too_fast"


def test_a_batch_from_established_members_reads_their_rows_in_one_query(community_room, settings):
    """People past the new-account period, who have entered the room: one read of their rows
    (with their bans read again), the insert, the read markers, and the transaction around them.
    """
    people = PersonFactory.create_batch(3)
    long_ago = timezone.now() - datetime.timedelta(days=settings.SAFETY_NEW_ACCOUNT_DAYS + 1)
    User.objects.filter(pk__in=[person.pk for person in people]).update(date_joined=long_ago)
    for person in people:
        person.refresh_from_db()
        write(person, community_room, "Hello")
    with CaptureQueriesContext(connection) as queries:
        results = post_messages(_outgoing(community_room, people))
    assert all(created for _, created in results)
    statements = [query["sql"].split()[0].upper() for query in queries]
    assert statements.count("SELECT") == 1, statements
    assert statements.count("INSERT") == 1 and statements.count("UPDATE") == 1, statements


def test_a_writer_banned_since_their_socket_opened_is_refused(community_room, person):
    write(person, community_room, "Hello")
    User.objects.filter(pk=person.pk).update(banned=True)  # `person` still holds the old row
    [result] = post_messages(_outgoing(community_room, [person]))
    assert isinstance(result, CommunityError) and result.code == "not_allowed"


def test_writing_never_moves_a_read_marker_back(community_room, person):
    """A marker already past the new message (read on another tab meanwhile) stays where it is;
    one behind moves to the message."""
    other = PersonFactory()
    for writer in (person, other):
        write(writer, community_room, "Hello")
    Participant.objects.filter(room=community_room, person=person).update(last_read_id=10**12)
    results = post_messages(_outgoing(community_room, [person, other]))
    markers = dict(
        Participant.objects.filter(room=community_room).values_list("person_id", "last_read_id")
    )
    assert markers[person.pk] == 10**12
    assert markers[other.pk] == results[1][0].pk
