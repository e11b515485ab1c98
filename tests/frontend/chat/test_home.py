"""/chat/: your conversations and rooms with what is unread, the community rooms, your drop-ins,
opening a community room; and the header's chat badge on every page."""

import re

import pytest
from django.urls import reverse

from community.chat.models import Room
from community.chat.services.messages import mark_read
from community.chat.services.rooms import enter_room
from events.models import Event
from tests.events.factories import OccurrenceFactory, online_event
from tests.factories import PersonFactory, advisor_of
from tests.frontend.chat.conftest import book, conversation, say, uk
from tests.frontend.conftest import page_text, signed_in


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("chat"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_chat_home_lists_conversations_rooms_and_drop_ins_with_unread(
    member, member_client, advisor, booked, room, community_room, host
):
    talk = conversation(member, advisor)
    say(talk, advisor, "Hello Rosa")
    say(talk, advisor, "Are you there?")
    enter_room(person=member, room=room)
    say(room, host, "Welcome")
    Room.objects.create(kind=Room.Kind.COMMUNITY, name="Carers' corner", description="For carers")
    response = member_client.get(reverse("chat"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Conversation with Ada Advisor 2 unread" in text
    assert "Direct payments drop-in 8 December 1 unread" in text
    assert "Direct payments drop-in, Tuesday 8 December, 10:00 Open now" in text
    assert "Join Carers' corner For carers" in text and "Join Employing a PA" in text
    page = response.content.decode()
    assert f'href="{reverse("chat_drop_in", args=[room.occurrence_id])}"' in page
    assert "Open a community room" not in text


def test_drop_in_list_says_when_the_room_opens(booked_client, room, clock):
    clock.move_to(uk(9, 0))
    text = page_text(booked_client.get(reverse("chat")))
    assert "Opens at 9:45 on Tuesday 8 December" in text


def test_in_person_drop_ins_are_not_listed(member_client, member, org, clock):
    event = online_event(organisation=org, kind=Event.Kind.DROP_IN, title="Cafe meet-up")
    event.format = Event.Format.IN_PERSON
    event.use_site_chat_room = True
    event.save()
    book(member, OccurrenceFactory(event=event, start=uk(14), end=uk(15)))
    assert "Cafe meet-up" not in page_text(member_client.get(reverse("chat")))


def test_moderator_opens_a_community_room(db):
    moderator = PersonFactory(is_moderator=True)
    client = signed_in(moderator)
    assert "Open a community room" in page_text(client.get(reverse("chat")))
    response = client.post(
        reverse("chat_room_create"),
        {"room-name": "Managed accounts", "room-description": "Ask about managed accounts"},
    )
    room = Room.objects.get(name="Managed accounts")
    assert room.kind == Room.Kind.COMMUNITY and room.description == "Ask about managed accounts"
    assert response["Location"] == reverse("chat_room", args=[room.pk])


def test_a_room_name_already_taken_is_refused_next_to_the_field(db, community_room):
    client = signed_in(PersonFactory(is_moderator=True))
    response = client.post(reverse("chat_room_create"), {"room-name": "employing a pa"})
    assert response.status_code == 400
    assert "There is already a room with that name." in page_text(response)
    assert 'href="#id_room-name"' in response.content.decode()


def test_members_cannot_open_community_rooms(member_client):
    response = member_client.post(reverse("chat_room_create"), {"room-name": "Mine"})
    assert response.status_code == 403
    assert not Room.objects.exists()


@pytest.mark.parametrize("how_many", [1, 12])
def test_chat_home_queries_do_not_grow_with_rooms(
    member, member_client, org, clock, django_assert_num_queries, how_many
):
    for n in range(how_many):
        advisor = advisor_of(org, display_name=f"Advisor {n}")
        say(conversation(member, advisor), advisor, "Hello")
        community = Room.objects.create(kind=Room.Kind.COMMUNITY, name=f"Room {n}")
        enter_room(person=member, room=community)
        say(community, advisor, "Hi")
        event = online_event(organisation=org, kind=Event.Kind.DROP_IN, use_site_chat_room=True)
        book(member, OccurrenceFactory(event=event, start=uk(14), end=uk(15)))
    # Session, person, participations, partners, community rooms, drop-ins, the moderator
    # check and the header's two counts. Whether it links "Moderation" was kept at log-in.
    with django_assert_num_queries(8):
        response = member_client.get(reverse("chat"))
    assert f"Room {how_many - 1}" in page_text(response)


def test_header_shows_the_unread_chat_count_with_a_label(member, member_client, advisor):
    talk = conversation(member, advisor)
    for n in range(3):
        say(talk, advisor, f"Message {n}")
    page = member_client.get(reverse("home")).content.decode()
    assert re.search(r'<span id="chat-unread-count" class="count-badge">3</span>', page)
    assert 'aria-label="Chat, 3 unread"' in page


def test_header_hides_the_chat_badge_when_nothing_is_unread(member, member_client, advisor):
    talk = conversation(member, advisor)
    message = say(talk, advisor, "Hello")
    mark_read(person=member, room=talk, up_to=message.pk)
    page = member_client.get(reverse("home")).content.decode()
    assert re.search(r'<span id="chat-unread-count" class="count-badge" hidden>0</span>', page)
    assert "Chat, " not in page


def test_anonymous_header_has_no_chat_badge(client, db):
    assert 'id="chat-unread-count"' not in client.get(reverse("home")).content.decode()


def test_chat_pages_have_one_h1_and_keep_to_the_content_security_policy(
    booked_client, room, host, community_room
):
    say(room, host, "Hello")
    for url in (
        reverse("chat"),
        reverse("chat_room", args=[room.pk]),
        reverse("chat_room", args=[community_room.pk]),
        reverse("chat_blocked"),
    ):
        page = booked_client.get(url).content.decode()
        assert page.count("<h1") == 1, url
        assert " style=" not in page and "<style" not in page, url
        assert re.search(r"<script(?![^>]*\bsrc=)", page) is None, url
        assert re.search(r"<[^>]+\son[a-z]+=", page) is None, url
