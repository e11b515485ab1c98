"""The moderation API: the queue, a case, acting on cases and people, and the audit log, for
each role (visitor, member, the organisation's staff, another organisation's staff, moderator)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import AuditLogEntry, User
from community.safety.models import Case
from community.safety.reports import report_concern
from community.safety.visibility import Visibility
from community.services.audit import record
from forums.models import Post
from tests.factories import PersonFactory
from tests.forums.fixtures import answer, ask

pytestmark = pytest.mark.django_db
CASES = "/api/v1/moderation/cases/"
AUDIT = "/api/v1/moderation/audit-log/"


def reported(kind, object_id, reason="spam"):
    return report_concern(
        reporter=PersonFactory(), kind=kind, object_id=object_id, reason=reason
    ).case


def test_the_queue_refuses_visitors_and_members(client, signed_in, member):
    assert client.get(CASES).status_code == 401
    response = signed_in(member).get(CASES)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_moderators_see_every_case_urgent_first_with_reasons(signed_in, moderator, post, event):
    reported("post", post.pk)
    reported("event", event.pk, reason="safety")

    body = signed_in(moderator).get(CASES).json()

    assert [case["kind"] for case in body] == ["event", "post"]
    assert body[0]["urgent"] is True
    assert body[1]["reasons"] == [{"reason": "spam", "count": 1}]
    assert body[1]["visibility"] == "shown"


def test_staff_see_their_own_organisations_cases_only(signed_in, staff, other_staff, post, event):
    reported("post", post.pk)
    reported("event", event.pk)

    assert [case["kind"] for case in signed_in(staff).get(CASES).json()] == ["event"]
    assert signed_in(other_staff).get(CASES).json() == []


def test_the_queue_filters_by_urgency_and_kind(signed_in, moderator, post, event):
    reported("post", post.pk)
    reported("event", event.pk, reason="safety")
    client = signed_in(moderator)

    assert [c["kind"] for c in client.get(CASES, {"urgent": "true"}).json()] == ["event"]
    assert [c["kind"] for c in client.get(CASES, {"kind": "post"}).json()] == ["post"]


def test_the_queue_takes_the_same_queries_however_many_cases(signed_in, moderator, category):
    client = signed_in(moderator)

    def one_case():
        reported("post", answer(PersonFactory(), ask(PersonFactory(), category)).pk)

    one_case()
    with CaptureQueriesContext(connection) as few:
        client.get(CASES)
    for _ in range(5):
        one_case()
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(CASES).json()) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_case_lists_reports_and_the_actions_you_may_take(signed_in, moderator, staff, event):
    case = reported("event", event.pk)

    for_moderator = signed_in(moderator).get(f"{CASES}{case.pk}/").json()
    for_staff = signed_in(staff).get(f"{CASES}{case.pk}/").json()

    assert len(for_moderator["reports"]) == 1 and for_moderator["reports"][0]["reason"] == "spam"
    assert "hide" in for_staff["actions"] and "move" not in for_staff["actions"]


def test_another_organisations_staff_cannot_find_a_case(signed_in, other_staff, event):
    case = reported("event", event.pk)

    assert signed_in(other_staff).get(f"{CASES}{case.pk}/").status_code == 404
    response = signed_in(other_staff).post(
        f"{CASES}{case.pk}/actions/", {"action": "hide", "reason": "No"}
    )
    assert response.status_code == 404


def test_hiding_needs_a_reason(signed_in, moderator, post):
    case = reported("post", post.pk)

    response = signed_in(moderator).post(
        f"{CASES}{case.pk}/actions/", {"action": "hide", "reason": " "}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "reason_needed"
    assert response.json()["fields"] == {"reason": [response.json()["detail"]]}


def test_a_moderator_hides_a_post_and_the_audit_log_says_so(signed_in, moderator, post):
    case = reported("post", post.pk)

    response = signed_in(moderator).post(
        f"{CASES}{case.pk}/actions/", {"action": "hide", "reason": "A scam"}
    )

    assert response.status_code == 200
    assert response.json()["state"] == "closed" and response.json()["outcome"] == "hidden"
    assert response.json()["actions"] == []
    assert Post.objects.get(pk=post.pk).visibility == Visibility.HIDDEN
    entries = signed_in(moderator).get(AUDIT, {"action": "safety.case.hide"}).json()
    assert entries["count"] == 1
    assert entries["results"][0]["data"]["reason"] == "A scam"
    assert entries["results"][0]["actor"]["display_name"] == "Mo Moderator"


def test_acting_on_a_closed_case_says_so(signed_in, moderator, post):
    case = reported("post", post.pk)
    client = signed_in(moderator)
    client.post(f"{CASES}{case.pk}/actions/", {"action": "dismiss", "reason": "Fine"})

    again = client.post(f"{CASES}{case.pk}/actions/", {"action": "hide", "reason": "Oops"})

    assert again.status_code == 400 and again.json()["code"] == "case_closed"


def test_staff_cannot_move_a_topic(signed_in, staff, event):
    case = reported("event", event.pk)

    response = signed_in(staff).post(
        f"{CASES}{case.pk}/actions/", {"action": "move", "reason": "Wrong place"}
    )

    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).state == Case.State.OPEN


def test_only_moderators_act_on_people(signed_in, moderator, staff, member):
    url = f"/api/v1/moderation/people/{member.pk}/actions/"

    refused = signed_in(staff).post(url, {"action": "ban", "reason": "No"})
    no_days = signed_in(moderator).post(url, {"action": "suspend", "reason": "Spamming"})
    done = signed_in(moderator).post(url, {"action": "suspend", "days": 7, "reason": "Spamming"})

    assert refused.status_code == 403
    assert no_days.status_code == 400 and no_days.json()["code"] == "days_needed"
    assert done.status_code == 200
    assert done.json()["suspended_until"] is not None and done.json()["bar_reason"] == "Spamming"
    assert User.objects.get(pk=member.pk).suspended_until is not None
    assert (
        signed_in(moderator)
        .post("/api/v1/moderation/people/999999/actions/", {"action": "warn", "reason": "x"})
        .status_code
        == 404
    )


def test_the_audit_log_is_for_moderators_and_filters(signed_in, moderator, staff, member):
    record(actor=moderator, action="safety.case.hide", subject=member, reason="A scam")
    record(actor=member, action="forums.topic.started", subject=member)
    assert signed_in(staff).get(AUDIT).status_code == 403
    client = signed_in(moderator)
    by_actor = client.get(AUDIT, {"actor": member.pk}).json()
    assert [e["action"] for e in by_actor["results"]] == ["forums.topic.started"]
    by_subject = client.get(AUDIT, {"subject_type": "community.user", "subject_id": member.pk})
    assert by_subject.json()["count"] == 2
    assert client.get(AUDIT, {"since": "2999-01-01"}).json()["count"] == 0
    assert client.get(AUDIT, {"since": "not a date"}).json()["code"] == "invalid"


def test_the_audit_log_takes_the_same_queries_however_many_entries(signed_in, moderator, member):
    client = signed_in(moderator)
    record(actor=moderator, action="safety.case.hide", subject=member)
    with CaptureQueriesContext(connection) as few:
        client.get(AUDIT)
    for _ in range(10):
        record(actor=PersonFactory(), action="safety.case.hide", subject=member)
    with CaptureQueriesContext(connection) as many:
        assert client.get(AUDIT).json()["count"] == 11
    assert len(many.captured_queries) == len(few.captured_queries)
    assert AuditLogEntry.objects.count() == 11
