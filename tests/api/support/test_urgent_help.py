"""Asking for help through the API when the words suggest the member may be at risk: the request
is sent as usual, moderators are told, and the answer carries `urgent_help` (null otherwise).
A request hidden by moderation is a 404 for the helper it went to."""

from community.safety.models import Case
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from tests.api.support.conftest import API, ask

URL = f"{API}/support-requests/"


def test_asking_with_words_of_risk_answers_with_urgent_help(signed_in, member, advisor, staff):
    response = signed_in(member).post(
        URL,
        {
            "body": "Paying my PA is too much. I want to die some days.",
            "wants": "one_off",
            "advisor_id": advisor.pk,
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "open"
    names = [contact["name"] for contact in body["urgent_help"]]
    assert names[:4] == ["Emergency services", "NHS 111", "Samaritans", "Shout"]
    assert set(body["urgent_help"][0]) == {"name", "how", "when"}
    assert Case.objects.get(kind="support_request", object_id=body["id"]).urgent


def test_an_ordinary_request_answers_with_no_urgent_help(signed_in, member, advisor):
    response = signed_in(member).post(
        URL, {"body": "How do I pay a PA?", "wants": "one_off", "advisor_id": advisor.pk}
    )
    assert response.status_code == 201
    assert response.json()["urgent_help"] is None
    assert "urgent_help" not in signed_in(member).get(f"{URL}{response.json()['id']}/").json()


def test_a_hidden_request_is_not_found_for_its_helper_but_kept_for_the_member(
    client, member, advisor
):
    request = ask(member, advisor=advisor)
    reportable_kind("support_request").set_visibility(request.pk, Visibility.HIDDEN, None)

    client.force_login(advisor)
    assert client.get(f"{URL}{request.pk}/").status_code == 404
    client.force_login(member)
    assert client.get(f"{URL}{request.pk}/").status_code == 200
