"""POST and GET /api/v1/reports/: reporting a concern and your own reports with outcomes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.safety.models import Report
from community.safety.moderation import act_on_case
from community.safety.reports import report_concern
from tests.factories import PersonFactory
from tests.forums.fixtures import ask

pytestmark = pytest.mark.django_db
REPORTS = "/api/v1/reports/"


def test_signed_out_people_cannot_report(client, post):
    response = client.post(REPORTS, {"kind": "post", "object_id": post.pk, "reason": "spam"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_report_answers_201_without_urgent_help_for_spam(signed_in, member, post):
    response = signed_in(member).post(
        REPORTS, {"kind": "post", "object_id": post.pk, "reason": "spam", "note": "A scam"}
    )

    body = response.json()
    assert response.status_code == 201
    assert body == {
        "id": Report.objects.get().pk,
        "kind": "post",
        "object_id": post.pk,
        "reason": "spam",
        "urgent": False,
        "urgent_help": None,
    }


def test_a_safety_report_is_urgent_and_carries_urgent_help(signed_in, member, event):
    response = signed_in(member).post(
        REPORTS, {"kind": "event", "object_id": event.pk, "reason": "safety"}
    )

    body = response.json()
    assert response.status_code == 201
    assert body["urgent"] is True
    names = [contact["name"] for contact in body["urgent_help"]]
    assert "Samaritans" in names and "Shout" in names


@pytest.mark.parametrize(
    "sent, status, code",
    [
        ({"kind": "recipe", "object_id": 1, "reason": "spam"}, 400, "unknown_kind"),
        ({"kind": "post", "object_id": 999_999, "reason": "spam"}, 400, "not_found"),
        ({"kind": "post", "object_id": "x", "reason": "spam"}, 400, "invalid"),
        ({"kind": "post", "reason": "nonsense"}, 400, "invalid"),
    ],
)
def test_bad_reports_answer_with_a_code(signed_in, member, post, sent, status, code):
    sent = {"object_id": post.pk, **sent}

    response = signed_in(member).post(REPORTS, sent)

    assert response.status_code == status
    assert response.json()["code"] == code


def test_a_long_note_and_a_second_report_have_their_own_codes(signed_in, member, post):
    client = signed_in(member)
    too_long = client.post(
        REPORTS, {"kind": "post", "object_id": post.pk, "reason": "spam", "note": "x" * 1001}
    )
    client.post(REPORTS, {"kind": "post", "object_id": post.pk, "reason": "spam"})
    again = client.post(REPORTS, {"kind": "post", "object_id": post.pk, "reason": "spam"})

    assert too_long.json()["code"] == "note_too_long"
    assert too_long.json()["fields"] == {"note": [too_long.json()["detail"]]}
    assert again.json()["code"] == "already_reported"


def test_own_content_cannot_be_reported(signed_in, asker, post):
    response = signed_in(asker).post(
        REPORTS, {"kind": "post", "object_id": post.pk, "reason": "spam"}
    )

    assert response.json()["code"] == "own_content"


def test_your_reports_list_the_outcome_in_words(signed_in, member, moderator, post):
    report = report_concern(reporter=member, kind="post", object_id=post.pk, reason="spam")
    act_on_case(actor=moderator, case=report.case, action="hide", reason="A scam")

    body = signed_in(member).get(REPORTS).json()

    assert body["count"] == 1
    only = body["results"][0]
    assert (only["kind"], only["state"], only["outcome"]) == ("post", "closed", "hidden")
    assert only["outcome_words"] == "A moderator hid it."
    assert "A scam" not in str(only)


def test_your_reports_take_the_same_queries_however_many(signed_in, member, category):
    client = signed_in(member)

    def report_one():
        topic = ask(PersonFactory(), category)
        report_concern(reporter=member, kind="topic", object_id=topic.pk, reason="unkind")

    report_one()
    with CaptureQueriesContext(connection) as few:
        client.get(REPORTS)
    for _ in range(5):
        report_one()
    with CaptureQueriesContext(connection) as many:
        response = client.get(REPORTS)
    assert response.json()["count"] == 6
    assert len(many.captured_queries) == len(few.captured_queries)
