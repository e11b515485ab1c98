"""Who may do what with a support request and a support plan, in one table, asked three ways:
through the domain (the predicates and the services every door uses), through the pages, and
through the API. Then the places a request or plan could leak: notifications, "My help", lists
and the personal calendar feed.

Nobody sees what they should not: to a person who may not see a request or a plan it does not
exist (404, never 403), and a visitor who is not signed in is sent to log in (pages) or refused
(API: 401, 403 or 404).
"""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from community.errors import CommunityError, NotAllowed
from community.models import Notification
from community.support import permissions, plan_permissions
from community.support.models import (
    Listing,
    Plan,
    PlanComment,
    PlanningSession,
    PlanSection,
    PlanShare,
    SupportRequest,
)
from community.support.plan_selectors import plan_for
from community.support.selectors import request_for
from community.support.services import plans as plan_services
from community.support.services import requests as request_services
from community.support.services.listings import update_listing
from events.feeds import personal_feed
from events.services.feeds import regenerate_feed_token
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of
from tests.forums.factories import TopicFactory

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------------------------------------
# The people. "advisor" is the one the member chose (and so the plan's partner); "colleague" is
# another helper of the same organisation, "other_advisor" a helper of another organisation.
ACTORS = [
    "member",
    "another_member",
    "advisor",
    "colleague",
    "other_advisor",
    "staff",
    "other_staff",
    "moderator",
    "visitor",
]
THOSE_WHO_SEE = {"member", "advisor", "staff"}

# Requests. Each action: the state the request is in when it is tried, and who may do it.
#   open      sent to the chosen advisor, nobody has answered
#   team      sent to the organisation's team, nobody has taken it
#   accepted  the advisor said yes; closed: then it was closed; withdrawn: the member took it back
#   handed_over  accepted, then the advisor handed it to the staff: theirs alone until they give
#             it to someone (the colleague, when they reassign it)
WITH_THE_STAFF = {"member", "staff"}
REQUEST_MATRIX = {
    #  action                   state        who may
    "see": ("open", THOSE_WHO_SEE),
    "see once accepted": ("accepted", THOSE_WHO_SEE),
    "see a team request": ("team", {"member", "advisor", "colleague", "staff"}),
    "accept": ("open", {"advisor"}),
    "accept a team request": ("team", {"advisor", "colleague"}),
    "withdraw": ("open", {"member"}),
    "close": ("accepted", {"member", "advisor"}),
    "hand over": ("accepted", {"advisor"}),
    "reassign": ("open", {"staff"}),
    "answer did it help": ("closed", {"member"}),
    "send again": ("withdrawn", {"member"}),
    "see a handed-over request": ("handed_over", WITH_THE_STAFF),
    "accept a handed-over request": ("handed_over", set()),
    "reassign a handed-over request": ("handed_over", {"staff"}),
}

# Plans: started from the accepted request (the advisor is the partner, the organisation's staff
# may read it until the member says no), with one comment from the partner.
PLAN_MATRIX = {
    #  action                   who may
    "see": THOSE_WHO_SEE,
    "edit a section": {"member"},
    "comment": {"member", "advisor"},
    "resolve a comment": {"member", "advisor"},  # the member, or whoever wrote it (the partner)
    "share": {"member"},
    "book a session": {"member", "advisor"},
    "print": THOSE_WHO_SEE,
    "download html": THOSE_WHO_SEE,
    "download txt": THOSE_WHO_SEE,
    "change the partner": {"member"},  # stopping them (or choosing another) is the member's
    "see where a session is": {"member", "advisor"},  # the two meeting; staff read the rest
    "start a plan from the request": {"member"},
}

REQUEST_WORDS = "Private: my PA keeps missing shifts and I do not know my rights."
PLAN_WORDS = "Private: I need help with washing in the mornings."
COMMENT_WORDS = "Private: could you say more about the mornings?"
HAND_OVER_WORDS = "Private: she told me she is frightened of her PA."
SESSION_PLACE = "Private: 12 Mill Lane, Hebden Bridge"


def cases(matrix: dict) -> list[tuple[str, str]]:
    return [(action, actor) for action in matrix for actor in ACTORS]


def case_id(value) -> str:
    return str(value).replace(" ", "-")


# ---------------------------------------------------------------------------------------------
# The cast, and requests and plans in each state, made through the services themselves.


class Cast:
    def __init__(self):
        self.organisation = OrganisationFactory(verified=True, name="Calder Valley ULO")
        self.other_organisation = OrganisationFactory(verified=True, name="Far Away Carers")
        self.people = {
            "member": PersonFactory(display_name="Budget Holder"),
            "another_member": PersonFactory(display_name="Nosy Neighbour"),
            "advisor": advisor_of(self.organisation, display_name="Chosen Advisor"),
            "colleague": advisor_of(self.organisation, display_name="Colleague Advisor"),
            "other_advisor": advisor_of(self.other_organisation, display_name="Other Advisor"),
            "staff": staff_of(self.organisation, display_name="Calder Staff"),
            "other_staff": staff_of(self.other_organisation, display_name="Far Staff"),
            "moderator": PersonFactory(display_name="Site Moderator", is_moderator=True),
            "visitor": AnonymousUser(),
            # Only in the organisation view's rows: a site admin may not read requests either.
            "site_admin": PersonFactory(display_name="Site Admin", is_superuser=True),
        }
        self.grown = 0  # people added to make a list longer

    def __getitem__(self, role: str):
        return self.people[role]

    def request(self, state: str = "open", topic=None) -> SupportRequest:
        to = (
            {"organisation": self.organisation} if state == "team" else {"advisor": self["advisor"]}
        )
        request = request_services.ask_for_help(
            member=self["member"],
            body=REQUEST_WORDS,
            wants=SupportRequest.Wants.PLAN,
            topic=topic,
            **to,
        )
        if state in ("accepted", "closed", "handed_over"):
            request = request_services.accept_request(person=self["advisor"], request=request)
        if state == "handed_over":
            request = request_services.hand_over_request(
                person=self["advisor"],
                request=request,
                reason=SupportRequest.HandOver.SAFEGUARDING,
                note=HAND_OVER_WORDS,
            )
        if state == "closed":
            request = request_services.close_request(person=self["member"], request=request)
        if state == "withdrawn":
            request = request_services.withdraw_request(member=self["member"], request=request)
        request.refresh_from_db()
        assert request.state == {"team": "open", "handed_over": "open"}.get(state, state)
        return request

    def plan(self) -> Plan:
        plan = plan_services.start_plan(owner=self["member"], request=self.request("accepted"))
        plan_services.edit_section(
            person=self["member"], plan=plan, part=PlanSection.Part.ABOUT_ME, body=PLAN_WORDS
        )
        plan_services.comment_on_plan(person=self["advisor"], plan=plan, body=COMMENT_WORDS)
        return plan


@pytest.fixture
def cast():
    return Cast()


def session_start() -> datetime.datetime:
    """Ten o'clock, UK time, a week today: always in the future, never at night."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def book_session_at_home(cast: Cast, plan: Plan) -> PlanningSession:
    """The partner visits the member at home: the address is for the two of them."""
    return plan_services.book_planning_session(
        person=cast["advisor"],
        plan=plan,
        starts=session_start(),
        minutes=60,
        way="in_person",
        where=SESSION_PLACE,
    )


# ---------------------------------------------------------------------------------------------
# 1. The domain: the predicate, and the service that every door calls.

REQUEST_PREDICATES = {
    "see": permissions.can_see_request,
    "see once accepted": permissions.can_see_request,
    "see a team request": permissions.can_see_request,
    "accept": permissions.can_accept_request,
    "accept a team request": permissions.can_accept_request,
    "withdraw": permissions.can_withdraw_request,
    "close": permissions.can_close_request,
    "hand over": permissions.can_hand_over_request,
    "reassign": permissions.can_reassign_request,
    "answer did it help": permissions.can_answer_did_it_help,
    "send again": permissions.can_send_again,
    "see a handed-over request": permissions.can_see_request,
    "accept a handed-over request": permissions.can_accept_request,
    "reassign a handed-over request": permissions.can_reassign_request,
}


def try_request_service(action: str, person, request: SupportRequest, cast: Cast) -> bool:
    """Do it through the service: True if it was done, False if it was refused."""
    services = request_services
    calls = {
        "see": lambda: request_for(viewer=person, request_id=request.pk) is not None,
        "accept": lambda: services.accept_request(person=person, request=request),
        "withdraw": lambda: services.withdraw_request(member=person, request=request),
        "close": lambda: services.close_request(person=person, request=request),
        "hand over": lambda: services.hand_over_request(
            person=person,
            request=request,
            reason=SupportRequest.HandOver.BEYOND_TRAINING,
            note="This needs someone who knows employment law.",
        ),
        "reassign": lambda: services.reassign_request(
            staff=person, request=request, helper=cast["colleague"]
        ),
        "answer did it help": lambda: services.answer_did_it_help(
            member=person, request=request, helped=True
        ),
        "send again": lambda: services.send_again(member=person, request=request),
    }
    calls["see once accepted"] = calls["see a team request"] = calls["see"]
    calls["see a handed-over request"] = calls["see"]
    calls["accept a team request"] = calls["accept a handed-over request"] = calls["accept"]
    calls["reassign a handed-over request"] = calls["reassign"]
    return _refused_or_done(calls[action])


@pytest.mark.parametrize(("action", "actor"), cases(REQUEST_MATRIX), ids=case_id)
def test_request_predicates_and_services_follow_the_matrix(cast, action, actor):
    state, allowed = REQUEST_MATRIX[action]
    request = cast.request(state)
    person = cast[actor]
    predicate = REQUEST_PREDICATES[action]
    if predicate is not None:
        assert predicate(person, request) is (actor in allowed)
    if actor == "visitor":
        return  # no door lets a visitor reach a service; the page and API tests check that
    assert try_request_service(action, person, request, cast) is (actor in allowed)


PLAN_PREDICATES = {
    "see": plan_permissions.can_see_plan,
    "edit a section": plan_permissions.can_edit_plan,
    "comment": plan_permissions.can_comment_on_plan,
    "resolve a comment": None,  # asked of the comment, below
    "share": plan_permissions.can_share_plan,
    "book a session": plan_permissions.can_book_planning_session,
    "print": plan_permissions.can_see_plan,
    "download html": plan_permissions.can_see_plan,
    "download txt": plan_permissions.can_see_plan,
    "change the partner": plan_permissions.can_change_partner,
    "see where a session is": None,  # asked of the session, below
    "start a plan from the request": None,  # asked of the request, below
}


def try_plan_service(action: str, person, plan: Plan | SupportRequest) -> bool:
    services = plan_services
    if isinstance(plan, SupportRequest):
        assert action == "start a plan from the request"
        return _refused_or_done(lambda: services.start_plan(owner=person, request=plan))
    comment = plan.comments.get()
    calls = {
        "see": lambda: plan_for(viewer=person, plan_id=plan.pk) is not None,
        "edit a section": lambda: services.edit_section(
            person=person, plan=plan, part=PlanSection.Part.BUDGET, body="Two PA shifts a week."
        ),
        "comment": lambda: services.comment_on_plan(person=person, plan=plan, body="Looks good."),
        "resolve a comment": lambda: services.resolve_comment(person=person, comment=comment),
        "share": lambda: services.share_plan(owner=person, plan=plan, person=PersonFactory()),
        "book a session": lambda: services.book_planning_session(
            person=person, plan=plan, starts=session_start(), minutes=60, way="phone"
        ),
        "change the partner": lambda: services.remove_partner(owner=person, plan=plan),
        "see where a session is": lambda: (
            plan_for(viewer=person, plan_id=plan.pk) is not None
            and plan_permissions.can_see_session_details(person, plan.sessions.get())
        ),
    }
    # Printing and downloading are the plan, seen: the pages and the API check those doors.
    calls["print"] = calls["download html"] = calls["download txt"] = calls["see"]
    return _refused_or_done(calls[action])


def _refused_or_done(call) -> bool:
    """True if the call did it, False if a rule refused (and only a permission rule: each action
    is tried in a state where it can be done, so never "wrong state"). To someone who may not see
    a plan, a service may answer "not found", as the doors do."""
    try:
        return call() is not False
    except NotAllowed:
        return False
    except CommunityError as error:
        assert error.code in {"not_allowed", "not_a_helper", "not_partner", "not_found"}, error.code
        return False


@pytest.mark.parametrize(("action", "actor"), cases(PLAN_MATRIX), ids=case_id)
def test_plan_predicates_and_services_follow_the_matrix(cast, action, actor):
    allowed = PLAN_MATRIX[action]
    person = cast[actor]
    if action == "start a plan from the request":
        # Asked of an accepted request that has no plan yet.
        thing = cast.request("accepted")
        assert plan_permissions.can_start_plan(person, thing) is (actor in allowed)
    else:
        thing = cast.plan()
    predicate = PLAN_PREDICATES[action]
    if predicate is not None:
        assert predicate(person, thing) is (actor in allowed)
    if action == "resolve a comment":
        comment = thing.comments.get()
        assert plan_permissions.can_resolve_comment(person, comment) is (actor in allowed)
    if action == "see where a session is":
        session = book_session_at_home(cast, thing)
        assert plan_permissions.can_see_session_details(person, session) is (actor in allowed)
    if actor == "visitor":
        return
    assert try_plan_service(action, person, thing) is (actor in allowed)


# ---------------------------------------------------------------------------------------------
# 2. The pages. Allowed: the page (200) or a redirect after the change (302), and the change is
# made. Refused: 404 to whoever may not see the request or plan; to those who may, 403 or back
# to the page with a message (302, 400), and nothing changes. A visitor is sent to log in.

# Who may see a request in each state (THOSE_WHO_SEE unless said here).
SEES_REQUEST = {"team": {"member", "advisor", "colleague", "staff"}, "handed_over": WITH_THE_STAFF}


def login_url() -> str:
    return reverse("account_login")


def client_for(person) -> Client:
    client = Client()
    if person.is_authenticated:
        client.force_login(person)
    return client


def request_changed(action: str, request: SupportRequest, cast: Cast) -> bool:
    """Whether the action's change is in the database."""
    after = SupportRequest.objects.get(pk=request.pk)
    changes = {
        "accept": lambda: after.state == SupportRequest.State.ACCEPTED,
        "withdraw": lambda: after.state == SupportRequest.State.WITHDRAWN,
        "close": lambda: after.state == SupportRequest.State.CLOSED,
        "hand over": lambda: after.handed_over != "",
        "reassign": lambda: after.advisor_id == cast["colleague"].pk,
        "answer did it help": lambda: after.helped is not None,
        "send again": lambda: SupportRequest.objects.filter(member=after.member).count() == 2,
    }
    changes["accept a team request"] = changes["accept a handed-over request"] = changes["accept"]
    changes["reassign a handed-over request"] = changes["reassign"]
    return changes[action]()


REQUEST_PAGE_POSTS = {
    #  action                    URL name                       form
    "accept": ("support_request_accept", {}),
    "accept a team request": ("support_request_accept", {}),
    "withdraw": ("support_request_withdraw", {}),
    "close": ("support_request_close", {}),
    "hand over": (
        "support_request_hand_over",
        {
            "hand-over-reason": "beyond_training",
            "hand-over-note": "This needs someone who knows employment law.",
        },
    ),
    "reassign": ("support_request_reassign", {"reassign-helper": "<colleague>"}),
    "answer did it help": ("support_request_did_it_help", {"did-it-help-helped": "yes"}),
    "send again": ("support_request_send_again", {}),
}
REQUEST_PAGE_POSTS["accept a handed-over request"] = REQUEST_PAGE_POSTS["accept"]
REQUEST_PAGE_POSTS["reassign a handed-over request"] = REQUEST_PAGE_POSTS["reassign"]


def filled(form: dict, cast: Cast) -> dict:
    return {
        name: str(cast[value.strip("<>")].pk) if value.startswith("<") else value
        for name, value in form.items()
    }


def why(response) -> str:
    """The status and, for a page that said no, the words it said it with (for the failure)."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode(errors="replace"))
    said = re.findall(
        r"Error: [^\n]{0,200}|[^.\n]{0,120}(?:please|Choose|Enter|Write)[^.\n]*", text
    )
    return f"{response.status_code}: {html.unescape(' | '.join(said[:5]))}"


def assert_refused_page(response, *, sees: bool) -> None:
    if sees:
        assert response.status_code in (302, 400, 403), response.status_code
    else:
        assert response.status_code == 404, response.status_code


def assert_sent_to_log_in(response) -> None:
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(login_url()), response["Location"]


@pytest.mark.parametrize(("action", "actor"), cases(REQUEST_MATRIX), ids=case_id)
def test_request_pages_follow_the_matrix(cast, action, actor):
    state, allowed = REQUEST_MATRIX[action]
    request = cast.request(state)
    client = client_for(cast[actor])
    may = actor in allowed
    if action.startswith("see"):
        response = client.get(reverse("support_request", args=[request.pk]))
        if actor == "visitor":
            assert_sent_to_log_in(response)
        elif may:
            assert response.status_code == 200
            assert REQUEST_WORDS in response.content.decode()
        else:
            assert response.status_code == 404
        return
    name, form = REQUEST_PAGE_POSTS[action]
    response = client.post(reverse(name, args=[request.pk]), filled(form, cast))
    if actor == "visitor":
        assert_sent_to_log_in(response)
    elif may:
        assert response.status_code in (200, 302), why(response)
    else:
        assert_refused_page(response, sees=actor in SEES_REQUEST.get(state, THOSE_WHO_SEE))
    assert request_changed(action, request, cast) is may


def plan_changed(action: str, plan: Plan) -> bool:
    changes = {
        "edit a section": lambda: plan.sections.get(part=PlanSection.Part.BUDGET).body != "",
        "comment": lambda: PlanComment.objects.filter(plan=plan).count() == 2,
        "resolve a comment": lambda: plan.comments.get().resolved_at is not None,
        "share": lambda: PlanShare.objects.filter(plan=plan).exists(),
        "book a session": lambda: PlanningSession.objects.filter(plan=plan).exists(),
        "change the partner": lambda: Plan.objects.get(pk=plan.pk).partner_id is None,
    }
    return changes[action]()


PLAN_PAGE_GETS = {
    "see": lambda plan: reverse("plan", args=[plan.pk]),
    "print": lambda plan: reverse("plan_print", args=[plan.pk]),
    "download html": lambda plan: reverse("plan_download", args=[plan.pk, "html"]),
    "download txt": lambda plan: reverse("plan_download", args=[plan.pk, "txt"]),
}


def plan_page_post(action: str, plan: Plan) -> tuple[str, dict]:
    day = session_start()
    posts = {
        "edit a section": (
            reverse("plan_section_edit", args=[plan.pk, PlanSection.Part.BUDGET]),
            {"body": "Two PA shifts a week."},
        ),
        "comment": (
            reverse("plan_comment", args=[plan.pk]),
            {"comment-part": "", "comment-body": "Looks good."},
        ),
        "resolve a comment": (
            reverse("plan_comment_resolve", args=[plan.pk, plan.comments.get().pk]),
            {},
        ),
        "share": (reverse("plan_sharing", args=[plan.pk]), {"display_name": "Trusted Sister"}),
        "book a session": (
            reverse("plan_session_book", args=[plan.pk]),
            {
                "session-day": day.strftime("%Y-%m-%d"),
                "session-time": "10:00",
                "session-minutes": "60",
                "session-way": "phone",
                "session-where": "",
            },
        ),
        "change the partner": (reverse("plan_partner_remove", args=[plan.pk]), {}),
    }
    return posts[action]


@pytest.mark.parametrize(("action", "actor"), cases(PLAN_MATRIX), ids=case_id)
def test_plan_pages_follow_the_matrix(cast, action, actor):
    allowed = PLAN_MATRIX[action]
    client = client_for(cast[actor])
    may = actor in allowed
    if action == "start a plan from the request":
        request = cast.request("accepted")
        response = client.post(f"{reverse('plan_start')}?request={request.pk}")
        if actor == "visitor":
            assert_sent_to_log_in(response)
        elif not may:
            assert_refused_page(response, sees=actor in THOSE_WHO_SEE)
        assert Plan.objects.filter(request=request).exists() is may
        return
    plan = cast.plan()
    PersonFactory(display_name="Trusted Sister")
    if action == "see where a session is":
        book_session_at_home(cast, plan)
        response = client.get(reverse("plan", args=[plan.pk]))
        if actor == "visitor":
            assert_sent_to_log_in(response)
        elif actor in THOSE_WHO_SEE:
            assert response.status_code == 200
            assert (html.escape(SESSION_PLACE) in response.content.decode()) is may
        else:
            assert response.status_code == 404
        return
    if action in PLAN_PAGE_GETS:
        response = client.get(PLAN_PAGE_GETS[action](plan))
        if actor == "visitor":
            assert_sent_to_log_in(response)
        elif may:
            assert response.status_code == 200
            assert PLAN_WORDS in response.content.decode()
        else:
            assert response.status_code == 404
        return
    address, form = plan_page_post(action, plan)
    response = client.post(address, form)
    if actor == "visitor":
        assert_sent_to_log_in(response)
    elif may:
        assert response.status_code in (200, 302), why(response)
    else:
        assert_refused_page(response, sees=actor in THOSE_WHO_SEE)
    assert plan_changed(action, plan) is may


# ---------------------------------------------------------------------------------------------
# 3. The API, at the addresses the contract names. Allowed: 2xx and the change made. Refused:
# 404 (code not_found) to whoever may not see the thing; 403 (or 400/409 with a code) to those
# who may; 401, 403 or 404 to a visitor.

VISITOR_API = (401, 403, 404)

REQUEST_API_POSTS = {
    "accept": ("accept", {}),
    "accept a team request": ("accept", {}),
    "withdraw": ("withdraw", {}),
    "close": ("close", {}),
    "hand over": (
        "hand-over",
        {"reason": "beyond_training", "note": "This needs someone who knows employment law."},
    ),
    "reassign": ("reassign", {"helper_id": "<colleague>"}),
    "answer did it help": ("did-it-help", {"helped": True, "note": ""}),
    "send again": ("send-again", {}),
}
REQUEST_API_POSTS["accept a handed-over request"] = REQUEST_API_POSTS["accept"]
REQUEST_API_POSTS["reassign a handed-over request"] = REQUEST_API_POSTS["reassign"]


def api_client_for(person):
    client = APIClient()
    if person.is_authenticated:
        client.force_login(person)
    return client


def api_filled(form: dict, cast: Cast) -> dict:
    return {
        name: cast[value.strip("<>")].pk
        if isinstance(value, str) and value.startswith("<")
        else value
        for name, value in form.items()
    }


def assert_refused_api(response, *, actor: str, sees: bool) -> None:
    if actor == "visitor":
        assert response.status_code in VISITOR_API, response.status_code
    elif sees:
        assert response.status_code in (400, 403, 409), response.status_code
        assert response.json().get("code"), response.json()
    else:
        assert response.status_code == 404, response.status_code
        assert response.json().get("code") == "not_found", response.json()


@pytest.mark.parametrize(("action", "actor"), cases(REQUEST_MATRIX), ids=case_id)
def test_request_api_follows_the_matrix(cast, action, actor):
    state, allowed = REQUEST_MATRIX[action]
    request = cast.request(state)
    client = api_client_for(cast[actor])
    may = actor in allowed
    sees = actor in SEES_REQUEST.get(state, THOSE_WHO_SEE)
    base = f"/api/v1/support-requests/{request.pk}/"
    if action.startswith("see"):
        response = client.get(base)
        if may:
            assert response.status_code == 200, response.status_code
            assert response.json()["id"] == request.pk
        else:
            assert_refused_api(response, actor=actor, sees=False)
        return
    tail, form = REQUEST_API_POSTS[action]
    response = client.post(f"{base}{tail}/", api_filled(form, cast), format="json")
    if may:
        assert 200 <= response.status_code < 300, (response.status_code, response.content)
    else:
        assert_refused_api(response, actor=actor, sees=sees)
    assert request_changed(action, request, cast) is may


# The note an advisor hands over with a request may be a safeguarding worry about the member: the
# staff read it (and the advisor who wrote it, should it come back to them), nobody else. Handed
# over, the request is with the staff; given to the colleague, they see it but not the note.
HAND_OVER_READERS = {
    #  after                  who sees the request                 who reads the note
    "handed over": (WITH_THE_STAFF, {"staff"}),
    "given to the colleague": ({"member", "colleague", "staff"}, {"staff"}),
    "given back to its writer": (THOSE_WHO_SEE, {"staff", "advisor"}),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("after", HAND_OVER_READERS)
def test_the_hand_over_note_is_for_the_staff_and_its_writer(cast, after, actor):
    request = cast.request("handed_over")
    given_to = {"given to the colleague": "colleague", "given back to its writer": "advisor"}
    if after in given_to:
        request_services.reassign_request(
            staff=cast["staff"], request=request, helper=cast[given_to[after]]
        )
    sees, reads = HAND_OVER_READERS[after]
    page = client_for(cast[actor]).get(reverse("support_request", args=[request.pk]))
    api = api_client_for(cast[actor]).get(f"/api/v1/support-requests/{request.pk}/")
    if actor == "visitor":
        assert_sent_to_log_in(page)
        assert api.status_code in VISITOR_API, api.status_code
        return
    if actor not in sees:
        assert (page.status_code, api.status_code) == (404, 404)
        return
    assert (page.status_code, api.status_code) == (200, 200)
    assert (html.escape(HAND_OVER_WORDS) in page.content.decode()) is (actor in reads)
    assert (HAND_OVER_WORDS in api.content.decode()) is (actor in reads)
    handed_over = api.json()["handed_over"]
    assert (handed_over is not None) is (actor in reads)


def plan_api_call(client, action: str, plan: Plan, cast: Cast):
    base = f"/api/v1/plans/{plan.pk}/"
    if action == "see":
        return client.get(base)
    if action == "edit a section":
        return client.put(
            f"{base}sections/{PlanSection.Part.BUDGET}/",
            {"body": "Two PA shifts a week."},
            format="json",
        )
    if action == "comment":
        return client.post(f"{base}comments/", {"body": "Looks good."}, format="json")
    if action == "resolve a comment":
        return client.post(f"{base}comments/{plan.comments.get().pk}/resolve/", format="json")
    if action == "share":
        person = PersonFactory(display_name="Trusted Sister")
        return client.post(f"{base}shares/", {"person_id": person.pk}, format="json")
    if action == "book a session":
        body = {"starts": session_start().isoformat(), "minutes": 60, "way": "phone"}
        return client.post(f"{base}sessions/", body, format="json")
    if action == "change the partner":
        return client.delete(f"{base}partner/")
    if action == "see where a session is":
        return client.get(base)
    raise AssertionError(action)


# The API has no print page and no downloads: those are the pages' (and "see" covers reading).
API_PLAN_ACTIONS = [action for action in PLAN_MATRIX if not action.startswith(("print", "down"))]


@pytest.mark.parametrize(
    ("action", "actor"),
    [(action, actor) for action in API_PLAN_ACTIONS for actor in ACTORS],
    ids=case_id,
)
def test_plan_api_follows_the_matrix(cast, action, actor):
    allowed = PLAN_MATRIX[action]
    client = api_client_for(cast[actor])
    may = actor in allowed
    sees = actor in THOSE_WHO_SEE
    if action == "start a plan from the request":
        request = cast.request("accepted")
        response = client.post("/api/v1/plans/", {"request_id": request.pk}, format="json")
        if may:
            assert response.status_code == 201, (response.status_code, response.content)
        elif actor != "visitor" and not sees:
            # The request is named in the body, not the address: the answer is the one for a
            # request that does not exist, so it still tells them nothing.
            assert response.status_code == 400, response.status_code
            assert response.json()["code"] == "unknown_request", response.json()
        else:
            assert_refused_api(response, actor=actor, sees=sees)
        assert Plan.objects.filter(request=request).exists() is may
        return
    plan = cast.plan()
    if action == "see where a session is":
        book_session_at_home(cast, plan)
    response = plan_api_call(client, action, plan, cast)
    if action == "see where a session is":
        if actor in THOSE_WHO_SEE:
            assert response.status_code == 200, response.status_code
            [session] = response.json()["sessions"]
            assert (session["where"] == SESSION_PLACE) is may
            assert (SESSION_PLACE in response.content.decode()) is may
        else:
            assert_refused_api(response, actor=actor, sees=False)
        return
    if action == "see":
        if may:
            assert response.status_code == 200, response.status_code
            assert PLAN_WORDS in response.content.decode()
        else:
            assert_refused_api(response, actor=actor, sees=False)
        return
    if may:
        assert 200 <= response.status_code < 300, (response.status_code, response.content)
    else:
        assert_refused_api(response, actor=actor, sees=sees)
    assert plan_changed(action, plan) is may


# ---------------------------------------------------------------------------------------------
# 4. Nowhere else either: notifications, "My help", the lists of requests and plans, and the
# personal calendar feed show a request or a plan only to the people in the table.

OUTSIDERS = ["another_member", "colleague", "other_advisor", "other_staff", "moderator"]


def a_whole_story(cast: Cast, capture, *, hand_over=False) -> tuple[SupportRequest, Plan]:
    """Asked, accepted, planned, commented on, a session booked (and, if asked, handed to the
    staff, when it waits for the team again): every notification the request and the plan
    make, sent (after commit, as in production)."""
    with capture(execute=True):
        request = cast.request("accepted")
        plan = cast.plan()
        plan_services.book_planning_session(
            person=cast["member"], plan=plan, starts=session_start(), minutes=60, way="phone"
        )
        if not hand_over:
            return request, plan
        request_services.hand_over_request(
            person=cast["advisor"],
            request=request,
            reason=SupportRequest.HandOver.SAFEGUARDING,
            note=HAND_OVER_WORDS,
        )
    return request, plan


def addresses(request: SupportRequest, plan: Plan) -> list[str]:
    return [reverse("support_request", args=[request.pk]), reverse("plan", args=[plan.pk])]


def test_notifications_about_a_request_and_its_plan_reach_only_its_people(
    cast, django_capture_on_commit_callbacks
):
    request, plan = a_whole_story(cast, django_capture_on_commit_callbacks, hand_over=True)
    told = set(Notification.objects.values_list("recipient", flat=True))
    # The member's "cast.request" notifications (the advisor's accepting) are among them.
    assert told <= {cast[role].pk for role in THOSE_WHO_SEE}
    assert cast["advisor"].pk in told and cast["member"].pk in told
    for role in OUTSIDERS:
        page = client_for(cast[role]).get(reverse("notifications")).content.decode()
        for address in addresses(request, plan):
            assert address not in page, (role, address)
        response = api_client_for(cast[role]).get("/api/v1/notifications/")
        assert response.status_code == 200
        for address in addresses(request, plan):
            assert address not in response.content.decode(), (role, address)


def test_a_request_to_a_team_tells_only_that_team(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cast.request("team")
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert told == {cast[role].pk for role in ("advisor", "colleague", "staff")}


@pytest.mark.parametrize("hand_over", [False, True], ids=["helping", "handed over"])
@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_find_the_request_and_plan_in_none_of_their_lists(
    cast, django_capture_on_commit_callbacks, role, hand_over
):
    # Handed over, the request is the staff's: the colleague is offered it no more than anyone.
    request, plan = a_whole_story(cast, django_capture_on_commit_callbacks, hand_over=hand_over)
    client, api = client_for(cast[role]), api_client_for(cast[role])
    pages = [reverse(name) for name in ("my_requests", "my_help", "plans")]
    for address in pages:
        response = client.get(address)
        assert response.status_code in (200, 302, 403, 404), (address, response.status_code)
        text = response.content.decode()
        secrets = (REQUEST_WORDS, PLAN_WORDS, COMMENT_WORDS, HAND_OVER_WORDS)
        for secret in (*secrets, *addresses(request, plan)):
            assert secret not in text, (role, address, secret)
    for address, hidden_id in (
        ("/api/v1/support-requests/", request.pk),
        ("/api/v1/my-help/", None),
        ("/api/v1/plans/", plan.pk),
    ):
        response = api.get(address)
        assert response.status_code in (200, 403, 404), (address, response.status_code)
        text = response.content.decode()
        for secret in (REQUEST_WORDS, PLAN_WORDS, COMMENT_WORDS, HAND_OVER_WORDS):
            assert secret not in text, (role, address, secret)
        if hidden_id is not None and response.status_code == 200:
            assert hidden_id not in listed_ids(response.json()), (role, address)


def listed_ids(answer) -> set[int]:
    rows = answer["results"] if isinstance(answer, dict) else answer
    return {row["id"] for row in rows}


def test_the_people_in_it_find_it_in_their_lists(cast, django_capture_on_commit_callbacks):
    request, plan = a_whole_story(cast, django_capture_on_commit_callbacks)
    member, advisor = client_for(cast["member"]), client_for(cast["advisor"])
    assert (
        reverse("support_request", args=[request.pk])
        in member.get(reverse("my_requests")).content.decode()
    )
    assert reverse("plan", args=[plan.pk]) in member.get(reverse("plans")).content.decode()
    assert reverse("plan", args=[plan.pk]) in advisor.get(reverse("plans")).content.decode()
    assert reverse("plan", args=[plan.pk]) in advisor.get(reverse("my_help")).content.decode()


def test_a_planning_session_is_in_the_two_people_s_feeds_and_no_one_else_s(
    cast, django_capture_on_commit_callbacks
):
    a_whole_story(cast, django_capture_on_commit_callbacks)

    def entries(role: str) -> int:
        token = regenerate_feed_token(person=cast[role]).token
        return personal_feed(token=token).body.decode().count("BEGIN:VEVENT")

    assert entries("member") == 1
    assert entries("advisor") == 1
    for role in [*OUTSIDERS, "staff"]:
        assert entries(role) == 0, role


def test_staff_of_the_organisation_lose_sight_of_the_plan_when_the_member_says_no(cast):
    plan = cast.plan()
    plan_services.set_organisation_can_see(owner=cast["member"], plan=plan, allowed=False)
    plan.refresh_from_db()
    assert not plan_permissions.can_see_plan(cast["staff"], plan)
    assert client_for(cast["staff"]).get(reverse("plan", args=[plan.pk])).status_code == 404
    assert api_client_for(cast["staff"]).get(f"/api/v1/plans/{plan.pk}/").status_code == 404


def test_sharing_lets_one_person_read_and_only_comment_when_allowed(cast):
    plan = cast.plan()
    reader, commenter = cast["another_member"], cast["other_advisor"]
    plan_services.share_plan(owner=cast["member"], plan=plan, person=reader)
    plan_services.share_plan(owner=cast["member"], plan=plan, person=commenter, can_comment=True)
    plan = Plan.objects.get(pk=plan.pk)
    assert client_for(reader).get(reverse("plan", args=[plan.pk])).status_code == 200
    assert not plan_permissions.can_comment_on_plan(reader, plan)
    assert plan_permissions.can_comment_on_plan(commenter, plan)
    assert not plan_permissions.can_edit_plan(commenter, plan)
    with pytest.raises(NotAllowed):
        plan_services.comment_on_plan(person=reader, plan=plan, body="Me too?")
    plan_services.unshare_plan(owner=cast["member"], plan=plan, person=reader)
    assert client_for(reader).get(reverse("plan", args=[plan.pk])).status_code == 404


# The organisation's support view lists its open and accepted requests (and who holds them):
# its staff's alone. Site admins may edit the organisation, but may not read its requests.
ORGANISATION_VIEW_ACTORS = [*ACTORS, "site_admin"]


@pytest.mark.parametrize("actor", ORGANISATION_VIEW_ACTORS)
def test_only_its_staff_see_an_organisations_support_view(cast, actor):
    waiting = cast.request("open")
    cast.request("handed_over")
    slug, advisor = cast.organisation.slug, cast["advisor"]
    person = cast[actor]

    page = client_for(person).get(reverse("organisation_support", args=[slug]))
    api = api_client_for(person).get(f"/api/v1/organisations/{slug}/support/")
    pause = client_for(person).post(
        reverse("organisation_support_pause", args=[slug, advisor.pk]),
        {f"pause-{advisor.pk}-action": "pause", f"pause-{advisor.pk}-reason": ""},
    )
    api_pause = api_client_for(person).post(
        f"/api/v1/organisations/{slug}/support/{advisor.pk}/pause/", {}, format="json"
    )

    if actor == "staff":
        assert (page.status_code, api.status_code) == (200, 200)
        assert waiting.pk in {row["id"] for row in api.json()["requests"]}
        return
    if actor == "visitor":
        assert_sent_to_log_in(page)
        assert_sent_to_log_in(pause)
        assert api.status_code in VISITOR_API and api_pause.status_code in VISITOR_API
    else:
        assert (page.status_code, pause.status_code) == (404, 404)
        assert (api.status_code, api.json()["code"]) == (403, "not_allowed")
        assert api_pause.status_code == 403
    for response in (page, api):
        assert REQUEST_WORDS not in response.content.decode()
        assert HAND_OVER_WORDS not in response.content.decode()
    assert not Listing.objects.filter(person=advisor, paused_by_organisation__isnull=False).exists()


def test_a_site_admin_is_not_offered_the_link_to_an_organisations_support_view(cast):
    address = reverse("organisation_support", args=[cast.organisation.slug])
    detail = reverse("organisation", args=[cast.organisation.slug])

    assert address in client_for(cast["staff"]).get(detail).content.decode()
    assert address not in client_for(cast["site_admin"]).get(detail).content.decode()


# ---------------------------------------------------------------------------------------------
# 5. What each list costs does not grow with what is in it: the same number of queries for one
# advisor or request as for several (the directory, "My help", a member's requests and plans).


def queries_for(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return len(captured)


def listed_advisor(organisation, number: int):
    person = advisor_of(organisation, display_name=f"Listed Advisor {number}")
    update_listing(
        person=person,
        listed=True,
        specialisms=[],
        languages=["bfi"],
        areas=["leeds"],
        ways_to_talk=["chat"],
        availability="Evenings",
    )
    return person


def grow_directory(cast: Cast, count: int) -> None:
    for _ in range(count):
        cast.grown += 1
        listed_advisor(cast.organisation, cast.grown)


def grow_requests(cast: Cast, count: int) -> None:
    """Requests to the advisor and to the team from new members, and the member's own."""
    for _ in range(count):
        # Each asked from a forum question: the lists name it, joined, not read row by row.
        request_services.ask_for_help(
            member=PersonFactory(),
            body="A question",
            wants="one_off",
            advisor=cast["advisor"],
            topic=TopicFactory(),
        )
        request_services.ask_for_help(
            member=PersonFactory(),
            body="A question",
            wants="one_off",
            organisation=cast.organisation,
            topic=TopicFactory(),
        )
        accepted = cast.request("accepted", topic=TopicFactory())
        plan_services.start_plan(owner=cast["member"], request=accepted)


LIST_PAGES = [
    # (who looks, address, how to add more of what it lists)
    ("member", "/advisors/", grow_directory),
    ("member", "/advisors/?language=bfi", grow_directory),
    ("visitor", "/api/v1/advisors/?language=bfi", grow_directory),
    ("advisor", "/my-help/", grow_requests),
    ("advisor", "/api/v1/my-help/", grow_requests),
    ("member", "/support/requests/", grow_requests),
    ("member", "/api/v1/support-requests/", grow_requests),
    ("member", "/plans/", grow_requests),
    ("advisor", "/plans/", grow_requests),
    ("member", "/api/v1/plans/", grow_requests),
    ("staff", "/organisations/<org>/support/", grow_requests),
]


def list_page_id(value) -> str:
    """Stable ids (a function's name, not its address): parallel test workers must collect the
    same tests."""
    return getattr(value, "__name__", str(value))


@pytest.mark.parametrize(("role", "address", "grow"), LIST_PAGES, ids=list_page_id)
def test_a_list_costs_the_same_queries_however_long_it_is(cast, role, address, grow):
    address = address.replace("<org>", cast.organisation.slug)
    looks = api_client_for if address.startswith("/api/") else client_for
    grow(cast, 1)
    client = looks(cast[role])
    client.get(address)  # warm: sessions, caches and content types once
    few = queries_for(client, address)
    grow(cast, 3)
    assert queries_for(client, address) == few
