"""Rooms through the API: the list with unread counts, one room, opening community rooms, the
chat room of a drop-in date, marking read and muting. Rooms someone may not enter are not found."""

import time_machine

from community.chat.models import Participant, Room
from community.chat.services.rooms import enter_room, open_private_room
from tests.api.chat.conftest import API, say, send
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, theme


def test_signed_out_people_are_asked_to_sign_in_everywhere_in_chat(client, community_room):
    for url in (f"{API}/rooms/", f"{API}/rooms/{community_room.pk}/", "/api/v1/blocks/"):
        response = client.get(url)

        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
    assert send(client, community_room).status_code == 401


def test_room_list_shows_my_rooms_with_unread_counts_and_the_rooms_i_could_join(
    signed_in, member, community_room
):
    other_room = Room.objects.create(kind=Room.Kind.COMMUNITY, name="Employing a PA")
    talker = PersonFactory(display_name="Chris Talker")
    enter_room(person=member, room=community_room)
    for body in ("one", "two"):
        say(talker, community_room, body)

    response = signed_in(member).get(f"{API}/rooms/")

    assert response.status_code == 200
    data = response.json()
    [mine] = data["rooms"]
    assert mine["id"] == community_room.pk
    assert mine["kind"] == "community"
    assert mine["name"] == "Tea and chat"
    assert mine["unread"] == 2
    assert mine["last_message_id"] > 0
    assert mine["url"] == f"/chat/rooms/{community_room.pk}/"
    assert mine["is_open"] is True
    assert [room["id"] for room in data["joinable"]] == [other_room.pk]
    assert data["joinable"][0]["unread"] is None


def test_private_conversations_name_their_people_but_never_their_email(signed_in, member):
    advisor = advisor_of(OrganisationFactory())
    conversation = open_private_room(people=[member, advisor], created_by=member)

    response = signed_in(member).get(f"{API}/rooms/", {"kind": "private"})

    [room] = response.json()["rooms"]
    assert room["id"] == conversation.pk
    assert {person["display_name"] for person in room["people"]} == {
        member.display_name,
        advisor.display_name,
    }
    assert advisor.email not in response.content.decode()
    assert response.json()["joinable"] == []


def test_a_private_conversation_is_not_found_by_anyone_outside_it(signed_in, member):
    insider = PersonFactory()
    conversation = open_private_room(people=[member, insider], created_by=member)
    outsider = signed_in(PersonFactory())

    for url in (
        f"{API}/rooms/{conversation.pk}/",
        f"{API}/rooms/{conversation.pk}/messages/",
        f"{API}/rooms/{conversation.pk}/queue/",
    ):
        response = outsider.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert send(outsider, conversation).status_code == 404
    assert outsider.get(f"{API}/rooms/").json()["rooms"] == []
    # Exactly as a room that does not exist at all.
    assert (
        outsider.get(f"{API}/rooms/999999/").json()
        == outsider.get(f"{API}/rooms/{conversation.pk}/").json()
    )


def test_one_room_tells_me_my_own_place_in_it(signed_in, member, community_room, moderator):
    response = signed_in(member).get(f"{API}/rooms/{community_room.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert data["description"] == "Say hello."
    assert data["you"] == {
        "can_send": True,
        "muted": False,
        "can_moderate": False,
        "can_take_from_queue": False,
        "last_read_id": 0,
    }
    assert (
        signed_in(moderator).get(f"{API}/rooms/{community_room.pk}/").json()["you"]["can_moderate"]
    )


def test_moderators_open_community_rooms_with_a_theme(signed_in, moderator):
    pa = theme()

    response = signed_in(moderator).post(
        f"{API}/rooms/",
        {"name": "  Employing a PA  ", "description": "Payroll, contracts.", "theme": pa.slug},
    )

    assert response.status_code == 201
    data = response.json()
    assert data["name"] == "Employing a PA"
    assert data["theme"] == {"slug": pa.slug, "name": pa.name}
    assert Room.objects.get(pk=data["id"]).created_by == moderator


def test_members_cannot_open_community_rooms(signed_in, member):
    response = signed_in(member).post(f"{API}/rooms/", {"name": "My room"})

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert not Room.objects.exists()


def test_a_community_room_needs_a_new_name_and_a_known_theme(signed_in, moderator, community_room):
    client = signed_in(moderator)

    blank = client.post(f"{API}/rooms/", {"name": "   "})
    taken = client.post(f"{API}/rooms/", {"name": "tea and chat"})
    unknown = client.post(f"{API}/rooms/", {"name": "New", "theme": "no-such-theme"})

    assert (blank.status_code, blank.json()["code"]) == (400, "name_needed")
    assert blank.json()["fields"] == {"name": ["Give the room a name."]}
    assert (taken.status_code, taken.json()["code"]) == (400, "name_taken")
    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_theme")


def test_someone_booked_on_a_drop_in_gets_its_room_with_the_date(
    signed_in, booked, drop_in_date, during
):
    person = booked()

    with time_machine.travel(during, tick=False):
        response = signed_in(person).get(f"{API}/drop-ins/{drop_in_date.pk}/")

    assert response.status_code == 200
    data = response.json()
    room = Room.objects.get(kind=Room.Kind.DROP_IN, occurrence=drop_in_date)
    assert data["id"] == room.pk
    assert data["kind"] == "drop_in"
    assert data["is_open"] is True
    assert data["occurrence"]["event_title"] == "Direct payments drop-in"
    assert data["occurrence"]["id"] == drop_in_date.pk
    assert data["occurrence"]["opens_at"] < data["occurrence"]["start"]


def test_the_drop_in_room_is_refused_to_people_not_booked_and_open_to_its_staff(
    signed_in, drop_in_date, drop_in_staff, moderator
):
    response = signed_in(PersonFactory()).get(f"{API}/drop-ins/{drop_in_date.pk}/")

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "detail": "Book a place on this date to join its chat room.",
    }
    assert signed_in(drop_in_staff).get(f"{API}/drop-ins/{drop_in_date.pk}/").status_code == 200
    assert signed_in(moderator).get(f"{API}/drop-ins/{drop_in_date.pk}/").status_code == 200


def test_a_date_without_a_chat_room_or_no_date_at_all_is_not_found(signed_in, member, occurrence):
    client = signed_in(member)

    no_room = client.get(f"{API}/drop-ins/{occurrence.pk}/")
    no_date = client.get(f"{API}/drop-ins/999999/")

    assert (no_room.status_code, no_room.json()["code"]) == (404, "no_chat_room")
    assert (no_date.status_code, no_date.json()["code"]) == (404, "not_found")
    assert not Room.objects.exists()


def test_a_drop_in_room_is_not_found_by_id_for_people_not_booked(signed_in, drop_in):
    response = signed_in(PersonFactory()).get(f"{API}/rooms/{drop_in.pk}/")

    assert response.status_code == 404


def test_marking_read_moves_my_marker_forward_only_and_keeps_my_place(
    signed_in, member, community_room
):
    talker = PersonFactory()
    first = say(talker, community_room, "one")
    second = say(talker, community_room, "two")
    client = signed_in(member)

    response = client.post(f"{API}/rooms/{community_room.pk}/read/", {"up_to": first.pk})
    backwards = client.post(f"{API}/rooms/{community_room.pk}/read/", {"up_to": 0})

    assert response.status_code == 200
    assert response.json() == {"last_read_id": first.pk, "unread": 1}
    assert backwards.json() == {"last_read_id": first.pk, "unread": 1}
    assert [room["id"] for room in client.get(f"{API}/rooms/").json()["rooms"]] == [
        community_room.pk
    ]
    assert client.post(f"{API}/rooms/{community_room.pk}/read/", {"up_to": second.pk}).json() == {
        "last_read_id": second.pk,
        "unread": 0,
    }


def test_marking_read_needs_a_message_id(signed_in, member, community_room):
    response = signed_in(member).post(f"{API}/rooms/{community_room.pk}/read/", {"up_to": "x"})

    assert response.status_code == 400
    assert "up_to" in response.json()["fields"]


def test_staff_mute_someone_in_their_drop_in_who_then_cannot_send(
    signed_in, booked, drop_in, drop_in_staff, during, client
):
    person = booked()

    with time_machine.travel(during, tick=False):
        muted = signed_in(drop_in_staff).post(
            f"{API}/rooms/{drop_in.pk}/mute/", {"person_id": person.pk, "muted": True}
        )
        refused = send(signed_in(person), drop_in)

    assert muted.status_code == 200
    assert muted.json() == {
        "person": {"id": person.pk, "display_name": person.display_name},
        "muted": True,
    }
    assert (refused.status_code, refused.json()["code"]) == (400, "muted")
    assert signed_in(person).get(f"{API}/rooms/{drop_in.pk}/").json()["you"]["muted"] is True


def test_unmuting_lets_them_send_again(signed_in, community_room, moderator, member):
    signed_in(moderator).post(f"{API}/rooms/{community_room.pk}/mute/", {"person_id": member.pk})

    response = signed_in(moderator).post(
        f"{API}/rooms/{community_room.pk}/mute/", {"person_id": member.pk, "muted": False}
    )

    assert response.json()["muted"] is False
    assert send(signed_in(member), community_room).status_code == 201


def test_members_cannot_mute_and_nobody_mutes_themselves(
    signed_in, member, moderator, community_room
):
    other = PersonFactory()

    by_member = signed_in(member).post(
        f"{API}/rooms/{community_room.pk}/mute/", {"person_id": other.pk}
    )
    themselves = signed_in(moderator).post(
        f"{API}/rooms/{community_room.pk}/mute/", {"person_id": moderator.pk}
    )

    assert (by_member.status_code, by_member.json()["code"]) == (403, "not_allowed")
    assert themselves.status_code == 400
    assert themselves.json()["fields"] == {"person_id": ["You cannot mute yourself."]}
    assert not Participant.objects.filter(muted=True).exists()
