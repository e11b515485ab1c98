"""Private conversations: starting one (or finding the one two people already have), telling
someone who is away, and an advisor handing one on to their organisation's staff."""

import uuid

import pytest
from asgiref.sync import sync_to_async
from django.core import mail

from community.chat.errors import ChatError
from community.chat.models import Participant, Room
from community.chat.notification_kinds import PRIVATE_MESSAGE
from community.chat.services.messages import post_message
from community.chat.services.rooms import hand_to_staff, open_private_room, start_conversation
from community.errors import NotAllowed
from community.models import AuditLogEntry, Notification
from community.safety.services import block_person
from community.tasks import email_waiting_notifications
from tests.chat.sockets import write
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of


@pytest.fixture
def advice(db):
    """An advisor of an organisation in a private conversation with a member."""
    organisation = OrganisationFactory(name="Calder Valley Collective", verified=True)
    advisor = advisor_of(organisation, display_name="Bev Advisor")
    member = PersonFactory(display_name="Kestrel")
    conversation = open_private_room(
        people=[member, advisor], created_by=advisor, organisation=organisation
    )
    return organisation, advisor, member, conversation


def _private_message_notifications(person) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, kind=PRIVATE_MESSAGE.code))


# --- Telling someone who is away --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_a_private_message_to_someone_away_becomes_one_notification_and_one_email(
    sockets, advice
):
    organisation, advisor, member, conversation = advice
    tab = await sockets.entered(conversation, advisor)
    await tab.say("Hello Kestrel, I have read your question.")
    await tab.until("ack")

    [notification] = await sync_to_async(_private_message_notifications)(member)
    assert notification.message == "Bev Advisor sent you a private message"
    assert notification.url == f"/chat/rooms/{conversation.pk}/"
    assert (notification.about_type, notification.about_id) == ("chat.room", conversation.pk)
    # The tests' task queue runs the batched e-mail at once; running it again sends nothing new.
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "/chat/rooms/" in mail.outbox[0].body
    assert await sync_to_async(email_waiting_notifications.call)(person_id=member.pk) == 0

    await tab.say("Are you still there?")
    await tab.until("ack")
    assert len(await sync_to_async(_private_message_notifications)(member)) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_someone_in_the_conversation_right_now_gets_no_notification(sockets, advice):
    organisation, advisor, member, conversation = advice
    await sockets.entered(conversation, member)
    advisor_tab = await sockets.entered(conversation, advisor)
    await advisor_tab.say("I can see you are here.")
    await advisor_tab.until("ack")
    assert await sync_to_async(_private_message_notifications)(member) == []
    assert mail.outbox == []


def test_a_read_notification_lets_the_next_message_notify_again(advice):
    organisation, advisor, member, conversation = advice
    write(advisor, conversation, "First")
    Notification.objects.filter(recipient=member).update(read_at="2025-01-01T00:00Z")
    write(advisor, conversation, "Second")
    assert len(_private_message_notifications(member)) == 2


def test_the_author_is_never_notified_of_their_own_message(advice):
    organisation, advisor, member, conversation = advice
    write(advisor, conversation, "Hello")
    assert _private_message_notifications(advisor) == []


# --- Handing on to staff ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_handing_on_closes_the_advisors_socket_and_lets_the_staff_member_in(sockets, advice):
    organisation, advisor, member, conversation = advice
    staff = await sync_to_async(staff_of)(organisation, display_name="Sam Staff")
    refused = await sockets.room(conversation, staff)
    assert not refused.connected and refused.close_code == 4404

    advisor_tab = await sockets.entered(conversation, advisor)
    member_tab = await sockets.entered(conversation, member)
    await sync_to_async(hand_to_staff)(advisor=advisor, conversation=conversation, staff=staff)

    assert await advisor_tab.next() == {"type": "closed", "code": 4403}
    assert await member_tab.quiet() == []  # the member's socket stays open
    staff_tab = await sockets.room(conversation, staff)
    assert staff_tab.connected
    again = await sockets.room(conversation, advisor)
    assert not again.connected and again.close_code == 4404


def test_handing_on_keeps_the_member_and_records_it(advice):
    organisation, advisor, member, conversation = advice
    staff = staff_of(organisation)
    hand_to_staff(advisor=advisor, conversation=conversation, staff=staff)
    active = set(
        Participant.objects.filter(room=conversation, active=True).values_list(
            "person_id", flat=True
        )
    )
    assert active == {member.pk, staff.pk}
    assert AuditLogEntry.objects.filter(action="chat.handed_on", actor=advisor).count() == 1


def test_handing_on_to_someone_not_on_the_staff_is_refused(advice):
    organisation, advisor, member, conversation = advice
    elsewhere = staff_of(OrganisationFactory())
    with pytest.raises(ChatError) as refused:
        hand_to_staff(advisor=advisor, conversation=conversation, staff=elsewhere)
    assert refused.value.code == "not_staff"


def test_only_the_advisor_hands_a_conversation_on_not_the_member(advice):
    organisation, advisor, member, conversation = advice
    with pytest.raises(NotAllowed):
        hand_to_staff(advisor=member, conversation=conversation, staff=staff_of(organisation))


# --- Starting a conversation ------------------------------------------------------------------


def test_starting_a_conversation_twice_returns_the_one_they_already_have(advice):
    organisation, advisor, member, conversation = advice
    assert start_conversation(starter=member, other=advisor) == conversation
    assert start_conversation(starter=advisor, other=member) == conversation
    assert Room.objects.filter(kind=Room.Kind.PRIVATE).count() == 1


def test_a_new_conversation_has_both_people_in_it(db):
    member = PersonFactory()
    advisor = advisor_of(OrganisationFactory(verified=True))
    room = start_conversation(starter=member, other=advisor)
    assert room.kind == Room.Kind.PRIVATE and room.created_by == member
    assert set(room.participants.values_list("person_id", flat=True)) == {member.pk, advisor.pk}


@pytest.mark.parametrize("who_blocked", ["starter", "other"])
def test_no_conversation_starts_across_a_block_either_way(db, who_blocked):
    member = PersonFactory()
    advisor = advisor_of(OrganisationFactory(verified=True))
    if who_blocked == "starter":
        block_person(blocker=member, blocked=advisor)
    else:
        block_person(blocker=advisor, blocked=member)
    with pytest.raises(NotAllowed):
        start_conversation(starter=member, other=advisor)
    assert not Room.objects.exists()


def test_a_block_after_the_conversation_started_stops_it_being_reused(advice):
    organisation, advisor, member, conversation = advice
    block_person(blocker=member, blocked=advisor)
    with pytest.raises(NotAllowed):
        start_conversation(starter=member, other=advisor)


def test_a_message_in_a_conversation_someone_left_is_refused(advice):
    organisation, advisor, member, conversation = advice
    Participant.objects.filter(room=conversation, person=advisor).update(active=False)
    with pytest.raises(NotAllowed):
        post_message(author=advisor, room=conversation, body="Hello?", client_id=uuid.uuid4())
