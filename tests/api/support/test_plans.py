"""/api/v1/plans/: the member's own plan, sections and their history, comments, sharing and
planning sessions. A plan someone may not see is a 404."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from community.models import Notification
from community.safety.services import block_person
from community.support.models import Plan, PlanRevision
from community.support.services.plans import (
    book_planning_session,
    comment_on_plan,
    share_plan,
    start_plan,
)
from tests.api.support.conftest import API, ask, list_for
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of

URL = f"{API}/plans/"
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan_request(member, advisor):
    from community.support.services.requests import accept_request

    return accept_request(person=advisor, request=ask(member, advisor=advisor, wants="plan"))


@pytest.fixture
def plan(member, plan_request):
    return start_plan(owner=member, request=plan_request)


def test_a_member_starts_a_plan_of_their_own(signed_in, member):
    response = signed_in(member).post(URL, {"title": "My plan for 2026"})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["title"] == "My plan for 2026"
    assert body["partner"] is None
    assert [section["part"] for section in body["sections"]] == [
        "about_me", "important", "change", "budget", "who_helps", "if_wrong",
    ]  # fmt: skip
    assert body["can"] == {"edit": True, "comment": True, "share": True, "book_session": False}


def test_a_plan_from_a_request_has_its_advisor_as_partner(signed_in, member, plan_request, advisor):
    response = signed_in(member).post(URL, {"request_id": plan_request.pk})

    assert response.status_code == 201, response.json()
    assert response.json()["partner"]["id"] == advisor.pk
    assert response.json()["request"] == plan_request.pk


def test_a_plan_from_someone_elses_request_is_refused(signed_in, stranger, plan_request):
    response = signed_in(stranger).post(URL, {"request_id": plan_request.pk})

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_request"
    assert "request_id" in response.json()["fields"]


def test_the_list_holds_my_plans_and_those_i_partner(signed_in, plan, member, advisor, stranger):
    assert [row["id"] for row in signed_in(member).get(URL).json()["results"]] == [plan.pk]
    assert [row["id"] for row in signed_in(advisor).get(URL).json()["results"]] == [plan.pk]
    assert signed_in(stranger).get(URL).json()["results"] == []


@pytest.mark.parametrize("who", ["stranger", "other_advisor", "other_staff", "moderator"])
def test_anyone_else_gets_a_404_everywhere(signed_in, plan, who, request):
    client = signed_in(request.getfixturevalue(who))
    base = f"{URL}{plan.pk}/"

    answers = [
        client.get(base),
        client.put(f"{base}sections/about_me/", {"body": "x"}),
        client.get(f"{base}sections/about_me/history/"),
        client.post(f"{base}comments/", {"body": "x"}),
        client.post(f"{base}comments/1/resolve/"),
        client.get(f"{base}shares/"),
        client.delete(f"{base}shares/1/"),
        client.post(
            f"{base}sessions/", {"starts": "2026-03-10T10:00:00Z", "minutes": 60, "way": "chat"}
        ),
        client.post(f"{base}sessions/1/cancel/"),
        client.put(f"{base}partner/", {"person_id": 1}),
        client.delete(f"{base}partner/"),
    ]

    assert [answer.status_code for answer in answers] == [404] * len(answers)
    assert answers[0].json()["code"] == "not_found"


def test_the_member_edits_a_section_and_every_version_is_kept(signed_in, plan, member):
    client = signed_in(member)
    client.put(f"{URL}{plan.pk}/sections/about_me/", {"body": "I live in Leeds."})
    response = client.put(f"{URL}{plan.pk}/sections/about_me/", {"body": "I live in **Leeds**."})

    assert response.status_code == 200, response.json()
    assert response.json()["part"] == "about_me"
    assert "<strong>Leeds</strong>" in response.json()["body_html"]
    history = client.get(f"{URL}{plan.pk}/sections/about_me/history/").json()["results"]
    assert [row["body"] for row in history] == ["I live in **Leeds**.", "I live in Leeds."]


def test_the_partner_cannot_edit_but_can_read_history(signed_in, plan, advisor):
    client = signed_in(advisor)

    response = client.put(f"{URL}{plan.pk}/sections/about_me/", {"body": "Changed"})

    assert response.status_code == 403
    assert client.get(f"{URL}{plan.pk}/sections/about_me/history/").status_code == 200
    assert not PlanRevision.objects.exists()


def test_an_unknown_section_is_a_404_and_a_long_one_a_400(signed_in, plan, member):
    client = signed_in(member)

    assert client.put(f"{URL}{plan.pk}/sections/hobbies/", {"body": "x"}).status_code == 404
    assert client.get(f"{URL}{plan.pk}/sections/hobbies/history/").status_code == 404
    too_long = client.put(f"{URL}{plan.pk}/sections/about_me/", {"body": "x" * 10001})
    assert too_long.status_code == 400
    assert "body" in too_long.json()["fields"]


def test_the_partner_comments_and_the_member_resolves(signed_in, plan, member, advisor):
    commented = signed_in(advisor).post(
        f"{URL}{plan.pk}/comments/", {"body": "Add your PA's hours?", "part": "budget"}
    )

    assert commented.status_code == 201, commented.json()
    assert commented.json()["part"] == "budget"
    assert commented.json()["resolved_at"] is None
    comment_id = commented.json()["id"]

    resolved = signed_in(member).post(f"{URL}{plan.pk}/comments/{comment_id}/resolve/")

    assert resolved.status_code == 200, resolved.json()
    assert resolved.json()["resolved_at"] is not None
    detail = signed_in(member).get(f"{URL}{plan.pk}/").json()
    assert detail["comments"][0]["part"] == "budget"


def test_an_empty_comment_is_a_400(signed_in, plan, advisor):
    response = signed_in(advisor).post(f"{URL}{plan.pk}/comments/", {"body": ""})

    assert response.status_code == 400
    assert "body" in response.json()["fields"]


def test_the_partner_cannot_resolve_the_members_comment(signed_in, plan, member, advisor):
    comment = comment_on_plan(person=member, plan=plan, body="Note to self")

    response = signed_in(advisor).post(f"{URL}{plan.pk}/comments/{comment.pk}/resolve/")

    assert response.status_code == 403


def test_the_member_shares_and_unshares(signed_in, plan, member, stranger):
    client = signed_in(member)

    shared = client.post(f"{URL}{plan.pk}/shares/", {"person_id": stranger.pk, "can_comment": True})

    assert shared.status_code == 201, shared.json()
    assert shared.json()["person"]["id"] == stranger.pk
    assert [row["person"]["id"] for row in client.get(f"{URL}{plan.pk}/shares/").json()] == [
        stranger.pk
    ]
    assert signed_in(stranger).get(f"{URL}{plan.pk}/").status_code == 200

    # One test client: signing the stranger in signed the member out.
    removed = signed_in(member).delete(f"{URL}{plan.pk}/shares/{stranger.pk}/")

    assert removed.status_code == 204
    assert signed_in(stranger).get(f"{URL}{plan.pk}/").status_code == 404


def test_only_the_member_manages_sharing(signed_in, plan, member, advisor, stranger):
    share_plan(owner=member, plan=plan, person=stranger)
    client = signed_in(advisor)

    assert client.get(f"{URL}{plan.pk}/shares/").status_code == 403
    assert client.post(f"{URL}{plan.pk}/shares/", {"person_id": stranger.pk}).status_code == 403
    assert client.delete(f"{URL}{plan.pk}/shares/{stranger.pk}/").status_code == 403


def test_sharing_with_someone_unknown_names_the_field(signed_in, plan, member):
    response = signed_in(member).post(f"{URL}{plan.pk}/shares/", {"person_id": 999999})

    assert response.status_code == 400
    assert "person_id" in response.json()["fields"]


def test_a_session_is_booked_and_called_off(signed_in, plan, member, advisor):
    client = signed_in(member)
    booked = client.post(
        f"{URL}{plan.pk}/sessions/",
        {"starts": "2026-03-10T10:00:00Z", "minutes": 60, "way": "in_person", "where": "Café"},
    )

    assert booked.status_code == 201, booked.json()
    assert booked.json()["ends"] == "2026-03-10T11:00:00Z"
    assert booked.json()["where"] == "Café"  # the one who booked is one of the two meeting
    session_id = booked.json()["id"]

    cancelled = signed_in(advisor).post(f"{URL}{plan.pk}/sessions/{session_id}/cancel/")

    assert cancelled.status_code == 200, cancelled.json()
    assert cancelled.json()["cancelled_at"] is not None


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"starts": "9999-12-31T23:00:00Z", "minutes": 60, "way": "chat"}, "starts"),
        ({"starts": "2026-03-10T10:00:00Z", "minutes": 5, "way": "chat"}, "minutes"),
        ({"starts": "2026-03-10T10:00:00Z", "minutes": 60, "way": "pigeon"}, "way"),
    ],
)
def test_a_wrong_session_is_a_400_naming_the_field(signed_in, plan, member, sent, field):
    response = signed_in(member).post(f"{URL}{plan.pk}/sessions/", sent)

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_a_plan_without_a_partner_has_no_sessions(signed_in, member):
    own = start_plan(owner=member)

    response = signed_in(member).post(
        f"{URL}{own.pk}/sessions/", {"starts": "2026-03-10T10:00:00Z", "minutes": 60, "way": "chat"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "not_partner"
    assert Plan.objects.get().updated <= timezone.now()


# --- The planning partner -------------------------------------------------------------------


def test_the_member_stops_their_partner_seeing_the_plan(signed_in, plan, member, advisor):
    response = signed_in(member).delete(f"{URL}{plan.pk}/partner/")

    assert response.status_code == 204
    assert Plan.objects.get(pk=plan.pk).partner is None
    gone = signed_in(advisor).get(f"{URL}{plan.pk}/")
    assert gone.status_code == 404 and gone.json()["code"] == "not_found"
    assert signed_in(member).delete(f"{URL}{plan.pk}/partner/").status_code == 204  # again


def test_stopping_the_partner_stops_their_organisations_staff_too(signed_in, plan, member, org):
    staff = staff_of(org)
    assert signed_in(staff).get(f"{URL}{plan.pk}/").status_code == 200

    assert signed_in(member).delete(f"{URL}{plan.pk}/partner/").status_code == 204

    gone = signed_in(staff).get(f"{URL}{plan.pk}/")
    assert gone.status_code == 404 and gone.json()["code"] == "not_found"
    body = signed_in(member).get(f"{URL}{plan.pk}/").json()
    assert body["organisation"]["name"] == org.name and body["organisation_can_see"] is False


def test_the_member_decides_whether_the_organisations_staff_read_the_plan(
    signed_in, plan, member, advisor, org
):
    staff = staff_of(org)
    access = f"{URL}{plan.pk}/organisation-access/"

    turned_off = signed_in(member).put(access, {"organisation_can_see": False}, format="json")

    assert turned_off.status_code == 200 and turned_off.json()["organisation_can_see"] is False
    assert signed_in(staff).get(f"{URL}{plan.pk}/").status_code == 404
    assert (
        signed_in(member).put(access, {"organisation_can_see": True}, format="json").status_code
        == 200
    )
    assert signed_in(staff).get(f"{URL}{plan.pk}/").status_code == 200
    # Only the member: the partner is refused, others do not find the plan, nonsense is a 400.
    assert (
        signed_in(advisor)
        .put(access, {"organisation_can_see": False}, format="json")
        .json()["code"]
        == "not_allowed"
    )
    assert (
        signed_in(PersonFactory()).put(access, {"organisation_can_see": False}).status_code == 404
    )
    refused = signed_in(member).put(access, {"organisation_can_see": "perhaps"}, format="json")
    assert refused.status_code == 400


def test_the_member_chooses_a_new_partner(signed_in, plan, member, advisor, org):
    newcomer = advisor_of(org, display_name="Nia New")

    response = signed_in(member).put(f"{URL}{plan.pk}/partner/", {"person_id": newcomer.pk})

    assert response.status_code == 200, response.json()
    assert response.json()["partner"] == {"id": newcomer.pk, "display_name": "Nia New"}
    assert Notification.objects.filter(recipient=newcomer, kind="support.plan_shared").exists()
    assert signed_in(newcomer).get(f"{URL}{plan.pk}/").status_code == 200
    assert signed_in(advisor).get(f"{URL}{plan.pk}/").status_code == 404


def test_a_partner_from_elsewhere_brings_their_organisation_switched_off(signed_in, plan, member):
    elsewhere = OrganisationFactory(name="Elsewhere ULO")
    newcomer = advisor_of(elsewhere)

    body = signed_in(member).put(f"{URL}{plan.pk}/partner/", {"person_id": newcomer.pk}).json()

    assert body["organisation"]["name"] == "Elsewhere ULO"
    assert body["organisation_can_see"] is False


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("member of the public", "not_a_helper"),
        ("unlisted helper", "not_a_helper"),
        ("blocked", "blocked"),
        ("closed", "unknown_person"),
    ],
)
def test_someone_who_cannot_be_chosen_is_a_400_naming_person_id(
    signed_in, plan, member, advisor, org, who, code
):
    person = {
        "member of the public": lambda: PersonFactory(),
        "unlisted helper": lambda: advisor_of(org),
        "blocked": lambda: advisor_of(org),
        "closed": lambda: advisor_of(org, is_active=False),
    }[who]()
    if who == "blocked":
        block_person(blocker=person, blocked=member)
    if who == "unlisted helper":  # takes requests through their team, not chosen by name
        list_for(person, listed=False)

    response = signed_in(member).put(f"{URL}{plan.pk}/partner/", {"person_id": person.pk})

    assert response.status_code == 400, response.json()
    assert response.json()["code"] == code
    assert "person_id" in response.json()["fields"]
    assert Plan.objects.get(pk=plan.pk).partner == advisor


def test_a_missing_person_id_is_a_400(signed_in, plan, member):
    response = signed_in(member).put(f"{URL}{plan.pk}/partner/", {})
    assert response.status_code == 400
    assert "person_id" in response.json()["fields"]


def test_only_the_member_changes_the_partner(signed_in, plan, member, advisor, org, stranger):
    share_plan(owner=member, plan=plan, person=stranger)
    newcomer = advisor_of(org)
    for who in (advisor, stranger):
        client = signed_in(who)
        refused = client.put(f"{URL}{plan.pk}/partner/", {"person_id": newcomer.pk})
        assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
        assert client.delete(f"{URL}{plan.pk}/partner/").status_code == 403
    assert Plan.objects.get(pk=plan.pk).partner == advisor


# --- Where a session is ---------------------------------------------------------------------


def test_only_the_two_meeting_see_where_a_session_is(signed_in, plan, member, advisor, staff):
    reader = PersonFactory()
    share_plan(owner=member, plan=plan, person=reader)
    book_planning_session(
        person=member, plan=plan, starts=NOW + datetime.timedelta(days=2), minutes=60,
        way="in_person", where="12 Mill Lane, Leeds",
    )  # fmt: skip

    for who in (member, advisor):
        [session] = signed_in(who).get(f"{URL}{plan.pk}/").json()["sessions"]
        assert session["where"] == "12 Mill Lane, Leeds"
    for who in (reader, staff):
        response = signed_in(who).get(f"{URL}{plan.pk}/")
        [session] = response.json()["sessions"]
        assert session["where"] is None and session["way"] == "in_person"
        assert "Mill Lane" not in response.content.decode()
