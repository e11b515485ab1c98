"""What councils have agreed, through the API: the list and its filters, one question's decision
added, changed and removed by those the forum rules allow, stable error codes, and every answer
true to the schema."""

import pytest
import time_machine
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from schemathesis.core import NOT_SET

from forums.models import CouncilDecision
from tests.api.schema_checks import CHECKS, load_schema, served_in_test_transaction
from tests.forums.councils import NOW, answered_question, decision_on
from tests.forums.factories import TopicFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/forums"
SENT = {"council": "calderdale", "outcome": "agreed", "year": 2026, "what_for": "gym membership"}
LIST = "/api/v1/forums/council-decisions/"
ONE = "/api/v1/forums/topics/{id}/council-decision/"


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def answered():
    return answered_question()


def _url(topic) -> str:
    return f"{API}/topics/{topic.pk}/council-decision/"


def test_the_asker_adds_changes_and_removes_it(client, signed_in, answered):
    asker = signed_in(answered.author)

    added = asker.post(_url(answered), SENT)
    assert added.status_code == 201
    body = added.json()
    assert {key: body[key] for key in ("council", "council_name", "outcome", "year")} == {
        "council": "calderdale",
        "council_name": "Calderdale",
        "outcome": "agreed",
        "year": 2026,
    }
    assert body["topic"] == {
        "id": answered.pk,
        "title": answered.title,
        "url": answered.get_absolute_url(),
    }
    assert (body["what_for"], body["share_council"]) == ("gym membership", False)

    changed = asker.patch(_url(answered), {"outcome": "partly", "what_for": "Gym  Membership."})
    assert changed.status_code == 200
    assert (changed.json()["outcome"], changed.json()["what_for_key"]) == (
        "partly",
        "gym membership",
    )
    assert client.get(_url(answered)).json()["year"] == 2026

    assert asker.delete(_url(answered)).status_code == 204
    gone = client.get(_url(answered))
    assert (gone.status_code, gone.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize(
    ("who", "sent", "status", "code"),
    [
        ("visitor", SENT, 401, "not_authenticated"),
        ("member", SENT, 403, "not_allowed"),
        ("asker", {**SENT, "year": 2027}, 400, "year_in_future"),
        ("asker", {**SENT, "year": 1990}, 400, "year_too_early"),
        ("asker", {**SENT, "what_for": " . "}, 400, "what_for_empty"),
        ("asker", {**SENT, "what_for": "x" * 81}, 400, "what_for_too_long"),
        ("asker", {**SENT, "council": "atlantis"}, 400, "invalid"),
    ],
)
def test_a_refusal_has_a_stable_code(client, signed_in, answered, member, who, sent, status, code):
    person = {"visitor": None, "member": member, "asker": answered.author}[who]
    caller = signed_in(person) if person else client
    response = caller.post(_url(answered), sent)
    assert (response.status_code, response.json()["code"]) == (status, code)
    if status == 400 and code != "invalid":
        assert list(response.json()["fields"]) in (["year"], ["what_for"])
    assert not CouncilDecision.objects.exists()


def test_before_an_answer_and_twice_are_refused_with_their_codes(signed_in):
    unanswered = TopicFactory()
    refused = signed_in(unanswered.author).post(_url(unanswered), SENT)
    assert (refused.status_code, refused.json()["code"]) == (400, "question_not_answered")

    answered = answered_question()
    decision_on(answered)
    again = signed_in(answered.author).post(_url(answered), SENT)
    assert (again.status_code, again.json()["code"]) == (400, "council_decision_exists")


def test_a_trained_advisor_adds_it_but_only_for_a_question_asked_with_a_name(signed_in, advisor):
    named, unnamed = answered_question(), answered_question(anonymous=True)
    advisor_client = signed_in(advisor)
    assert advisor_client.post(_url(named), SENT).status_code == 201
    refused = advisor_client.post(_url(unnamed), SENT)
    assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed")


def test_a_council_kept_private_is_null_for_others_and_never_found_by_council(
    client, signed_in, moderator
):
    unnamed = answered_question(anonymous=True)
    decision_on(unnamed, council="calderdale")
    decision_on(answered_question(), council="calderdale", what_for="swimming")

    listed = client.get(LIST).json()["results"]
    by_council = client.get(LIST, {"council": "calderdale"}).json()["results"]

    private = next(d for d in listed if d["topic"]["id"] == unnamed.pk)
    assert (private["council"], private["council_name"]) == (None, None)
    assert "share_council" not in private and "author" not in private
    assert [d["what_for"] for d in by_council] == ["swimming"]
    assert client.get(_url(unnamed)).json()["council"] is None
    assert signed_in(unnamed.author).get(_url(unnamed)).json()["council"] == "calderdale"
    refused = signed_in(moderator).patch(_url(unnamed), {"share_council": True})
    assert (refused.status_code, refused.json()["code"]) == (400, "only_asker_shares_council")


def test_the_list_finds_by_what_for_in_any_case(client):
    decision_on(answered_question(), what_for="Gym membership")
    decision_on(answered_question(), what_for="Swimming")
    found = client.get(LIST, {"for": "GYM"}).json()
    assert (found["count"], found["results"][0]["what_for"]) == (1, "Gym membership")


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_list_takes_the_same_queries_for_3_or_30(client, django_assert_num_queries, how_many):
    for _ in range(how_many):
        decision_on(answered_question())
    # The count for the page numbers, then the page of decisions with their questions.
    with django_assert_num_queries(2):
        assert client.get(LIST).status_code == 200


def test_the_endpoints_are_in_the_valid_schema(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate(schema)
    assert set(schema["paths"][LIST]) == {"get"}
    assert set(schema["paths"][ONE]) == {"get", "post", "patch", "delete"}


@pytest.fixture
def api_schema(db):
    with served_in_test_transaction():
        yield load_schema()


def _answer(api_schema, method, path, *, person=None, topic=None, query=None, body=NOT_SET):
    """Send one request through schemathesis and check the answer against the schema."""
    case = api_schema[path][method].Case(
        path_parameters={"id": topic.pk} if topic else None,
        query=query,
        body=body,
        media_type=None if body is NOT_SET else "application/json",
    )
    headers = {}
    if person is not None:
        headers["Authorization"] = f"Token {Token.objects.get_or_create(user=person)[0].key}"
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    return response


def test_every_answer_is_true_to_the_schema(api_schema, member):
    unnamed = answered_question(anonymous=True)
    decision_on(unnamed)
    topic = answered_question()
    asker = topic.author

    assert _answer(api_schema, "GET", LIST).status_code == 200
    filtered = _answer(api_schema, "GET", LIST, query={"council": "leeds", "for": "gym"})
    assert filtered.status_code == 200
    assert _answer(api_schema, "GET", LIST, query={"council": "atlantis"}).status_code == 400
    assert _answer(api_schema, "GET", ONE, topic=unnamed).json()["council"] is None
    assert _answer(api_schema, "GET", ONE, topic=topic).status_code == 404
    assert _answer(api_schema, "POST", ONE, topic=topic, body=SENT).status_code == 401
    assert (
        _answer(api_schema, "POST", ONE, person=member, topic=topic, body=SENT).status_code == 403
    )
    late = {**SENT, "year": 2030}
    assert _answer(api_schema, "POST", ONE, person=asker, topic=topic, body=late).status_code == 400
    assert _answer(api_schema, "POST", ONE, person=asker, topic=topic, body=SENT).status_code == 201
    change = {"outcome": "refused"}
    changed = _answer(api_schema, "PATCH", ONE, person=asker, topic=topic, body=change)
    assert changed.status_code == 200
    assert _answer(api_schema, "DELETE", ONE, person=asker, topic=topic).status_code == 204
