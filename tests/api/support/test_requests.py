"""/api/v1/support-requests/: asking for help, your requests, one request, and each action.
A request someone may not see is a 404, never a 403."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from community.support.models import SupportRequest
from community.support.services.requests import close_request, withdraw_request
from tests.api.support.conftest import API, ask, list_for
from tests.factories import advisor_of

URL = f"{API}/support-requests/"


def action(client, support_request, name, data=None):
    return client.post(f"{URL}{support_request.pk}/{name}/", data or {})


# --- Asking --------------------------------------------------------------------------------


def test_a_member_asks_one_advisor_for_help(signed_in, member, advisor, employing):
    response = signed_in(member).post(
        URL,
        {
            "body": "How do I pay a PA?",
            "wants": "regular",
            "advisor_id": advisor.pk,
            "specialism": "employing-a-pa",
            "language": "bfi",
            "area": "leeds",
            "way_to_talk": "chat",
            "access_needs": "A BSL interpreter",
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "open"
    assert body["member"] == {"id": member.pk, "display_name": "Sam Member"}
    assert body["advisor"] == {"id": advisor.pk, "display_name": "Ade Advisor"}
    assert body["organisation"]["slug"] == "leeds-il"
    assert body["specialism"]["slug"] == "employing-a-pa"
    assert (body["language"], body["area"], body["way_to_talk"]) == ("bfi", "leeds", "chat")
    assert body["can"]["withdraw"] is True
    assert body["can"]["accept"] is False
    assert SupportRequest.objects.get().member == member


def test_a_member_asks_an_organisations_team(signed_in, member, org, advisor):
    response = signed_in(member).post(
        URL, {"body": "Help with my plan", "wants": "plan", "organisation": "leeds-il"}
    )

    assert response.status_code == 201, response.json()
    assert response.json()["advisor"] is None
    assert response.json()["organisation"]["slug"] == "leeds-il"


@pytest.mark.parametrize(
    ("sent", "code", "field"),
    [
        ({"wants": "one_off"}, "invalid", "body"),
        ({"body": "Hi", "wants": "everything"}, "invalid", "wants"),
        ({"body": "Hi", "wants": "one_off"}, "no_one_to_send_to", "advisor_id"),
        ({"body": "Hi", "wants": "one_off", "advisor_id": 999999}, "unknown_person", "advisor_id"),
        ({"body": "Hi", "wants": "one_off", "organisation": "nope"}, "unknown_organisation",
         "organisation"),
        ({"body": "Hi", "wants": "one_off", "organisation": "leeds-il", "specialism": "nope"},
         "unknown_specialism", "specialism"),
        ({"body": "Hi", "wants": "one_off", "organisation": "leeds-il", "topic_id": 999999},
         "unknown_topic", "topic_id"),
        ({"body": "Hi", "wants": "one_off", "organisation": "leeds-il", "language": "xx"},
         "invalid", "language"),
    ],
)  # fmt: skip
def test_asking_with_something_wrong_is_a_400_naming_the_field(
    signed_in, member, advisor, sent, code, field
):
    response = signed_in(member).post(URL, sent)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert field in response.json()["fields"]
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize("typed", ["bsl", "BSL", "Bsl", "bfi"])
def test_british_sign_language_is_taken_however_it_is_typed(signed_in, member, advisor, typed):
    response = signed_in(member).post(
        URL, {"body": "Hi", "wants": "one_off", "advisor_id": advisor.pk, "language": typed}
    )

    assert response.status_code == 201, response.json()
    assert response.json()["language"] == "bfi"
    assert SupportRequest.objects.get().language == "bfi"


def test_a_paused_advisor_cannot_be_asked(signed_in, member, advisor):
    list_for(advisor, paused=True)

    response = signed_in(member).post(
        URL, {"body": "Hi", "wants": "one_off", "advisor_id": advisor.pk}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "paused"


def test_asking_needs_signing_in(client, advisor):
    response = client.post(URL, {"body": "Hi", "wants": "one_off", "advisor_id": advisor.pk})

    assert response.status_code == 401


# --- Reading -------------------------------------------------------------------------------


def test_a_member_lists_only_their_own_requests(signed_in, member, stranger, advisor):
    mine = ask(member, advisor=advisor)
    ask(stranger, advisor=advisor)

    response = signed_in(member).get(URL)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


@pytest.mark.parametrize("who", ["member", "advisor", "staff"])
def test_the_people_involved_see_the_request(signed_in, open_request, who, request):
    response = signed_in(request.getfixturevalue(who)).get(f"{URL}{open_request.pk}/")

    assert response.status_code == 200
    assert response.json()["body"] == "Can I pay my daughter as my PA?"


@pytest.mark.parametrize("who", ["stranger", "other_advisor", "other_staff", "moderator"])
def test_anyone_else_gets_a_404(signed_in, open_request, who, request):
    client = signed_in(request.getfixturevalue(who))

    response = client.get(f"{URL}{open_request.pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    for name in ("accept", "withdraw", "close", "send-again"):
        assert action(client, open_request, name).status_code == 404
    assert action(client, open_request, "did-it-help", {"helped": True}).status_code == 404
    assert action(client, open_request, "reassign", {"helper_id": 1}).status_code == 404
    hand_over = {"reason": "safeguarding", "note": "Worried"}
    assert action(client, open_request, "hand-over", hand_over).status_code == 404


def test_a_missing_request_is_a_404(signed_in, member):
    assert signed_in(member).get(f"{URL}999999/").status_code == 404


# --- Actions -------------------------------------------------------------------------------


def test_the_advisor_accepts_and_a_conversation_opens(signed_in, open_request, advisor):
    response = action(signed_in(advisor), open_request, "accept")

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "accepted"
    assert response.json()["conversation"]["id"]
    assert response.json()["can"]["close"] is True


def test_accepting_twice_is_a_wrong_state(signed_in, accepted_request, advisor):
    response = action(signed_in(advisor), accepted_request, "accept")

    assert response.status_code == 400
    assert response.json()["code"] == "wrong_state"


def test_the_member_cannot_accept_their_own_request(signed_in, open_request, member):
    response = action(signed_in(member), open_request, "accept")

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"


def test_the_member_withdraws(signed_in, open_request, member):
    response = action(signed_in(member), open_request, "withdraw")

    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"


def test_the_advisor_closes_and_the_member_says_it_helped(
    signed_in, accepted_request, advisor, member
):
    closed = action(signed_in(advisor), accepted_request, "close")
    answered = action(signed_in(member), accepted_request, "did-it-help", {"helped": True})

    assert closed.status_code == 200
    assert closed.json()["state"] == "closed"
    assert answered.status_code == 200, answered.json()
    assert answered.json()["helped"] is True


def test_did_it_help_needs_an_answer(signed_in, accepted_request, advisor, member):
    close_request(person=advisor, request=accepted_request)

    response = action(signed_in(member), accepted_request, "did-it-help", {})

    assert response.status_code == 400
    assert "helped" in response.json()["fields"]


def test_the_advisor_hands_over_and_the_member_never_sees_the_note(
    signed_in, accepted_request, advisor, member, staff
):
    response = action(
        signed_in(advisor),
        accepted_request,
        "hand-over",
        {"reason": "safeguarding", "note": "They said they feel unsafe at home."},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "open"
    assert response.json()["advisor"] is None
    seen_by_staff = signed_in(staff).get(f"{URL}{accepted_request.pk}/").json()
    assert seen_by_staff["handed_over"]["reason"] == "safeguarding"
    assert seen_by_staff["handed_over"]["note"] == "They said they feel unsafe at home."
    seen_by_member = signed_in(member).get(f"{URL}{accepted_request.pk}/").content.decode()
    assert "unsafe at home" not in seen_by_member


def test_a_request_with_the_staff_says_so_and_its_expiry_is_documented_as_not_applying(
    signed_in, accepted_request, advisor, member, staff
):
    assert signed_in(member).get(f"{URL}{accepted_request.pk}/").json()["with_staff"] is False
    handed = action(
        signed_in(advisor),
        accepted_request,
        "hand-over",
        {"reason": "beyond_training", "note": "Needs a payroll expert."},
    ).json()

    assert (handed["with_staff"], handed["conversation"]) == (True, None)
    assert signed_in(member).get(f"{URL}{accepted_request.pk}/").json()["with_staff"] is True
    schema = SchemaGenerator().get_schema(request=None, public=True)
    fields = schema["components"]["schemas"]["SupportRequest"]["properties"]
    assert "`with_staff`" in fields["expires_at"]["description"]
    assert fields["with_staff"]["type"] == "boolean"


def test_handing_over_with_no_staff_to_pass_it_to_is_refused(signed_in, accepted_request, advisor):
    response = action(
        signed_in(advisor),
        accepted_request,
        "hand-over",
        {"reason": "safeguarding", "note": "They said they feel unsafe at home."},
    )

    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "no_one_to_send_to"
    assert "has no staff on Alongside to pass this to" in response.json()["detail"]
    assert "reason" in response.json()["fields"]
    assert SupportRequest.objects.get().state == "accepted"


def test_handing_over_needs_a_reason_and_a_note(signed_in, accepted_request, advisor):
    response = action(signed_in(advisor), accepted_request, "hand-over", {"reason": "bored"})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"reason", "note"}


def test_staff_reassign_to_another_helper(signed_in, open_request, staff, other_advisor):
    response = action(signed_in(staff), open_request, "reassign", {"helper_id": other_advisor.pk})

    assert response.status_code == 200, response.json()
    assert response.json()["advisor"]["id"] == other_advisor.pk
    assert response.json()["state"] == "open"


def test_a_reassigned_request_leaves_the_old_conversation_and_opens_the_new_pairs(
    signed_in, accepted_request, staff, member, other_advisor
):
    old_room = accepted_request.room
    assert old_room is not None

    reassigned = action(
        signed_in(staff), accepted_request, "reassign", {"helper_id": other_advisor.pk}
    )
    assert reassigned.status_code == 200, reassigned.json()
    assert reassigned.json()["conversation"] is None
    assert signed_in(member).get(f"{URL}{accepted_request.pk}/").json()["conversation"] is None

    accepted = action(signed_in(other_advisor), accepted_request, "accept")
    assert accepted.status_code == 200, accepted.json()
    room = SupportRequest.objects.get(pk=accepted_request.pk).room
    assert room is not None and room.pk != old_room.pk
    assert {p.person_id for p in room.participants.all()} == {member.pk, other_advisor.pk}
    assert accepted.json()["conversation"]["id"] == room.pk


def test_reassigning_to_someone_unknown_names_the_field(signed_in, open_request, staff):
    response = action(signed_in(staff), open_request, "reassign", {"helper_id": 999999})

    assert response.status_code == 400
    assert "helper_id" in response.json()["fields"]


def test_the_advisor_cannot_reassign(signed_in, open_request, advisor, other_advisor):
    response = action(signed_in(advisor), open_request, "reassign", {"helper_id": other_advisor.pk})

    assert response.status_code == 403


def test_the_member_sends_a_withdrawn_request_again(signed_in, open_request, member):
    withdraw_request(member=member, request=open_request)
    client = signed_in(member)
    assert client.get(f"{URL}{open_request.pk}/").json()["can"]["send_again"] is True

    response = action(client, open_request, "send-again")

    assert response.status_code == 201, response.json()
    assert response.json()["id"] != open_request.pk
    assert response.json()["state"] == "open"
    assert response.json()["body"] == open_request.body
    # Once: the old request no longer offers it, and a second try is refused.
    assert client.get(f"{URL}{open_request.pk}/").json()["can"]["send_again"] is False
    assert action(client, open_request, "send-again").status_code == 400


def test_an_open_request_cannot_be_sent_again(signed_in, open_request, member):
    response = action(signed_in(member), open_request, "send-again")

    assert response.status_code == 400


def test_a_team_request_is_seen_and_taken_by_any_of_its_helpers(signed_in, member, org, advisor):
    team_request = ask(member, organisation=org)
    colleague = advisor_of(org, display_name="Cal Colleague")

    client = signed_in(colleague)
    assert client.get(f"{URL}{team_request.pk}/").json()["can"]["accept"] is True
    response = action(client, team_request, "accept")

    assert response.status_code == 200
    assert response.json()["advisor"]["id"] == colleague.pk
