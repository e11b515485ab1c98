"""A busy room: messages stored together reach the room as one event, each socket still hearing
only what it may; one socket's messages sent back to back share a turn and are acknowledged in
the order sent; and outside a transaction, on PostgreSQL, a batch is written in one statement
with the same outcome as the transaction it replaces."""

import datetime
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.chat.models import Message, Participant
from community.chat.services.messages import KIND, Outgoing, post_message, post_messages
from community.errors import CommunityError
from community.models import User
from community.safety.models import Case
from community.safety.services import block_person
from tests.chat.sockets import write
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement write is PostgreSQL's"
)


def _established(*people) -> None:
    """Past the new-account period (a new account's messages wait for a moderator)."""
    long_ago = timezone.now() - datetime.timedelta(days=400)
    User.objects.filter(pk__in=[person.pk for person in people]).update(date_joined=long_ago)
    for person in people:
        person.refresh_from_db()


@pytest.mark.usefixtures("chat_sockets_settings")
async def test_messages_stored_together_reach_each_socket_in_order_without_the_blocked(
    sockets, community_room
):
    blocker, blocked, other = await sync_to_async(PersonFactory.create_batch)(3)
    await sync_to_async(_established)(blocker, blocked, other)
    await sync_to_async(block_person)(blocker=blocker, blocked=blocked)
    blocker_tab = await sockets.entered(community_room, blocker)
    other_tab = await sockets.entered(community_room, other)

    batch = [
        Outgoing(blocked, community_room, "First, from the blocked person", uuid.uuid4()),
        Outgoing(other, community_room, "Second, from someone else", uuid.uuid4()),
        Outgoing(blocked, community_room, "Third, blocked again", uuid.uuid4()),
    ]
    stored = [message for message, _ in await sync_to_async(post_messages)(batch)]

    heard = await other_tab.until("message", count=3)
    assert [frame["id"] for frame in heard if frame["type"] == "message"] == [
        message.pk for message in stored
    ]
    [only] = await blocker_tab.until("message")
    assert only["id"] == stored[1].pk
    assert await blocker_tab.quiet() == []


@pytest.mark.usefixtures("chat_sockets_settings")
async def test_messages_sent_back_to_back_are_all_stored_and_acked_in_the_order_sent(
    sockets, community_room
):
    writer, reader = await sync_to_async(PersonFactory.create_batch)(2)
    await sync_to_async(_established)(writer, reader)
    writer_tab = await sockets.entered(community_room, writer)
    reader_tab = await sockets.entered(community_room, reader)

    sent = [await writer_tab.say(f"Message {number}") for number in range(12)]

    acks = [frame for frame in await writer_tab.until("ack", count=12) if frame["type"] == "ack"]
    assert [ack["client_id"] for ack in acks] == sent
    assert [ack["id"] for ack in acks] == sorted(ack["id"] for ack in acks)
    heard = [f for f in await reader_tab.until("message", count=12) if f["type"] == "message"]
    assert [frame["client_id"] for frame in heard] == sent
    stored = await sync_to_async(list)(
        Message.objects.filter(room=community_room).values_list("body", flat=True)
    )
    assert stored == [f"Message {number}" for number in range(12)]


@on_postgresql
def test_a_batch_from_established_members_is_written_in_one_statement(community_room):
    people = PersonFactory.create_batch(3)
    _established(*people)
    for person in people:
        write(person, community_room, "Hello")
    batch = [Outgoing(person, community_room, "Anyone here?", uuid.uuid4()) for person in people]

    with CaptureQueriesContext(connection) as queries:
        results = post_messages(batch)

    assert [message.author for message, created in results if created] == people
    # The writers' rows and bans read again, then one statement that inserts and moves the
    # read markers (its own transaction: no BEGIN and COMMIT around an insert and an update).
    # Anything after it is the unread push, which tests run at once.
    first, write_statement = (query["sql"] for query in queries[:2])
    assert first.startswith("SELECT") and write_statement.startswith("WITH inserted AS (INSERT")
    assert not any(q["sql"].startswith(("INSERT", "UPDATE", "WITH")) for q in queries[2:])
    markers = dict(
        Participant.objects.filter(room=community_room).values_list("person_id", "last_read_id")
    )
    assert markers == {message.author_id: message.pk for message, _ in results}


def test_a_resend_among_new_messages_outside_a_transaction_is_stored_once(community_room, person):
    client_id = uuid.uuid4()
    earlier, _ = post_message(author=person, room=community_room, body="Hi", client_id=client_id)
    other = PersonFactory()
    batch = [
        Outgoing(other, community_room, "Hello there", uuid.uuid4()),
        Outgoing(person, community_room, "Hi", client_id),
        Outgoing(other, community_room, "Hello again", uuid.uuid4()),
    ]
    (new, new_created), (resent, resent_created), (third, _) = post_messages(batch)

    assert resent == earlier and not resent_created
    assert new_created and earlier.pk < new.pk < third.pk
    assert Message.objects.filter(room=community_room).count() == 3
    markers = dict(
        Participant.objects.filter(room=community_room).values_list("person_id", "last_read_id")
    )
    assert markers[other.pk] == third.pk


def test_the_same_client_id_twice_outside_a_transaction_is_stored_once(community_room, person):
    client_id = uuid.uuid4()
    (first, created), (again, created_again) = post_messages(
        [Outgoing(person, community_room, "Hi", client_id)] * 2
    )
    assert created and not created_again and again == first
    assert Message.objects.filter(room=community_room).count() == 1


def test_a_writer_suspended_since_they_were_loaded_is_refused_in_a_batch(community_room):
    writer, other = PersonFactory.create_batch(2)
    _established(writer, other)
    for person in (writer, other):
        write(person, community_room, "Hello")
    User.objects.filter(pk=writer.pk).update(
        suspended_until=timezone.now() + datetime.timedelta(days=3)
    )  # `writer` still holds the row as it was
    refused, (stored, created) = post_messages(
        [
            Outgoing(writer, community_room, "Still here?", uuid.uuid4()),
            Outgoing(other, community_room, "Yes", uuid.uuid4()),
        ]
    )
    assert isinstance(refused, CommunityError) and refused.code == "not_allowed"
    assert created and stored.author == other


def test_words_suggesting_risk_in_a_batch_still_reach_the_moderators(community_room, settings):
    writer, other = PersonFactory.create_batch(2)
    _established(writer, other)
    phrase = settings.SAFETY_RISK_PHRASES[0]
    results = post_messages(
        [
            Outgoing(other, community_room, "Morning all", uuid.uuid4()),
            Outgoing(writer, community_room, f"I keep thinking about {phrase}", uuid.uuid4()),
        ]
    )
    (calm, _), (worrying, _) = results
    assert worrying.urgent_help and not calm.urgent_help
    assert Case.objects.filter(kind=KIND, object_id=worrying.pk, urgent=True).exists()
    assert not Case.objects.filter(kind=KIND, object_id=calm.pk).exists()
