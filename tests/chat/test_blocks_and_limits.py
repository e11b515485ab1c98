"""Rules found in review: a block ends a private conversation both ways, edits count against
the rate limit, read markers stop at the newest message, mutes and hand-ons stay inside the
room, and a conversation reused is only ever the two people's own."""

import uuid

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer

from community.chat.broadcasts import room_group
from community.chat.errors import ChatError
from community.chat.frames import queue_frame, without_kept_apart
from community.chat.models import Participant
from community.chat.selectors import unread_chat_counts, waiting_in
from community.chat.services.messages import edit_message, mark_read, post_message
from community.chat.services.queue import join_queue
from community.chat.services.rooms import (
    enter_room,
    hand_to_staff,
    open_private_room,
    set_muted,
    start_conversation,
)
from community.models import Notification
from community.rate_limits import RateLimited
from community.safety.services import block_person
from tests.chat.sockets import write
from tests.factories import OrganisationFactory, PersonFactory, advisor_of

pytestmark = pytest.mark.django_db


def test_a_block_ends_an_existing_private_conversation_for_both_and_tells_nobody():
    member, other = PersonFactory(), PersonFactory()
    conversation = open_private_room(people=[member, other], created_by=member)
    block_person(blocker=member, blocked=other)
    for author in (other, member):
        with pytest.raises(ChatError) as refused:
            post_message(author=author, room=conversation, body="Hello?", client_id=uuid.uuid4())
        assert refused.value.code == "blocked"
    assert not Notification.objects.filter(recipient=member).exists()


def test_edits_count_against_the_rate_limit(rate_limits):
    rate_limits(message="3/60")
    member, other = PersonFactory(), PersonFactory()
    conversation = open_private_room(people=[member, other], created_by=member)
    message = write(member, conversation, "Helo")
    edit_message(editor=member, message=message, body="Hello")
    edit_message(editor=member, message=message, body="Hello!")
    with pytest.raises(RateLimited) as refused:
        edit_message(editor=member, message=message, body="Hello!!")
    assert refused.value.code == "too_fast"


def test_a_read_marker_stops_at_the_newest_message_however_far_ahead_it_is_asked_to_go():
    member, other = PersonFactory(), PersonFactory()
    conversation = open_private_room(people=[member, other], created_by=member)
    newest = write(other, conversation, "First")
    mark_read(person=member, room=conversation, up_to=10**20)
    assert Participant.objects.get(room=conversation, person=member).last_read_id == newest.pk


def test_a_host_cannot_mute_someone_who_is_not_in_the_room(drop_in):
    stranger = PersonFactory()
    with pytest.raises(ChatError) as refused:
        set_muted(moderator=drop_in.host, room=drop_in.room, person=stranger)
    assert refused.value.code == "not_in_room"
    assert not Participant.objects.filter(room=drop_in.room, person=stranger).exists()


def test_an_advisor_cannot_hand_a_conversation_to_themselves(drop_in):
    join_queue(person=drop_in.member, room=drop_in.room)
    conversation = open_private_room(
        people=[drop_in.member, drop_in.staff],
        created_by=drop_in.staff,
        organisation=drop_in.organisation,
    )
    with pytest.raises(ChatError) as refused:
        hand_to_staff(advisor=drop_in.staff, conversation=conversation, staff=drop_in.staff)
    assert refused.value.code == "not_staff"
    assert Participant.objects.get(room=conversation, person=drop_in.staff).active


def test_reusing_a_conversation_never_picks_one_with_other_people_in_it():
    member, advisor, third = PersonFactory(), advisor_of(OrganisationFactory()), PersonFactory()
    group = open_private_room(people=[member, advisor, third], created_by=advisor)
    own = start_conversation(starter=member, other=advisor)
    assert own != group
    assert start_conversation(starter=member, other=advisor) == own


def test_a_helper_does_not_see_people_kept_apart_from_them_in_the_queue(drop_in):
    block_person(blocker=drop_in.member, blocked=drop_in.host)
    join_queue(person=drop_in.member, room=drop_in.room)
    join_queue(person=drop_in.members[1], room=drop_in.room)
    frame = queue_frame(drop_in.room.pk, waiting_in(room=drop_in.room))
    seen = without_kept_apart(frame, {drop_in.member.pk})
    assert [(entry["person"]["id"], entry["position"]) for entry in seen["waiting"]] == [
        (drop_in.members[1].pk, 1)
    ]


def test_messages_of_someone_you_blocked_are_never_counted_unread(community_room):
    reader, blocked, other = PersonFactory(), PersonFactory(), PersonFactory()
    enter_room(person=reader, room=community_room)
    block_person(blocker=reader, blocked=blocked)
    write(blocked, community_room, "You will not see this")
    write(other, community_room, "You will see this")
    assert unread_chat_counts(person_ids=[reader.pk]) == {reader.pk: {community_room.pk: 1}}


def test_an_edited_message_reaches_the_room_with_its_authors_badges(
    drop_in, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()

    def committed(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    async def scenario():
        # One event loop throughout, as in a server process.
        channel = await layer.new_channel()
        await layer.group_add(room_group(drop_in.room.pk), channel)
        message = await sync_to_async(committed)(lambda: write(drop_in.advisor, drop_in.room))
        new = (await layer.receive(channel))["frame"]
        await sync_to_async(committed)(
            lambda: edit_message(editor=drop_in.advisor, message=message, body="Hello")
        )
        edited = (await layer.receive(channel))["frame"]
        await layer.group_discard(room_group(drop_in.room.pk), channel)
        return message, new, edited

    message, new, edited = async_to_sync(scenario)()
    assert new["author"]["badges"]
    assert edited["id"] == message.pk and edited["edited"]
    assert edited["author"]["badges"] == new["author"]["badges"]
