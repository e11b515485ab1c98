"""The edges of safety in chat: a writer barred since they connected is stopped, an
edit sends an approved message back to the queue, a batch asks who must wait once, a new
account talking privately with people trained to help does not wait, one rule says who sees a
message that is not shown, and notifications about a message go when it stops being shown."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.chat.models import Message
from community.chat.permissions import can_see_message, sees_every_message
from community.chat.selectors import author_badges
from community.chat.services.messages import Outgoing, edit_message, post_messages
from community.chat.services.rooms import enter_room, open_private_room, start_conversation
from community.errors import CommunityError, NotAllowed
from community.models import Notification, User
from community.safety.models import Case
from community.safety.moderation import act_on_case, case_for_thing
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from tests.chat.sockets import write
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of


def new_account(**fields):
    return PersonFactory(date_joined=timezone.now(), **fields)


@pytest.fixture
def newcomer(db):
    return new_account(display_name="Newcomer")


@pytest.fixture
def moderator(db):
    return PersonFactory(is_moderator=True)


def approved(message: Message, moderator) -> Message:
    case = Case.objects.get(kind="chat_message", object_id=message.pk, state=Case.State.OPEN)
    act_on_case(actor=moderator, case=case, action="approve", reason="Looks fine")
    message.refresh_from_db()
    return message


# --- A writer barred since they connected ---------------------------------------------------


def test_a_writer_banned_since_they_were_loaded_cannot_send(community_room):
    writer = PersonFactory()
    User.objects.filter(pk=writer.pk).update(banned=True)  # `writer` still says not banned

    with pytest.raises(NotAllowed) as refused:
        write(writer, community_room, "Still here")
    assert "suspended or banned" in refused.value.message
    assert not Message.objects.exists()


def test_a_writer_suspended_since_they_were_loaded_cannot_edit(community_room):
    writer = PersonFactory()
    message = write(writer, community_room, "First words")
    User.objects.filter(pk=writer.pk).update(
        suspended_until=timezone.now() + datetime.timedelta(days=3)
    )

    with pytest.raises(NotAllowed):
        edit_message(editor=writer, message=message, body="Other words")
    message.refresh_from_db()
    assert message.body == "First words"


def test_only_the_barred_writer_in_a_batch_is_stopped(community_room):
    barred, other = PersonFactory(), PersonFactory()
    User.objects.filter(pk=barred.pk).update(banned=True)

    results = post_messages(
        [
            Outgoing(barred, community_room, "One", uuid.uuid4()),
            Outgoing(other, community_room, "Two", uuid.uuid4()),
        ]
    )

    assert isinstance(results[0], NotAllowed)
    assert results[1][0].body == "Two"


# --- An edit sends an approved message back to the queue ------------------------------------


def test_an_approved_message_edited_by_someone_who_still_waits_waits_again(
    settings, community_room, newcomer, moderator
):
    settings.SAFETY_NEW_ACCOUNT_APPROVALS = 3
    message = approved(write(newcomer, community_room, "Hello"), moderator)
    assert message.visibility == Visibility.SHOWN

    edited = edit_message(editor=newcomer, message=message, body="Buy cheap things")

    edited.refresh_from_db()
    assert edited.visibility == Visibility.WAITING
    case = Case.objects.get(kind="chat_message", object_id=message.pk, state=Case.State.OPEN)
    assert case.waiting_approval


def test_an_edit_at_a_drop_in_never_waits(settings, drop_in):
    settings.SAFETY_NEW_ACCOUNT_APPROVALS = 3
    member = drop_in.member
    User.objects.filter(pk=member.pk).update(date_joined=timezone.now())
    member.refresh_from_db()
    message = write(member, drop_in.room, "Hello")

    edited = edit_message(editor=member, message=message, body="Hello again")

    assert edited.visibility == Visibility.SHOWN


# --- Who must wait, asked once per batch ----------------------------------------------------


def _writers(count: int, room) -> list[User]:
    # New by date but holding a role: asking whether each must wait costs a query per writer.
    organisation = OrganisationFactory(verified=True)
    writers = []
    for _ in range(count):
        writer = advisor_of(organisation)
        User.objects.filter(pk=writer.pk).update(date_joined=timezone.now())
        writer.refresh_from_db()
        enter_room(person=writer, room=room)
        writers.append(writer)
    return writers


def _queries_for_batch(writers: list[User], room) -> int:
    batch = [Outgoing(writer, room, "Hello", uuid.uuid4()) for writer in writers]
    for writer in writers:
        author_badges(writer.pk)  # kept by the process after a writer's first message
    with CaptureQueriesContext(connection) as queries:
        post_messages(batch)
    return len(queries)


def test_a_batch_asks_who_must_wait_in_the_same_queries_however_many_writers(community_room):
    few = _queries_for_batch(_writers(2, community_room), community_room)
    many = _queries_for_batch(_writers(6, community_room), community_room)
    assert many == few


# --- A new account talking privately with people trained to help ---------------------------


def test_a_new_accounts_private_message_to_an_advisor_does_not_wait(newcomer):
    advisor = advisor_of(OrganisationFactory(verified=True))
    conversation = start_conversation(starter=newcomer, other=advisor)

    message = write(newcomer, conversation, "Can you help me? I feel awful.")

    assert message.visibility == Visibility.SHOWN
    assert not Case.objects.filter(kind="chat_message", waiting_approval=True).exists()


def test_a_new_accounts_private_message_to_staff_of_a_verified_organisation_does_not_wait(
    newcomer,
):
    staff = staff_of(OrganisationFactory(verified=True))
    conversation = open_private_room(people=[newcomer, staff], created_by=staff)
    assert write(newcomer, conversation, "Hello").visibility == Visibility.SHOWN


def test_a_new_accounts_message_waits_when_someone_untrained_is_in_the_conversation(newcomer):
    advisor = advisor_of(OrganisationFactory(verified=True))
    conversation = open_private_room(
        people=[newcomer, advisor, PersonFactory()], created_by=advisor
    )
    assert write(newcomer, conversation, "Hello").visibility == Visibility.WAITING


def test_links_are_still_limited_for_a_new_account_talking_to_an_advisor(settings, newcomer):
    settings.SAFETY_NEW_ACCOUNT_LINKS = 1
    advisor = advisor_of(OrganisationFactory(verified=True))
    conversation = start_conversation(starter=newcomer, other=advisor)
    with pytest.raises(CommunityError) as refused:
        write(newcomer, conversation, "<https://a.example> <https://b.example>")
    assert refused.value.code == "too_many_links"


# --- Who sees a message that is not shown ---------------------------------------------------


def test_staff_of_an_unverified_organisation_do_not_see_every_message(community_room, newcomer):
    organisation = OrganisationFactory(verified=False)
    community_room.organisation = organisation
    community_room.save()
    staff = staff_of(organisation)
    message = write(newcomer, community_room, "Hello")
    assert message.visibility == Visibility.WAITING

    assert not sees_every_message(staff, community_room)
    assert not can_see_message(staff, message)
    assert not reportable_kind("chat_message").can_see(staff, message.pk)


def test_staff_of_a_verified_organisation_see_its_rooms_waiting_messages(community_room, newcomer):
    organisation = OrganisationFactory(verified=True)
    community_room.organisation = organisation
    community_room.save()
    staff = staff_of(organisation)
    message = write(newcomer, community_room, "Hello")

    assert can_see_message(staff, message)
    assert reportable_kind("chat_message").can_see(staff, message.pk)
    assert not can_see_message(PersonFactory(), message)


# --- Notifications about a message go when it stops being shown -----------------------------


def test_notifications_about_a_hidden_message_are_forgotten(community_room, moderator):
    writer, reader = PersonFactory(), PersonFactory()
    message = write(writer, community_room, "Hi")
    Notification.objects.create(
        recipient=reader,
        kind="chat.mention",
        message="Someone mentioned you",
        url="/",
        about_type="chat.message",
        about_id=message.pk,
    )
    assert reportable_kind("chat_message").notification_about(message.pk) == [
        ("chat.message", message.pk)
    ]

    case = case_for_thing(actor=moderator, kind="chat_message", object_id=message.pk)
    act_on_case(actor=moderator, case=case, action="hide", reason="Not kind")

    assert not Notification.objects.filter(about_type="chat.message").exists()
