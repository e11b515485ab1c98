"""The private-talk queue through the API: members join and see their place, helpers see the
queue in order and take people into a private conversation, members leave."""

import time_machine

from community.chat.models import Participant, QueueEntry
from tests.api.chat.conftest import API
from tests.factories import PersonFactory


def _queue(room):
    return f"{API}/rooms/{room.pk}/queue/"


def test_members_join_the_queue_and_see_their_own_place(signed_in, booked, drop_in, during):
    first, second = booked(), booked()

    with time_machine.travel(during, tick=False):
        joined_first = signed_in(first).post(_queue(drop_in))
        joined_second = signed_in(second).post(_queue(drop_in))
        again = signed_in(second).post(_queue(drop_in))
        seen = signed_in(second).get(_queue(drop_in))

    assert joined_first.status_code == 200
    assert joined_first.json()["mine"]["position"] == 1
    assert joined_second.json()["mine"]["position"] == 2
    assert again.json()["mine"]["position"] == 2  # asking twice keeps the first place
    assert seen.json()["helper"] is False
    assert seen.json()["waiting"] is None
    assert seen.json()["mine"]["status"] == "waiting"
    assert QueueEntry.objects.count() == 2


def test_someone_not_waiting_has_no_place(signed_in, booked, drop_in):
    response = signed_in(booked()).get(_queue(drop_in))

    assert response.status_code == 200
    assert response.json() == {"helper": False, "mine": None, "waiting": None}


def test_helpers_see_everyone_waiting_in_order(signed_in, booked, drop_in, drop_in_staff, during):
    first, second = booked(display_name="Ann First"), booked(display_name="Bob Second")
    with time_machine.travel(during, tick=False):
        signed_in(first).post(_queue(drop_in))
        signed_in(second).post(_queue(drop_in))

    response = signed_in(drop_in_staff).get(_queue(drop_in))

    data = response.json()
    assert data["helper"] is True
    assert data["mine"] is None
    assert [(w["position"], w["person"]["display_name"]) for w in data["waiting"]] == [
        (1, "Ann First"),
        (2, "Bob Second"),
    ]


def test_a_helper_takes_the_next_person_into_a_private_conversation(
    signed_in, booked, drop_in, drop_in_staff, during
):
    first, second = booked(), booked()
    with time_machine.travel(during, tick=False):
        signed_in(first).post(_queue(drop_in))
        signed_in(second).post(_queue(drop_in))

        taken = signed_in(drop_in_staff).post(f"{_queue(drop_in)}take/", {})
        first_sees = signed_in(first).get(_queue(drop_in))
        second_sees = signed_in(second).get(_queue(drop_in))

    assert taken.status_code == 201
    data = taken.json()
    assert data["person"] == {"id": first.pk, "display_name": first.display_name}
    assert data["url"] == f"/chat/rooms/{data['conversation']}/"
    assert set(
        Participant.objects.filter(room_id=data["conversation"]).values_list("person", flat=True)
    ) == {first.pk, drop_in_staff.pk}
    assert first_sees.json()["mine"]["status"] == "taken"
    assert first_sees.json()["mine"]["conversation"]["id"] == data["conversation"]
    assert second_sees.json()["mine"]["position"] == 1
    # The member can open their new conversation; someone else cannot.
    assert signed_in(first).get(f"{API}/rooms/{data['conversation']}/").status_code == 200
    assert signed_in(second).get(f"{API}/rooms/{data['conversation']}/").status_code == 404


def test_a_helper_can_choose_whom_to_take(signed_in, booked, drop_in, drop_in_staff, during):
    first, second = booked(), booked()
    with time_machine.travel(during, tick=False):
        signed_in(first).post(_queue(drop_in))
        signed_in(second).post(_queue(drop_in))
        chosen = QueueEntry.objects.get(person=second)

        taken = signed_in(drop_in_staff).post(f"{_queue(drop_in)}take/", {"entry_id": chosen.pk})

    assert taken.json()["person"]["id"] == second.pk


def test_taking_from_an_empty_queue_says_nobody_is_waiting(signed_in, drop_in, drop_in_staff):
    response = signed_in(drop_in_staff).post(f"{_queue(drop_in)}take/", {})

    assert response.status_code == 400
    assert response.json() == {"code": "nobody_waiting", "detail": "Nobody is waiting."}


def test_members_cannot_take_from_the_queue(signed_in, booked, drop_in, during):
    waiting, other = booked(), booked()
    with time_machine.travel(during, tick=False):
        signed_in(waiting).post(_queue(drop_in))

    response = signed_in(other).post(f"{_queue(drop_in)}take/", {})

    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")
    assert QueueEntry.objects.get().is_waiting


def test_leaving_the_queue_moves_everyone_up(signed_in, booked, drop_in, during):
    first, second = booked(), booked()
    with time_machine.travel(during, tick=False):
        signed_in(first).post(_queue(drop_in))
        signed_in(second).post(_queue(drop_in))

        left = signed_in(first).delete(_queue(drop_in))

    assert left.status_code == 204
    assert signed_in(first).get(_queue(drop_in)).json()["mine"] is None
    assert signed_in(second).get(_queue(drop_in)).json()["mine"]["position"] == 1


def test_the_queue_is_closed_outside_the_drop_in_and_helpers_do_not_queue(
    signed_in, booked, drop_in, drop_in_staff, during
):
    closed = signed_in(booked()).post(_queue(drop_in))
    with time_machine.travel(during, tick=False):
        helper = signed_in(drop_in_staff).post(_queue(drop_in))

    assert (closed.status_code, closed.json()["code"]) == (400, "room_closed")
    assert (helper.status_code, helper.json()["code"]) == (400, "is_helper")
    assert not QueueEntry.objects.exists()


def test_only_drop_in_rooms_have_a_queue_and_outsiders_do_not_find_it(
    signed_in, member, community_room, drop_in
):
    community = signed_in(member).get(_queue(community_room))
    outsider = signed_in(PersonFactory()).get(_queue(drop_in))

    assert (community.status_code, community.json()["code"]) == (404, "no_queue")
    assert (outsider.status_code, outsider.json()["code"]) == (404, "not_found")
