"""'Talk privately to an advisor' at a drop-in: the queue the advisors see live, each waiting
person's place, taking the next person, and the figures the organisation sees."""

import datetime

import pytest
import time_machine
from asgiref.sync import sync_to_async

from community.chat.errors import ChatError
from community.chat.models import Participant, QueueEntry, Room
from community.chat.selectors import private_talk_figures, waiting_in
from community.chat.services.queue import (
    close_ended_queues,
    join_queue,
    leave_queue,
    take_from_queue,
)
from community.errors import NotAllowed
from community.models import Notification
from community.safety.services import block_person
from events.services.occurrences import cancel_occurrence
from tests.chat.fixtures import make_drop_in
from tests.events.factories import uk_time


def _waiting(frame) -> list[tuple[int, int]]:
    """A queue frame as (position, person id) pairs."""
    return [(entry["position"], entry["person"]["id"]) for entry in frame["waiting"]]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_the_queue_is_live_for_the_advisor_and_for_each_person_waiting(sockets, drop_in):
    first, second, onlooker = drop_in.members
    advisor = await sockets.room(drop_in.room, drop_in.advisor)
    frames = await advisor.until("ready")
    assert [frame["type"] for frame in frames] == ["queue", "ready"]
    assert frames[0] == {"type": "queue", "room": drop_in.room.pk, "waiting": []}
    onlooker_tab = await sockets.entered(drop_in.room, onlooker)
    first_tab, second_tab = await sockets.me(first), await sockets.me(second)

    await sync_to_async(join_queue)(person=first, room=drop_in.room)
    assert _waiting(await advisor.next()) == [(1, first.pk)]
    assert await first_tab.next() == {
        "type": "queue_position",
        "room": drop_in.room.pk,
        "position": 1,
    }

    await sync_to_async(join_queue)(person=second, room=drop_in.room)
    assert _waiting(await advisor.next()) == [(1, first.pk), (2, second.pk)]
    assert (await first_tab.next())["position"] == 1
    assert (await second_tab.next())["position"] == 2

    entry = await sync_to_async(take_from_queue)(advisor=drop_in.advisor, room=drop_in.room)
    assert _waiting(await advisor.next()) == [(1, second.pk)]
    ready = await first_tab.until("private_talk_ready")
    conversation = entry.conversation
    assert ready[-1] == {
        "type": "private_talk_ready",
        "room": drop_in.room.pk,
        "conversation": conversation.pk,
        "url": f"/chat/rooms/{conversation.pk}/",
        "advisor": drop_in.advisor.display_name,
    }
    assert (await second_tab.next())["position"] == 1

    await sync_to_async(leave_queue)(person=second, room=drop_in.room)
    assert _waiting(await advisor.next()) == []
    assert await second_tab.next() == {
        "type": "queue_position",
        "room": drop_in.room.pk,
        "position": None,
    }
    # Members in the room never see the queue.
    assert [frame["type"] for frame in await onlooker_tab.quiet()] == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_the_person_taken_and_the_advisor_can_enter_their_new_conversation(sockets, drop_in):
    await sync_to_async(join_queue)(person=drop_in.member, room=drop_in.room)
    entry = await sync_to_async(take_from_queue)(advisor=drop_in.advisor, room=drop_in.room)
    member = await sockets.room(entry.conversation, drop_in.member)
    advisor = await sockets.room(entry.conversation, drop_in.advisor)
    outsider = await sockets.room(entry.conversation, drop_in.members[1])
    assert member.connected and advisor.connected
    assert not outsider.connected and outsider.close_code == 4404  # not told it exists


# --- Services, without sockets ----------------------------------------------------------------


def test_taking_opens_a_private_conversation_and_tells_the_person(drop_in):
    join_queue(person=drop_in.member, room=drop_in.room)
    entry = take_from_queue(advisor=drop_in.advisor, room=drop_in.room)
    conversation = entry.conversation
    assert conversation.kind == Room.Kind.PRIVATE
    assert conversation.organisation == drop_in.organisation
    assert conversation.occurrence == drop_in.occurrence
    assert set(
        Participant.objects.filter(room=conversation).values_list("person_id", flat=True)
    ) == {drop_in.member.pk, drop_in.advisor.pk}
    assert entry.taken_by == drop_in.advisor and entry.taken is not None
    notification = Notification.objects.get(recipient=drop_in.member)
    assert notification.kind == "chat.private_talk_ready"
    assert notification.url == conversation.get_absolute_url()


def test_two_advisors_taking_at_once_take_one_person_once(drop_in):
    """On SQLite the two takes run one after the other; the row lock (skip_locked) does the same
    on PostgreSQL (tests/integration)."""
    join_queue(person=drop_in.member, room=drop_in.room)
    take_from_queue(advisor=drop_in.advisor, room=drop_in.room)
    with pytest.raises(ChatError) as refused:
        take_from_queue(advisor=drop_in.host, room=drop_in.room)
    assert refused.value.code == "nobody_waiting"
    assert QueueEntry.objects.get().taken_by == drop_in.advisor
    assert Room.objects.filter(kind=Room.Kind.PRIVATE).count() == 1


def test_taking_a_chosen_person_who_left_says_they_are_no_longer_waiting(drop_in):
    entry = join_queue(person=drop_in.member, room=drop_in.room)
    leave_queue(person=drop_in.member, room=drop_in.room)
    with pytest.raises(ChatError) as refused:
        take_from_queue(advisor=drop_in.advisor, room=drop_in.room, entry_id=entry.pk)
    assert refused.value.code == "nobody_waiting"


def test_joining_twice_keeps_the_first_place(drop_in):
    first = join_queue(person=drop_in.member, room=drop_in.room)
    join_queue(person=drop_in.members[1], room=drop_in.room)
    again = join_queue(person=drop_in.member, room=drop_in.room)
    assert again.pk == first.pk
    assert [(entry.position, entry.person_id) for entry in waiting_in(room=drop_in.room)] == [
        (1, drop_in.member.pk),
        (2, drop_in.members[1].pk),
    ]


def test_helpers_cannot_queue_and_members_cannot_take(drop_in):
    with pytest.raises(ChatError) as refused:
        join_queue(person=drop_in.advisor, room=drop_in.room)
    assert refused.value.code == "is_helper"
    join_queue(person=drop_in.member, room=drop_in.room)
    with pytest.raises(NotAllowed):
        take_from_queue(advisor=drop_in.members[1], room=drop_in.room)


def test_an_advisor_is_not_given_someone_they_are_kept_apart_from_and_is_not_told_why(drop_in):
    block_person(blocker=drop_in.member, blocked=drop_in.advisor)
    join_queue(person=drop_in.member, room=drop_in.room)
    with pytest.raises(ChatError) as refused:
        take_from_queue(advisor=drop_in.advisor, room=drop_in.room)
    assert refused.value.code == "nobody_waiting"  # the same answer as an empty queue
    assert take_from_queue(advisor=drop_in.host, room=drop_in.room).person == drop_in.member


def test_the_queue_is_closed_when_the_drop_in_is(db):
    drop_in = make_drop_in(start=uk_time(1, 10))
    before = drop_in.occurrence.start - datetime.timedelta(minutes=16)
    with time_machine.travel(before), pytest.raises(ChatError) as refused:
        join_queue(person=drop_in.member, room=drop_in.room)
    assert refused.value.code == "room_closed"


def test_private_talk_figures_count_the_talks_and_the_waits_but_never_who(db):
    drop_in = make_drop_in(start=uk_time(1, 10))
    start = drop_in.occurrence.start
    first, second, third = drop_in.members
    with time_machine.travel(start, tick=False) as clock:
        join_queue(person=first, room=drop_in.room)
        clock.shift(datetime.timedelta(minutes=1))
        join_queue(person=second, room=drop_in.room)
        join_queue(person=third, room=drop_in.room)
        clock.shift(datetime.timedelta(minutes=3))  # first waited 4 minutes
        take_from_queue(advisor=drop_in.advisor, room=drop_in.room)
        clock.shift(datetime.timedelta(minutes=2))
        leave_queue(person=third, room=drop_in.room)
        clock.shift(datetime.timedelta(minutes=4))  # second waited 9 minutes
        take_from_queue(advisor=drop_in.host, room=drop_in.room)

    figures = private_talk_figures(room=drop_in.room)
    assert figures.conversations == 2
    assert figures.asked == 3
    assert figures.left_before_taken == 1
    assert figures.average_wait == datetime.timedelta(minutes=6, seconds=30)
    assert figures.longest_wait == datetime.timedelta(minutes=9)


def test_private_talk_figures_of_a_quiet_drop_in_are_empty(drop_in):
    figures = private_talk_figures(room=drop_in.room)
    assert (figures.conversations, figures.asked, figures.left_before_taken) == (0, 0, 0)
    assert figures.average_wait is None and figures.longest_wait is None


def test_people_still_waiting_when_the_drop_in_ends_leave_the_queue_and_are_told(
    db, django_capture_on_commit_callbacks
):
    drop_in = make_drop_in(start=uk_time(1, 10))
    first, second, _ = drop_in.members
    with time_machine.travel(drop_in.occurrence.start, tick=False):
        join_queue(person=first, room=drop_in.room)
        join_queue(person=second, room=drop_in.room)
        take_from_queue(advisor=drop_in.advisor, room=drop_in.room)  # first is seen
    with time_machine.travel(drop_in.occurrence.end - datetime.timedelta(minutes=1)):
        assert close_ended_queues() == 0  # still running: nobody is sent away

    with (
        time_machine.travel(drop_in.occurrence.end, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert close_ended_queues() == 1
        assert close_ended_queues() == 0  # once only

    assert waiting_in(room=drop_in.room) == []
    left = QueueEntry.objects.get(person=second)
    assert left.left == drop_in.occurrence.end and left.taken is None
    assert QueueEntry.objects.get(person=first).left is None  # taken, not left
    [told] = Notification.objects.filter(kind="chat.private_talk_missed")
    assert told.recipient == second
    assert "ended before an advisor was free" in told.message
    assert told.url == drop_in.organisation.get_absolute_url()
    assert private_talk_figures(room=drop_in.room).left_before_taken == 1


def test_people_waiting_at_a_cancelled_drop_in_leave_the_queue(db):
    drop_in = make_drop_in(start=uk_time(1, 10))
    with time_machine.travel(drop_in.occurrence.start + datetime.timedelta(minutes=5)):
        join_queue(person=drop_in.member, room=drop_in.room)
        cancel_occurrence(canceller=drop_in.staff, occurrence=drop_in.occurrence)
        assert close_ended_queues() == 1
    assert waiting_in(room=drop_in.room) == []
