"""The demo chat: after seed_demo there is an online drop-in whose room is open when the demo is
loaded, a community room with a real conversation, and a private conversation between a member
and a trained advisor; it tells nobody anything, and running it again adds nothing."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from community.chat.demo import COMMUNITY_ROOM, DROP_IN_SLUG, seed
from community.chat.models import Message, Participant, Room
from community.chat.permissions import can_enter, is_open, is_trained, opens_at, runs_drop_in
from community.chat.selectors import unread_chat_counts
from community.chat.services.rooms import existing_conversation
from community.demo import data
from community.demo.seed import seed_demo
from community.models import AuditLogEntry, Notification, User
from events.models import Booking, Event, Occurrence

pytestmark = pytest.mark.django_db
# A Tuesday morning, seven minutes past the hour: the drop-in starts at 10:15.
NOW = datetime.datetime(2026, 3, 10, 10, 7, tzinfo=datetime.UTC)
COUNTED = (Room, Message, Participant, Booking, Occurrence, Event, AuditLogEntry, Notification)


def _seed_demo(at: datetime.datetime = NOW) -> str:
    out = io.StringIO()
    with time_machine.travel(at, tick=False):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _demo(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@{data.DEMO_DOMAIN}")


def _messages(room: Room) -> list[Message]:
    return list(room.messages.select_related("author").order_by("pk"))


def test_the_demo_drop_in_room_is_open_when_the_demo_is_loaded():
    _seed_demo()

    room = Room.objects.select_related("occurrence__event").get(
        kind=Room.Kind.DROP_IN, occurrence__event__slug=DROP_IN_SLUG
    )
    occurrence, event = room.occurrence, room.occurrence.event
    assert event.use_site_chat_room and event.is_online and event.status == "published"
    assert NOW < occurrence.start <= NOW + datetime.timedelta(minutes=15)
    assert is_open(room, now=NOW)

    bev = _demo("bev")
    assert runs_drop_in(bev, occurrence) and is_trained(bev)
    booked = Booking.objects.filter(occurrence=occurrence, status=Booking.Status.CONFIRMED)
    assert booked.count() >= 3
    for booking in booked:
        assert can_enter(booking.person, room)

    messages = _messages(room)
    assert len(messages) >= 3
    assert {m.author for m in messages} >= {bev, _demo("kestrel")}
    times = [m.created for m in messages]
    assert times == sorted(times)
    assert opens_at(occurrence) <= times[0] and times[-1] <= NOW


def test_the_employing_a_pa_room_holds_a_conversation_between_members_and_advisors():
    _seed_demo()

    room = Room.objects.select_related("theme").get(kind=Room.Kind.COMMUNITY, name=COMMUNITY_ROOM)
    assert room.theme.slug == "employing-a-pa"
    messages = _messages(room)
    assert len(messages) >= 8
    authors = {m.author for m in messages}
    assert any(is_trained(author) for author in authors)
    members = {m.email for m in data.MEMBERS}
    assert len({a for a in authors if a.email in members}) >= 3

    times = [m.created for m in messages]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert times[-1] < NOW
    assert len({m.client_id for m in messages}) == len(messages)
    assert all(m.body_html.startswith("<p>") for m in messages)
    assert "<strong>Payroll for PA employers</strong>" in messages[-1].body_html
    # Everyone who wrote there has read it: no unread badges from the demo's own talk.
    unread = unread_chat_counts(person_ids=[a.pk for a in authors])
    assert not any(room.pk in rooms for rooms in unread.values())


def test_a_member_and_a_trained_advisor_have_a_private_conversation_with_one_reply_unread():
    _seed_demo()
    marigold, maggie = _demo("marigold"), _demo("maggie")

    # (The support demo opens other private conversations, for the requests advisors took.)
    room = existing_conversation(marigold, maggie)
    assert room is not None
    assert set(room.participants.values_list("person_id", flat=True)) == {marigold.pk, maggie.pk}
    assert is_trained(maggie) and not is_trained(marigold)
    assert can_enter(marigold, room) and can_enter(maggie, room)
    assert not can_enter(_demo("kestrel"), room)
    messages = _messages(room)
    assert len(messages) >= 4
    assert {m.author for m in messages} == {marigold, maggie}
    assert messages[-1].author == maggie
    unread = unread_chat_counts(person_ids=[marigold.pk, maggie.pk])
    assert unread[marigold.pk] == {room.pk: 1}
    assert room.pk not in unread.get(maggie.pk, {})


def test_loading_the_demo_chat_tells_nobody(django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        seed_demo()
        before = Notification.objects.count()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            summary = seed()

    assert summary.startswith("added 1 drop-in date")
    assert Notification.objects.count() == before
    assert mail.outbox == []


def test_running_it_again_adds_nothing_while_the_drop_in_is_still_on():
    first_output = _seed_demo()
    first = _counts()

    second_output = _seed_demo(NOW + datetime.timedelta(minutes=40))

    assert _counts() == first
    assert "chat: added 1 drop-in date in the chat room" in first_output
    assert "chat: the demo chat is already there: nothing to add." in second_output


def test_after_the_drop_in_is_over_a_new_date_with_its_own_room_is_added():
    _seed_demo()
    private = Room.objects.filter(kind=Room.Kind.PRIVATE).count()
    later = NOW + datetime.timedelta(days=1)

    _seed_demo(later)

    rooms = Room.objects.filter(kind=Room.Kind.DROP_IN).select_related("occurrence")
    assert rooms.count() == 2
    newest = max(rooms, key=lambda room: room.occurrence.start)
    assert is_open(newest, now=later)
    assert newest.messages.count() >= 3
    assert Room.objects.filter(kind=Room.Kind.COMMUNITY).count() == 1
    assert Room.objects.filter(kind=Room.Kind.PRIVATE).count() == private
