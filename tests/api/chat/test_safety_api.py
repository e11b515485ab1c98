"""Safety in the chat API (issue 10): a new account's message waits and says so, others' waiting
or hidden messages are not in the history (nor can they be changed), the send answer carries
urgent help when the words suggest risk, and new accounts start private conversations only
with advisors and planning partners."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.chat.models import Message
from community.safety.visibility import Visibility
from tests.api.chat.conftest import API, say, send
from tests.factories import OrganisationFactory, PersonFactory, advisor_of


@pytest.fixture
def newcomer(db):
    return PersonFactory(display_name="Newcomer", date_joined=timezone.now())


def _history_ids(client, room) -> list[int]:
    response = client.get(f"{API}/rooms/{room.pk}/messages/")
    assert response.status_code == 200
    return [message["id"] for message in response.json()["results"]]


def test_a_new_accounts_message_is_stored_waiting_and_says_so(signed_in, newcomer, community_room):
    response = send(signed_in(newcomer), community_room, "Hello all")

    assert response.status_code == 201
    data = response.json()
    assert data["visibility"] == "waiting"
    assert data["urgent_help"] is None
    assert Message.objects.get().visibility == Visibility.WAITING


def test_others_history_leaves_out_waiting_and_hidden_messages(
    client, newcomer, member, moderator, community_room
):
    shown = say(member, community_room, "Shown")
    waiting = say(newcomer, community_room, "Waiting")
    hidden = say(member, community_room, "Hidden")
    Message.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    reader = PersonFactory()

    client.force_login(reader)
    assert _history_ids(client, community_room) == [shown.pk]
    client.force_login(newcomer)
    assert _history_ids(client, community_room) == [waiting.pk, shown.pk]
    client.force_login(member)
    assert _history_ids(client, community_room) == [hidden.pk, shown.pk]
    client.force_login(moderator)
    response = client.get(f"{API}/rooms/{community_room.pk}/messages/")
    assert [(m["id"], m["visibility"]) for m in response.json()["results"]] == [
        (hidden.pk, "hidden"),
        (waiting.pk, "waiting"),
        (shown.pk, "shown"),
    ]


def test_someone_elses_waiting_message_cannot_be_found_to_change_or_remove(
    signed_in, newcomer, community_room
):
    waiting = say(newcomer, community_room, "Waiting")
    client = signed_in(PersonFactory())

    assert (
        client.patch(
            f"{API}/messages/{waiting.pk}/", {"body": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.delete(f"{API}/messages/{waiting.pk}/").status_code == 404


def test_the_answer_to_a_message_with_risk_words_carries_urgent_help(
    signed_in, member, community_room
):
    response = send(signed_in(member), community_room, "I want to end my life")

    assert response.status_code == 201
    data = response.json()
    assert data["visibility"] == "shown"
    names = [contact["name"] for contact in data["urgent_help"]]
    assert any("Samaritans" in name for name in names)
    assert all(set(contact) == {"name", "how", "when"} for contact in data["urgent_help"])


def test_too_many_links_from_a_new_account_is_refused_with_its_code(
    signed_in, newcomer, community_room
):
    body = "[a](https://a.example) [b](https://b.example) [c](https://c.example)"
    response = send(signed_in(newcomer), community_room, body)

    assert response.status_code == 400
    assert response.json()["code"] == "too_many_links"
    assert not Message.objects.exists()


def test_a_new_account_cannot_start_a_conversation_with_another_member(signed_in, newcomer):
    other = PersonFactory()
    response = signed_in(newcomer).post(f"{API}/conversations/", {"person_id": other.pk})

    assert response.status_code == 400
    assert response.json()["code"] == "new_account_conversation"


def test_a_new_account_can_start_a_conversation_with_an_advisor(signed_in, newcomer):
    advisor = advisor_of(OrganisationFactory(verified=True))
    response = signed_in(newcomer).post(f"{API}/conversations/", {"person_id": advisor.pk})
    assert response.status_code == 201


@pytest.mark.parametrize("size", [1, 12])
def test_history_with_waiting_messages_takes_the_same_queries(
    signed_in, member, community_room, size, rate_limits
):
    rate_limits(message="1000/60")
    for number in range(size):
        say(PersonFactory(date_joined=timezone.now()), community_room, f"Waiting {number}")
        say(PersonFactory(), community_room, f"Shown {number}")
    client = signed_in(member)
    client.get(f"{API}/rooms/{community_room.pk}/messages/")

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{API}/rooms/{community_room.pk}/messages/")

    assert len(response.json()["results"]) == size
    # session + user, the room, blocks, the moderator check, messages with authors and badges
    assert len(captured) <= 7
