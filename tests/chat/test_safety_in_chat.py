"""Safety in chat (issue 10): a new account's messages outside drop-ins wait for a moderator, only
shown messages reach other people (history, unread counts, notifications), links and private
conversations are limited for new accounts, words that suggest risk reach moderators, and chat
messages as community.safety reports, hides, approves and removes them."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.chat.errors import ChatError
from community.chat.models import Message, Room
from community.chat.notification_kinds import PRIVATE_MESSAGE
from community.chat.selectors import messages_before, unread_chat_counts
from community.chat.services.messages import edit_message, post_message
from community.chat.services.rooms import enter_room, open_private_room, start_conversation
from community.errors import CommunityError
from community.models import Notification
from community.safety.models import Case
from community.safety.moderation import act_on_case
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from tests.chat.sockets import write
from tests.factories import OrganisationFactory, PersonFactory, advisor_of


def new_account(**fields):
    return PersonFactory(date_joined=timezone.now(), **fields)


@pytest.fixture
def newcomer(db):
    return new_account(display_name="Newcomer")


@pytest.fixture
def moderator(db):
    return PersonFactory(is_moderator=True)


def shown_ids(room, viewer, **kwargs) -> list[int]:
    return [message.pk for message in messages_before(room=room, viewer_id=viewer.pk, **kwargs)]


# --- A new account's messages wait outside drop-ins ---------------------------------------------


def test_a_new_accounts_message_in_a_community_room_waits_for_a_moderator(community_room, newcomer):
    message = write(newcomer, community_room, "Hello everyone")

    assert message.visibility == Visibility.WAITING
    case = Case.objects.get(kind="chat_message", object_id=message.pk)
    assert case.waiting_approval and case.state == Case.State.OPEN
    assert case.author_id == newcomer.pk
    assert case.label == "Message in Employing a PA"


def test_a_new_account_writes_normally_in_a_drop_in(drop_in):
    member = new_account()
    drop_in.room.occurrence.bookings.create(person=member)

    message = write(member, drop_in.room)

    assert message.visibility == Visibility.SHOWN
    assert not Case.objects.filter(kind="chat_message").exists()


def test_an_established_members_message_is_shown_at_once(community_room, person):
    assert write(person, community_room).visibility == Visibility.SHOWN


def test_a_new_account_that_holds_a_role_is_not_held_back(community_room):
    advisor = advisor_of(OrganisationFactory(verified=True), date_joined=timezone.now())

    assert write(advisor, community_room).visibility == Visibility.SHOWN


def test_a_new_account_may_add_only_two_links_to_a_message(community_room, newcomer):
    body = "See [a](https://a.example) [b](https://b.example) [c](https://c.example)"
    with pytest.raises(CommunityError) as refused:
        write(newcomer, community_room, body)
    assert refused.value.code == "too_many_links"
    assert refused.value.field == "body"
    assert not Message.objects.exists()

    assert write(newcomer, community_room, "[a](https://a.example) [b](https://b.example)").pk


def test_an_established_member_may_add_many_links(community_room, person):
    body = " ".join(f"[{n}](https://{n}.example)" for n in range(5))
    assert write(person, community_room, body).pk


# --- Others see only shown messages -------------------------------------------------------------


def test_others_do_not_see_a_waiting_message_but_its_author_and_moderators_do(
    community_room, newcomer, person, moderator
):
    shown = write(person, community_room, "Welcome")
    waiting = write(newcomer, community_room, "Hi, I am new")

    assert shown_ids(community_room, person) == [shown.pk]
    assert shown_ids(community_room, newcomer) == [waiting.pk, shown.pk]
    assert shown_ids(community_room, moderator, sees_all=True) == [waiting.pk, shown.pk]


def test_a_waiting_message_is_nobodys_unread_message(community_room, newcomer, person):
    enter_room(person=person, room=community_room)
    write(newcomer, community_room, "Hi")

    assert unread_chat_counts(person_ids=[person.pk])[person.pk] == {}


def test_a_hidden_message_is_seen_only_by_its_author(community_room, person):
    reader = PersonFactory()
    message = write(person, community_room, "Something unkind")
    reportable_kind("chat_message").set_visibility(message.pk, Visibility.HIDDEN, None)

    assert shown_ids(community_room, reader) == []
    assert shown_ids(community_room, person) == [message.pk]


def test_nobody_away_hears_of_a_waiting_private_message_until_it_is_approved(newcomer, moderator):
    # Someone not trained to help is in the conversation, so a new account's messages wait.
    advisor = PersonFactory()
    conversation = open_private_room(people=[newcomer, advisor], created_by=advisor)
    message = write(newcomer, conversation, "Can you help me?")

    assert message.visibility == Visibility.WAITING
    assert not Notification.objects.filter(kind=PRIVATE_MESSAGE.code).exists()

    case = Case.objects.get(kind="chat_message", object_id=message.pk)
    act_on_case(actor=moderator, case=case, action="approve", reason="Looks fine")

    message.refresh_from_db()
    assert message.visibility == Visibility.SHOWN
    notice = Notification.objects.get(kind=PRIVATE_MESSAGE.code)
    assert notice.recipient_id == advisor.pk
    assert unread_chat_counts(person_ids=[advisor.pk])[advisor.pk] == {conversation.pk: 1}


# --- Private conversations ----------------------------------------------------------------------


def test_a_new_account_cannot_start_a_private_conversation_with_another_member(newcomer):
    other = PersonFactory()
    with pytest.raises(ChatError) as refused:
        start_conversation(starter=newcomer, other=other)
    assert refused.value.code == "new_account_conversation"
    assert "advisors and planning partners" in refused.value.message
    assert not Room.objects.filter(kind=Room.Kind.PRIVATE).exists()


def test_a_new_account_may_start_a_private_conversation_with_an_advisor(newcomer):
    advisor = advisor_of(OrganisationFactory(verified=True))
    room = start_conversation(starter=newcomer, other=advisor)
    assert room.is_private


# --- Words that suggest someone may be at risk --------------------------------------------------


def test_words_that_suggest_risk_make_the_messages_case_urgent_and_still_send_it(
    community_room, person
):
    message = write(person, community_room, "Some days I think about ending it all")

    assert message.urgent_help is True
    assert message.visibility == Visibility.SHOWN
    case = Case.objects.get(kind="chat_message", object_id=message.pk)
    assert case.urgent and case.urgent_words


def test_ordinary_words_open_no_case(community_room, person):
    message = write(person, community_room, "My PA is ending her contract")
    assert message.urgent_help is False
    assert not Case.objects.exists()


def test_an_edit_that_adds_risk_words_is_noted_too(community_room, person):
    message = write(person, community_room, "Hello")
    edited = edit_message(editor=person, message=message, body="I want to end my life")
    assert edited.urgent_help is True
    assert Case.objects.get(kind="chat_message", object_id=message.pk).urgent


# --- Chat messages as community.safety sees them ------------------------------------------------


def test_a_message_is_described_for_the_queue(community_room, person):
    message = write(person, community_room, "**Bold** claim: <b>send me</b> your card number")
    conversation = open_private_room(people=[person, PersonFactory()], created_by=person)
    private = write(person, conversation, "Just between us")

    described = reportable_kind("chat_message").describe([message.pk, private.pk, 999999])

    assert set(described) == {message.pk, private.pk}
    item = described[message.pk]
    assert item.label == "Message in Employing a PA"
    assert item.excerpt == "Bold claim: <b>send me</b> your card number"
    assert item.url == f"/chat/rooms/{community_room.pk}/#message-{message.pk}"
    assert item.author_id == person.pk
    assert item.organisation_id is None
    assert item.visibility == Visibility.SHOWN and not item.removed
    assert described[private.pk].label == "Private message"


def test_describing_many_messages_takes_one_query(community_room, person, rate_limits):
    rate_limits(message="1000/60")
    ids = [write(person, community_room, f"Message {n}").pk for n in range(12)]
    kind = reportable_kind("chat_message")
    with CaptureQueriesContext(connection) as few:
        kind.describe(ids[:1])
    with CaptureQueriesContext(connection) as many:
        kind.describe(ids)
    assert len(many) == len(few) == 1


def test_who_can_see_a_message_to_report_it(community_room, person, newcomer, moderator):
    kind = reportable_kind("chat_message")
    shown = write(person, community_room)
    waiting = write(newcomer, community_room)
    conversation = open_private_room(people=[person, PersonFactory()], created_by=person)
    private = write(person, conversation)
    outsider = PersonFactory()

    assert kind.can_see(outsider, shown.pk)
    assert not kind.can_see(outsider, waiting.pk)
    assert kind.can_see(newcomer, waiting.pk)
    assert kind.can_see(moderator, waiting.pk)
    assert not kind.can_see(outsider, private.pk)
    assert not kind.can_see(outsider, 999999)


def test_the_drop_ins_staff_see_its_waiting_messages(drop_in):
    kind = reportable_kind("chat_message")
    message = write(drop_in.member, drop_in.room)
    Message.objects.filter(pk=message.pk).update(visibility=Visibility.HELD)

    assert kind.can_see(drop_in.staff, message.pk)
    assert not kind.can_see(drop_in.members[1], message.pk)


def test_removing_a_message_for_safety_keeps_its_place(community_room, person, moderator):
    message = write(person, community_room, "Buy my course")
    reportable_kind("chat_message").remove(message.pk, moderator)
    message.refresh_from_db()
    assert message.removed is not None and message.removed_by_id == moderator.pk


def test_removing_everything_a_person_wrote_takes_the_same_queries_however_much(
    community_room, drop_in, moderator, rate_limits
):
    rate_limits(message="1000/60")
    kind = reportable_kind("chat_message")
    spammer, other = PersonFactory(), PersonFactory()
    drop_in.room.occurrence.bookings.create(person=spammer)
    write(spammer, community_room)
    write(other, community_room)
    with CaptureQueriesContext(connection) as one:
        assert kind.remove_all_by(spammer, moderator) == 1

    for n in range(6):
        write(spammer, community_room, f"Spam {n}")
        write(spammer, drop_in.room, f"Spam {n}")
    with CaptureQueriesContext(connection) as twelve:
        assert kind.remove_all_by(spammer, moderator) == 12

    assert len(twelve) == len(one)
    assert not Message.objects.filter(author=spammer, removed__isnull=True).exists()
    assert Message.objects.filter(author=other, removed__isnull=True).count() == 1


def test_a_message_sent_twice_with_the_same_client_id_opens_one_case(community_room, newcomer):
    client_id = uuid.uuid4()
    first, created = post_message(
        author=newcomer, room=community_room, body="Hi", client_id=client_id
    )
    again, created_again = post_message(
        author=newcomer, room=community_room, body="Hi", client_id=client_id
    )
    assert created and not created_again and first.pk == again.pk
    assert Case.objects.filter(kind="chat_message").count() == 1
