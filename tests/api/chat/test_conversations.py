"""Private conversations through the API: who may start one, finding the one two people already
have, and an advisor handing one on to their organisation's staff."""

from community.chat.models import Participant, Room
from community.chat.services.rooms import open_private_room
from community.safety.services import block_person
from tests.api.chat.conftest import API
from tests.factories import PersonFactory, advisor_of, staff_of


def test_a_member_starts_a_conversation_with_an_advisor_and_reuses_it(signed_in, member, org):
    advisor = advisor_of(org, display_name="Ada Advisor")
    client = signed_in(member)

    started = client.post(f"{API}/conversations/", {"person_id": advisor.pk})
    again = client.post(f"{API}/conversations/", {"person_id": advisor.pk})

    assert started.status_code == 201
    data = started.json()
    assert data["kind"] == "private"
    assert {p["id"] for p in data["people"]} == {member.pk, advisor.pk}
    assert again.status_code == 200
    assert again.json()["id"] == data["id"]
    assert Room.objects.filter(kind=Room.Kind.PRIVATE).count() == 1


def test_a_member_cannot_start_a_conversation_with_another_member_they_do_not_talk_with(
    signed_in, member
):
    stranger = PersonFactory()

    response = signed_in(member).post(f"{API}/conversations/", {"person_id": stranger.pk})

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "detail": "You can start a private conversation with a peer advisor or planning "
        "partner, or with someone you already talk with.",
    }
    assert not Room.objects.exists()


def test_members_who_already_talk_get_their_conversation_back(signed_in, member):
    friend = PersonFactory()
    conversation = open_private_room(people=[member, friend], created_by=member)

    response = signed_in(member).post(f"{API}/conversations/", {"person_id": friend.pk})

    assert response.status_code == 200
    assert response.json()["id"] == conversation.pk


def test_nobody_starts_a_conversation_across_a_block(signed_in, member, org):
    advisor = advisor_of(org)
    block_person(blocker=advisor, blocked=member)

    response = signed_in(member).post(f"{API}/conversations/", {"person_id": advisor.pk})

    assert response.status_code == 403
    assert not Room.objects.exists()


def test_starting_a_conversation_with_nobody_says_so(signed_in, member):
    response = signed_in(member).post(f"{API}/conversations/", {"person_id": 999999})

    assert response.status_code == 400
    assert response.json()["fields"] == {"person_id": ["We could not find that person."]}


def test_an_advisor_hands_a_conversation_to_their_organisations_staff(signed_in, member, org):
    advisor = advisor_of(org)
    staff = staff_of(org, display_name="Sue Staff")
    conversation = open_private_room(people=[member, advisor], created_by=advisor, organisation=org)

    response = signed_in(advisor).post(
        f"{API}/conversations/{conversation.pk}/hand-on/", {"staff_id": staff.pk}
    )

    assert response.status_code == 200
    assert response.json() == {
        "conversation": conversation.pk,
        "staff": {"id": staff.pk, "display_name": "Sue Staff"},
    }
    assert set(
        Participant.objects.filter(room=conversation, active=True).values_list("person", flat=True)
    ) == {member.pk, staff.pk}
    assert signed_in(advisor).get(f"{API}/rooms/{conversation.pk}/").status_code == 404


def test_a_conversation_goes_only_to_the_organisations_staff(signed_in, member, org):
    advisor = advisor_of(org)
    conversation = open_private_room(people=[member, advisor], created_by=advisor, organisation=org)

    response = signed_in(advisor).post(
        f"{API}/conversations/{conversation.pk}/hand-on/", {"staff_id": PersonFactory().pk}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "not_staff"
    assert list(response.json()["fields"]) == ["staff_id"]


def test_nobody_outside_a_conversation_can_hand_it_on(signed_in, member, org, staff):
    advisor = advisor_of(org)
    conversation = open_private_room(people=[member, advisor], created_by=advisor, organisation=org)

    response = signed_in(advisor_of(org)).post(
        f"{API}/conversations/{conversation.pk}/hand-on/", {"staff_id": staff.pk}
    )

    assert response.status_code == 404
