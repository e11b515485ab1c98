"""Messages through the API: history newest first in the WebSocket frame's shape, sending (once
per client_id, within the rate, only while the room is open), changing and removing."""

import datetime
import uuid

import time_machine

from community.chat.frames import message_frame
from community.chat.models import Message
from community.chat.selectors import with_authors
from community.chat.services.rooms import open_private_room
from community.safety.services import block_person
from tests.api.chat.conftest import API, say, send
from tests.factories import OrganisationFactory, PersonFactory, advisor_of


def _history(client, room, **params):
    response = client.get(f"{API}/rooms/{room.pk}/messages/", params)
    assert response.status_code == 200
    return response.json()


def test_sending_stores_the_message_and_answers_with_its_frame(signed_in, member, community_room):
    client_id = uuid.uuid4()

    response = send(signed_in(member), community_room, "Hello *there*", client_id)

    assert response.status_code == 201
    message = Message.objects.get()
    assert message.author == member
    data = response.json()
    assert data["type"] == "message"
    assert data["id"] == message.pk
    assert data["client_id"] == str(client_id)
    assert data["body_html"] == "<p>Hello <em>there</em></p>"
    assert data["author"] == {"id": member.pk, "display_name": "Sam Member", "badges": []}


def test_history_is_newest_first_with_exactly_the_websocket_frames(
    signed_in, member, community_room
):
    advisor = advisor_of(OrganisationFactory(), display_name="Ada Advisor")
    for number in range(3):
        say(advisor, community_room, f"Tip {number}")

    data = _history(signed_in(member), community_room)

    stored = list(with_authors(Message.objects.all()).order_by("-pk"))
    assert data["results"] == [message_frame(message) for message in stored]
    assert data["results"][0]["body_html"] == "<p>Tip 2</p>"
    assert data["results"][0]["author"]["badges"]  # the advisor's badge, as on the socket


def test_history_pages_back_with_a_cursor(signed_in, member, community_room):
    talker = PersonFactory()
    sent = [say(talker, community_room, f"m{n}") for n in range(5)]
    client = signed_in(member)

    first = _history(client, community_room, page_size=2)
    second = client.get(first["next"]).json()

    assert [m["id"] for m in first["results"]] == [sent[4].pk, sent[3].pk]
    assert [m["id"] for m in second["results"]] == [sent[2].pk, sent[1].pk]


def test_a_resend_with_the_same_client_id_is_stored_once(signed_in, member, community_room):
    client = signed_in(member)
    client_id = uuid.uuid4()

    first = send(client, community_room, "Only once", client_id)
    again = send(client, community_room, "Only once", client_id)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Message.objects.count() == 1


def test_refusals_come_with_their_codes(signed_in, member, community_room, settings):
    client = signed_in(member)

    empty = send(client, community_room, "   ")
    too_long = send(client, community_room, "x" * 2001)
    bad_id = client.post(
        f"{API}/rooms/{community_room.pk}/messages/", {"body": "Hi", "client_id": "nope"}
    )

    assert (empty.status_code, empty.json()["code"]) == (400, "empty")
    assert (too_long.status_code, too_long.json()["code"]) == (400, "too_long")
    assert too_long.json()["fields"]["body"] == [
        "Messages can be up to 2,000 characters. This one has 2,001."
    ]
    assert (bad_id.status_code, bad_id.json()["code"]) == (400, "bad_client_id")
    assert "client_id" in bad_id.json()["fields"]
    assert not Message.objects.exists()


def test_sending_faster_than_the_chat_rate_is_refused_and_nothing_more_is_stored(
    signed_in, member, community_room, rate_limits
):
    rate_limits(message="3/10")
    client = signed_in(member)

    answers = [send(client, community_room, f"Message {n}") for n in range(5)]

    assert [answer.status_code for answer in answers] == [201, 201, 201, 429, 429]
    assert {answer.json()["code"] for answer in answers[3:]} == {"too_fast"}
    assert 1 <= int(answers[3]["Retry-After"]) <= 10
    assert Message.objects.count() == 3


def test_a_drop_in_room_refuses_messages_before_it_opens_and_after_it_ends(
    signed_in, booked, drop_in, drop_in_date
):
    person = booked()
    client = signed_in(person)
    before_opening = drop_in_date.start - datetime.timedelta(minutes=16)
    just_open = drop_in_date.start - datetime.timedelta(minutes=14)

    with time_machine.travel(before_opening, tick=False):
        early = send(client, drop_in)
        room = client.get(f"{API}/rooms/{drop_in.pk}/").json()
    with time_machine.travel(just_open, tick=False):
        on_time = send(client, drop_in)
    with time_machine.travel(drop_in_date.end, tick=False):
        late = send(client, drop_in)

    assert (early.status_code, early.json()["code"]) == (400, "room_closed")
    assert room["is_open"] is False
    assert room["you"]["can_send"] is False
    assert on_time.status_code == 201
    assert (late.status_code, late.json()["code"]) == (400, "room_closed")
    assert Message.objects.count() == 1


def test_someone_not_booked_cannot_read_or_send_in_a_drop_in(signed_in, drop_in, during):
    outsider = signed_in(PersonFactory())

    with time_machine.travel(during, tick=False):
        sent = send(outsider, drop_in)
    history = outsider.get(f"{API}/rooms/{drop_in.pk}/messages/")

    assert sent.status_code == 404
    assert history.status_code == 404
    assert not Message.objects.exists()


def test_messages_of_someone_i_blocked_are_left_out_of_my_history_only(
    signed_in, member, community_room
):
    pest = PersonFactory()
    kind = PersonFactory()
    say(pest, community_room, "Rude")
    kept = say(kind, community_room, "Kind")
    block_person(blocker=member, blocked=pest)

    mine = _history(signed_in(member), community_room)
    theirs = _history(signed_in(kind), community_room)

    assert [m["id"] for m in mine["results"]] == [kept.pk]
    assert len(theirs["results"]) == 2


def test_i_can_change_my_message_for_ten_minutes(signed_in, member, community_room):
    client = signed_in(member)
    sent_at = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(sent_at, tick=False):
        message_id = send(client, community_room, "Helo").json()["id"]

    with time_machine.travel(sent_at + datetime.timedelta(minutes=9), tick=False):
        changed = client.patch(f"{API}/messages/{message_id}/", {"body": "Hello"})
    with time_machine.travel(sent_at + datetime.timedelta(minutes=11), tick=False):
        too_late = client.patch(f"{API}/messages/{message_id}/", {"body": "Hello!"})
        too_late_delete = client.delete(f"{API}/messages/{message_id}/")

    assert changed.status_code == 200
    assert changed.json()["body_html"] == "<p>Hello</p>"
    assert changed.json()["edited"] is not None
    assert (too_late.status_code, too_late.json()["code"]) == (403, "not_allowed")
    assert too_late_delete.status_code == 403
    assert Message.objects.get().body == "Hello"


def test_nobody_changes_someone_elses_message(signed_in, member, community_room, moderator):
    message = say(member, community_room, "Mine")

    response = signed_in(moderator).patch(f"{API}/messages/{message.pk}/", {"body": "Theirs"})

    assert response.status_code == 403
    message.refresh_from_db()
    assert message.body == "Mine"


def test_i_delete_my_own_message_and_it_shows_as_removed(signed_in, member, community_room):
    client = signed_in(member)
    message_id = send(client, community_room, "Oops").json()["id"]

    response = client.delete(f"{API}/messages/{message_id}/")

    assert response.status_code == 204
    [shown] = _history(client, community_room)["results"]
    assert shown["removed"] is True
    assert shown["body_html"] == ""


def test_hosts_remove_any_message_in_their_drop_in_but_members_cannot(
    signed_in, booked, drop_in, drop_in_staff, during
):
    author = booked()
    other = booked()
    with time_machine.travel(during, tick=False):
        message_id = send(signed_in(author), drop_in, "Spam").json()["id"]

    refused = signed_in(other).delete(f"{API}/messages/{message_id}/")
    removed = signed_in(drop_in_staff).delete(f"{API}/messages/{message_id}/")

    assert refused.status_code == 403
    assert removed.status_code == 204
    assert Message.objects.get().removed_by == drop_in_staff


def test_a_message_in_a_private_conversation_is_not_found_by_others(signed_in, member):
    friend = PersonFactory()
    conversation = open_private_room(people=[member, friend], created_by=member)
    message = say(member, conversation, "Private")

    response = signed_in(PersonFactory()).delete(f"{API}/messages/{message.pk}/")

    assert response.status_code == 404
    assert Message.objects.get().removed is None
