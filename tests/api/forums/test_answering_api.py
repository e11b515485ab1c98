"""Questions reach advisors, in the API (issue 13 point 3): "I'm answering this" at
/forums/topics/{id}/answering/ (GET, POST, DELETE), and who is answering on the waiting list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import AnswerClaim
from forums.services.advisors import claim_question
from tests.factories import OrganisationFactory, advisor_of
from tests.forums.fixtures import answer, ask

pytestmark = pytest.mark.django_db

API = "/api/v1/forums"


@pytest.fixture
def second_advisor(db):
    return advisor_of(OrganisationFactory(name="Leeds Carers"), display_name="Jo K")


@pytest.fixture
def waiting(asker, category):
    return ask(asker, category, title="Can I pay my daughter as my PA?", wants_advisor=True)


def _url(topic) -> str:
    return f"{API}/topics/{topic.pk}/answering/"


def test_nobody_is_answering_a_new_question(client, waiting):
    assert client.get(_url(waiting)).json() == {
        "answering": None,
        "can_claim": False,
        "can_withdraw": False,
    }


def test_an_advisor_says_they_are_answering(signed_in, advisor, waiting):
    api = signed_in(advisor)
    assert api.get(_url(waiting)).json()["can_claim"] is True

    response = api.post(_url(waiting))

    assert response.status_code == 201
    body = response.json()
    assert body["answering"]["advisor"] == {"id": advisor.pk, "display_name": "Bev T"}
    claim = AnswerClaim.objects.get(topic=waiting)
    since = datetime.datetime.fromisoformat(body["answering"]["since"])
    until = datetime.datetime.fromisoformat(body["answering"]["shows_until"])
    assert since == claim.claimed_at and until - since == datetime.timedelta(days=2)
    assert body["can_claim"] is False and body["can_withdraw"] is True


def test_everyone_sees_who_is_answering(client, advisor, waiting):
    claim_question(advisor=advisor, topic=waiting)
    body = client.get(_url(waiting)).json()
    assert body["answering"]["advisor"]["display_name"] == "Bev T"
    assert body["can_claim"] is False and body["can_withdraw"] is False


def test_a_second_advisor_is_told_who_was_first(signed_in, advisor, second_advisor, waiting):
    claim_question(advisor=advisor, topic=waiting)
    response = signed_in(second_advisor).post(_url(waiting))
    assert response.status_code == 400
    assert response.json()["code"] == "someone_is_answering"
    assert response.json()["detail"].startswith("Bev T is already answering this question.")


def test_members_cannot_claim_and_visitors_must_sign_in(client, signed_in, replier, waiting):
    assert client.post(_url(waiting)).status_code == 401
    response = signed_in(replier).post(_url(waiting))
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    assert not AnswerClaim.objects.exists()


def test_the_advisor_takes_it_back(signed_in, advisor, waiting):
    claim_question(advisor=advisor, topic=waiting)
    api = signed_in(advisor)
    assert api.delete(_url(waiting)).status_code == 204
    assert api.get(_url(waiting)).json()["answering"] is None
    response = api.delete(_url(waiting))
    assert response.status_code == 400 and response.json()["code"] == "not_answering"


def test_only_the_advisor_who_said_it_can_take_it_back(
    client, signed_in, advisor, second_advisor, waiting
):
    claim_question(advisor=advisor, topic=waiting)
    assert client.delete(_url(waiting)).status_code == 401
    response = signed_in(second_advisor).delete(_url(waiting))
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"


def test_a_members_only_question_is_not_found_by_visitors(
    client, signed_in, advisor, asker, private_category
):
    private = ask(asker, private_category, title="A private question here", wants_advisor=True)
    assert client.get(_url(private)).status_code == 404
    assert client.get(f"{API}/topics/999999/answering/").status_code == 404
    assert signed_in(advisor).post(_url(private)).status_code == 201


def test_the_answering_endpoint_takes_a_fixed_number_of_queries(
    signed_in, advisor, second_advisor, waiting
):
    claim_question(advisor=advisor, topic=waiting)
    api = signed_in(second_advisor)
    api.get(_url(waiting))
    with CaptureQueriesContext(connection) as captured:
        assert api.get(_url(waiting)).status_code == 200
    # Session, person, topic, the claim (someone else's: no need to ask about their role).
    assert len(captured) == 4


# ---- The waiting list ----


def test_the_waiting_list_says_who_is_answering(signed_in, advisor, second_advisor, asker, waiting):
    other = ask(asker, waiting.category, title="Nobody answers me yet", wants_advisor=True)
    claim_question(advisor=advisor, topic=waiting)
    results = signed_in(second_advisor).get(f"{API}/waiting-for-advisor/").json()["results"]
    by_title = {topic["title"]: topic for topic in results}
    assert by_title[waiting.title]["answering"]["advisor"] == {
        "id": advisor.pk,
        "display_name": "Bev T",
    }
    assert by_title[other.title]["answering"] is None


def test_the_claim_leaves_the_waiting_list_with_the_reply(signed_in, advisor, waiting):
    claim_question(advisor=advisor, topic=waiting)
    answer(advisor, waiting)
    results = signed_in(advisor).get(f"{API}/waiting-for-advisor/").json()["results"]
    assert results == []


def test_waiting_list_queries_with_claims_do_not_grow(signed_in, asker, category, rate_limits):
    rate_limits(topic="100/600")
    organisation = OrganisationFactory()
    advisors = [advisor_of(organisation) for _ in range(12)]

    def queries_with(claims: int) -> int:
        for number in range(claims):
            topic = ask(
                asker, category, title=f"Waiting question {claims}-{number}", wants_advisor=True
            )
            claim_question(advisor=advisors[number], topic=topic)
        api = signed_in(advisors[-1])
        with CaptureQueriesContext(connection) as captured:
            assert api.get(f"{API}/waiting-for-advisor/").status_code == 200
        return len(captured)

    assert queries_with(2) == queries_with(10)
