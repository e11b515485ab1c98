"""Who may report, see the moderation queue, act on cases and people and read the audit log, in
one table per action, asked three ways: through the domain (the predicates and the services every
door uses), through the pages, and through the API. Then the everyday doors for suspended and
banned people: pages and the API refuse them (the WebSockets: test_barred_sockets.py).

The people and things are made once for the module (see `world`); each test reads its own fresh
copies and its changes are rolled back, so every case starts from the same place.

Expected answers, exactly:
- pages: 200 (or 302 on to the next page) when allowed; a visitor is sent to log in (302); a
  suspended or banned person gets the 403 "barred" page everywhere; someone signed in who may not
  see the queue gets 403; a thing or case they may not see is 404.
- API: 2xx when allowed; a visitor 401; a barred person 403 "suspended" / "banned"; not allowed
  403; a case they may not see 404; a thing they may not see 400 "not_found".
"""

import datetime
import uuid
from functools import cached_property

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from community.chat.models import Message, Room
from community.chat.services.messages import post_message
from community.errors import CommunityError
from community.models import AuditLogEntry, Organisation, Profile, User
from community.safety import permissions
from community.safety.holds import wait_for_approval
from community.safety.models import Case
from community.safety.moderation import act_on_case
from community.safety.reports import report_concern
from community.safety.restrictions import act_on_person
from community.safety.visibility import Visibility
from community.services.tokens import issue_api_token
from community.support.models import SupportRequest
from community.support.services.requests import ask_for_help
from events.models import Event
from forums.models import Category, Topic
from forums.services.topics import start_topic
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of
from tests.forums.factories import CategoryFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "member",
    "new_account",
    "advisor",
    "own_staff",
    "other_staff",
    "moderator",
    "site_admin",
    "suspended",
    "banned",
    "author",
]
BARRED = {"suspended", "banned"}
MODERATORS = {"moderator", "site_admin"}  # a site admin (superuser) moderates too
QUEUE_VIEWERS = MODERATORS | {"own_staff", "other_staff"}
SIGNED_IN_IN_GOOD_STANDING = set(ROLES) - BARRED - {"visitor"}

# Report: kind -> who may report it (sees it, and did not write it).
EVERYONE_BUT_THE_AUTHOR = SIGNED_IN_IN_GOOD_STANDING - {"author"}
REPORT_MATRIX = {
    "post": EVERYONE_BUT_THE_AUTHOR,
    "topic": EVERYONE_BUT_THE_AUTHOR,
    "chat_message": EVERYONE_BUT_THE_AUTHOR,
    "profile": EVERYONE_BUT_THE_AUTHOR,
    "event": EVERYONE_BUT_THE_AUTHOR,
    # A request is for the member, their chosen advisor and the organisation's staff.
    "support_request": {"advisor", "own_staff"},
}

# Act on a case: action -> (the thing the case is about, who may). The event belongs to the
# organisation (its staff may act); a forum topic belongs to nobody (moderators only).
STAFF_AND_MODERATORS = MODERATORS | {"own_staff"}
CASE_MATRIX = {
    "hide": ("event", STAFF_AND_MODERATORS),
    "restore": ("event", STAFF_AND_MODERATORS),
    "remove": ("event", STAFF_AND_MODERATORS),
    "approve": ("waiting_event", STAFF_AND_MODERATORS),
    "decline": ("waiting_event", STAFF_AND_MODERATORS),
    "dismiss": ("event", STAFF_AND_MODERATORS),
    "lock": ("topic", MODERATORS),
    "unlock": ("topic", MODERATORS),
    "move": ("topic", MODERATORS),
}
PERSON_ACTIONS = ("warn", "suspend", "ban", "lift", "remove_everything")

REASON = "Looked at it carefully"


def pairs(keys) -> list[tuple[str, str]]:
    return [(key, role) for key in keys for role in ROLES]


# ---------------------------------------------------------------------------------------------
# The cast, and one thing of each kind written by "author".


class World:
    """The organisations, the cast and one thing of each kind written by "author", made once
    for the whole module (making them for every case was most of this module's time). Tests
    get fresh copies from the database (`Cast`), and each test's changes are rolled back."""

    def __init__(self):
        organisation = OrganisationFactory(verified=True, name="Calder Valley ULO")
        other = OrganisationFactory(verified=True, name="Far Away Carers")
        soon = timezone.now() + datetime.timedelta(days=3)
        people = {
            "member": PersonFactory(display_name="Plain Member"),
            "new_account": PersonFactory(display_name="New Member", date_joined=timezone.now()),
            "advisor": advisor_of(organisation, display_name="Trained Advisor"),
            "own_staff": staff_of(organisation, display_name="Calder Staff"),
            "other_staff": staff_of(other, display_name="Far Staff"),
            "moderator": PersonFactory(display_name="Site Moderator", is_moderator=True),
            "site_admin": PersonFactory(display_name="Site Admin", is_superuser=True),
            "suspended": PersonFactory(
                display_name="Suspended Member", suspended_until=soon, bar_reason="Spamming"
            ),
            "banned": PersonFactory(display_name="Banned Member", banned=True, bar_reason="Scams"),
            "author": PersonFactory(display_name="The Author"),
        }
        author = people["author"]
        topic = start_topic(
            author=author, category=CategoryFactory(), title="Paying my PA", body="Is it allowed?"
        )
        room = Room.objects.create(kind=Room.Kind.COMMUNITY, name="Employing a PA")
        message, _ = post_message(
            author=author, room=room, body="Hello all", client_id=uuid.uuid4()
        )
        Profile.objects.filter(person=author).update(bio="I sell courses", bio_html="<p>x</p>")
        request = ask_for_help(
            member=author,
            advisor=people["advisor"],
            body="Could you help me with payroll?",
            wants=SupportRequest.Wants.PLAN,
        )
        self.pks = {
            "people": {role: person.pk for role, person in people.items()},
            "organisation": organisation.pk,
            "other_organisation": other.pk,
            "category": topic.category_id,
            "other_category": CategoryFactory().pk,
            "topic": topic.pk,
            "room": room.pk,
            "message": message.pk,
            "event": EventFactory(organisation=organisation, created_by=author).pk,
            "other_event": EventFactory(organisation=other).pk,
            "request": request.pk,
        }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Made inside a transaction that stays open for the module (each test runs in a savepoint
    within it) and is rolled back at the end, so no other module sees any of it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            made = World()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


class Cast:
    """One test's view of the world: each person and thing read afresh from the database the
    first time the test asks (another test may have changed the copy it read)."""

    def __init__(self, world: World):
        self.pks = world.pks
        self.people: dict = {}

    def __getitem__(self, role: str):
        if role not in self.people:
            self.people[role] = (
                AnonymousUser()
                if role == "visitor"
                else User.objects.get(pk=self.pks["people"][role])
            )
        return self.people[role]

    @cached_property
    def organisation(self):
        return Organisation.objects.get(pk=self.pks["organisation"])

    @cached_property
    def other_organisation(self):
        return Organisation.objects.get(pk=self.pks["other_organisation"])

    @cached_property
    def category(self):
        return Category.objects.get(pk=self.pks["category"])

    @cached_property
    def other_category(self):
        return Category.objects.get(pk=self.pks["other_category"])

    @cached_property
    def topic(self):
        return Topic.objects.get(pk=self.pks["topic"])

    @cached_property
    def post(self):
        return self.topic.posts.get(number=1)

    @cached_property
    def room(self):
        return Room.objects.get(pk=self.pks["room"])

    @cached_property
    def message(self):
        return Message.objects.get(pk=self.pks["message"])

    @cached_property
    def profile_owner(self):
        return self["author"]

    @cached_property
    def event(self):
        return Event.objects.get(pk=self.pks["event"])

    @cached_property
    def other_event(self):
        return Event.objects.get(pk=self.pks["other_event"])

    @cached_property
    def request(self):
        return SupportRequest.objects.get(pk=self.pks["request"])

    def id_of(self, kind: str) -> int:
        if kind == "post":
            return self.post.pk
        if kind == "profile":
            return self.pks["people"]["author"]
        return self.pks[{"chat_message": "message", "support_request": "request"}.get(kind, kind)]

    def case_about(self, kind: str) -> Case:
        """An open case, reported by the plain member; "waiting_event": an event that waits for
        a moderator's approval (only such a case can be approved or declined)."""
        if kind == "waiting_event":
            Event.objects.filter(pk=self.event.pk).update(visibility=Visibility.WAITING)
            return wait_for_approval(
                kind="event",
                object_id=self.event.pk,
                author=self["author"],
                organisation_id=self.organisation.pk,
            )
        report = report_concern(
            reporter=self["member"], kind=kind, object_id=self.id_of(kind), reason="spam"
        )
        return report.case

    def other_organisations_case(self) -> Case:
        report = report_concern(
            reporter=self["member"], kind="event", object_id=self.other_event.pk, reason="spam"
        )
        return report.case


@pytest.fixture
def cast(world):
    return Cast(world)


def page_client(cast: Cast, role: str) -> Client:
    client = Client()
    if role != "visitor":
        client.force_login(cast[role])
    return client


def api_client(cast: Cast, role: str) -> APIClient:
    client = APIClient()
    if role != "visitor":
        client.force_login(cast[role])  # the session, as the browser's app uses it
    return client


def assert_sent_to_log_in(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def assert_barred_page(response, role: str) -> None:
    assert response.status_code == 403
    words = response.content.decode()
    assert ("banned" if role == "banned" else "suspended") in words


def assert_api_refused(response, role: str, *, status: int, code: str | None = None) -> None:
    """The API's answer to someone who may not: visitor 401, barred 403 with their own code."""
    if role == "visitor":
        assert response.status_code == 401, response.content
        return
    if role in BARRED:
        assert response.status_code == 403, response.content
        assert response.json()["code"] == role
        return
    assert response.status_code == status, response.content
    if code is not None:
        assert response.json()["code"] == code


def assert_page_refused(response, role: str, *, status: int) -> None:
    if role == "visitor":
        assert_sent_to_log_in(response)
    elif role in BARRED:
        assert_barred_page(response, role)
    else:
        assert response.status_code == status, response.status_code


# ---------------------------------------------------------------------------------------------
# Reporting.


def _expected_report_refusal(kind: str, role: str) -> str:
    if role == "visitor" or role in BARRED:
        return "not_signed_in"
    if role == "author":
        return "own_content"
    return "not_found"


@pytest.mark.parametrize(("kind", "role"), pairs(REPORT_MATRIX))
def test_report_through_the_predicate_and_service(cast, kind, role):
    allowed = role in REPORT_MATRIX[kind]
    object_id = cast.id_of(kind)
    # The predicate: anyone signed in who can see it (the author too; the service says no).
    sees = allowed or (role == "author")
    assert permissions.can_report(cast[role], kind, object_id) is sees
    if role == "visitor":
        return  # the service is only ever called with a signed-in person
    if allowed:
        report = report_concern(reporter=cast[role], kind=kind, object_id=object_id, reason="spam")
        assert report.case.kind == kind and report.case.object_id == object_id
        return
    with pytest.raises(CommunityError) as refused:
        report_concern(reporter=cast[role], kind=kind, object_id=object_id, reason="spam")
    assert refused.value.code == _expected_report_refusal(kind, role)


@pytest.mark.parametrize(("kind", "role"), pairs(REPORT_MATRIX))
def test_report_through_the_page(cast, kind, role):
    allowed = role in REPORT_MATRIX[kind]
    url = reverse("report_concern", args=[kind, cast.id_of(kind)])
    client = page_client(cast, role)
    shown = client.get(url)
    sent = client.post(url, {"reason": "spam", "note": "Selling things"})
    if allowed:
        assert shown.status_code == 200
        assert sent.status_code == 302
        assert sent["Location"].startswith("/report/sent/")
    elif role == "author":
        assert shown.status_code == 200  # they can see it; sending it says why not
        assert sent.status_code == 400
        assert "something you wrote yourself" in sent.content.decode()
    else:
        assert_page_refused(shown, role, status=404)
        assert_page_refused(sent, role, status=404)
    assert Case.objects.filter(kind=kind).exists() is allowed


@pytest.mark.parametrize(("kind", "role"), pairs(REPORT_MATRIX))
def test_report_through_the_api(cast, kind, role):
    allowed = role in REPORT_MATRIX[kind]
    response = api_client(cast, role).post(
        "/api/v1/reports/",
        {"kind": kind, "object_id": cast.id_of(kind), "reason": "spam"},
        format="json",
    )
    if allowed:
        assert response.status_code == 201, response.content
        assert response.json()["kind"] == kind
        return
    assert_api_refused(response, role, status=400, code=_expected_report_refusal(kind, role))


@pytest.mark.parametrize("role", ROLES)
def test_my_reports(cast, role):
    page = page_client(cast, role).get(reverse("my_reports"))
    api = api_client(cast, role).get("/api/v1/reports/")
    if role in SIGNED_IN_IN_GOOD_STANDING:
        assert page.status_code == 200
        assert api.status_code == 200
    else:
        assert_page_refused(page, role, status=0)
        assert_api_refused(api, role, status=0)


# ---------------------------------------------------------------------------------------------
# The queue, one case (own organisation's vs another's), and the audit log.


@pytest.mark.parametrize("role", ROLES)
def test_see_the_queue(cast, role):
    cast.case_about("event")
    allowed = role in QUEUE_VIEWERS
    assert permissions.can_see_queue(cast[role]) is allowed
    page = page_client(cast, role).get(reverse("moderation_queue"))
    api = api_client(cast, role).get("/api/v1/moderation/cases/")
    if allowed:
        assert page.status_code == 200
        assert api.status_code == 200
        seen = len(api.json())
        assert seen == (0 if role == "other_staff" else 1)
    else:
        assert_page_refused(page, role, status=403)
        assert_api_refused(api, role, status=403)


SEE_CASE_MATRIX = {
    "own organisation's case": MODERATORS | {"own_staff"},
    "another organisation's case": MODERATORS | {"other_staff"},
    "a forum topic's case": MODERATORS,
}


def _case_for(cast: Cast, which: str) -> Case:
    if which == "own organisation's case":
        return cast.case_about("event")
    if which == "another organisation's case":
        return cast.other_organisations_case()
    return cast.case_about("topic")


@pytest.mark.parametrize(("which", "role"), pairs(SEE_CASE_MATRIX))
def test_see_a_case(cast, which, role):
    case = _case_for(cast, which)
    allowed = role in SEE_CASE_MATRIX[which]
    assert permissions.can_see_case(cast[role], case) is allowed
    page = page_client(cast, role).get(reverse("moderation_case", args=[case.pk]))
    api = api_client(cast, role).get(f"/api/v1/moderation/cases/{case.pk}/")
    if allowed:
        assert page.status_code == 200
        assert api.status_code == 200
        assert api.json()["id"] == case.pk
        return
    # Staff who may see the queue but not this case: it does not exist for them.
    status = 404 if role in QUEUE_VIEWERS else 403
    assert_page_refused(page, role, status=status)
    assert_api_refused(api, role, status=status)


@pytest.mark.parametrize("role", ROLES)
def test_read_the_audit_log(cast, role):
    allowed = role in MODERATORS
    assert permissions.can_read_audit_log(cast[role]) is allowed
    page = page_client(cast, role).get(reverse("moderation_audit"))
    api = api_client(cast, role).get("/api/v1/moderation/audit-log/")
    if allowed:
        assert page.status_code == 200
        assert api.status_code == 200
    else:
        assert_page_refused(page, role, status=403)
        assert_api_refused(api, role, status=403)


# ---------------------------------------------------------------------------------------------
# Acting on a case.


def _case_action_data(cast: Cast, action: str) -> dict:
    data = {"action": action, "reason": REASON}
    if action == "move":
        data["category_id"] = cast.other_category.pk
    return data


def _acted(case: Case, action: str) -> bool:
    return AuditLogEntry.objects.filter(action=f"safety.case.{action}", subject_id=case.pk).exists()


@pytest.mark.parametrize(("action", "role"), pairs(CASE_MATRIX))
def test_act_on_a_case_through_the_predicate_and_service(cast, action, role):
    kind, who = CASE_MATRIX[action]
    case = cast.case_about(kind)
    allowed = role in who
    assert permissions.can_act_on_case(cast[role], case, action) is allowed
    if role == "visitor":
        return
    if allowed:
        act_on_case(actor=cast[role], case=case, **_case_action_data(cast, action))
        assert _acted(case, action)
        return
    with pytest.raises(CommunityError) as refused:
        act_on_case(actor=cast[role], case=case, **_case_action_data(cast, action))
    assert refused.value.code == "not_allowed"
    assert not _acted(case, action)


def _refusal_status(cast: Cast, case: Case, role: str) -> int:
    """Not a queue viewer: 403. A queue viewer who may not see the case: 404, it does not exist
    for them. (Staff who see a case but may not do this: test_staff_may_not_move_...)"""
    if role not in QUEUE_VIEWERS:
        return 403
    assert not permissions.can_see_case(cast[role], case)
    return 404


@pytest.mark.parametrize(("action", "role"), pairs(CASE_MATRIX))
def test_act_on_a_case_through_the_page(cast, action, role):
    kind, who = CASE_MATRIX[action]
    case = cast.case_about(kind)
    response = page_client(cast, role).post(
        reverse("moderation_case", args=[case.pk]), _case_action_data(cast, action)
    )
    if role in who:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == reverse("moderation_queue")
        assert _acted(case, action)
        return
    assert_page_refused(response, role, status=_refusal_status(cast, case, role))
    assert not _acted(case, action)


@pytest.mark.parametrize(("action", "role"), pairs(CASE_MATRIX))
def test_act_on_a_case_through_the_api(cast, action, role):
    kind, who = CASE_MATRIX[action]
    case = cast.case_about(kind)
    response = api_client(cast, role).post(
        f"/api/v1/moderation/cases/{case.pk}/actions/",
        _case_action_data(cast, action),
        format="json",
    )
    if role in who:
        assert response.status_code == 200, response.content
        assert _acted(case, action)
        return
    assert_api_refused(response, role, status=_refusal_status(cast, case, role))
    assert not _acted(case, action)


@pytest.mark.parametrize("role", ["own_staff"])
def test_staff_may_not_move_their_own_organisations_things(cast, role):
    """The one action staff never have, asked of a case they can see."""
    case = cast.case_about("event")
    assert permissions.can_see_case(cast[role], case)
    assert not permissions.can_act_on_case(cast[role], case, "move")
    response = api_client(cast, role).post(
        f"/api/v1/moderation/cases/{case.pk}/actions/",
        {"action": "move", "reason": REASON, "category_id": cast.other_category.pk},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    page = page_client(cast, role).post(
        reverse("moderation_case", args=[case.pk]),
        {"action": "move", "reason": REASON, "category_id": cast.other_category.pk},
    )
    assert page.status_code == 400  # "move" is not among the choices the form offers them
    assert Case.objects.get(pk=case.pk).state == "open"


@pytest.mark.parametrize("role", ROLES)
def test_moderate_straight_from_a_thing(cast, role):
    """The "Moderate" button on an event: its open case, opened if none."""
    response = page_client(cast, role).post(
        reverse("moderation_thing", args=["event", cast.event.pk])
    )
    if role in STAFF_AND_MODERATORS:
        assert response.status_code == 302
        case = Case.objects.get(kind="event", object_id=cast.event.pk)
        assert response["Location"] == reverse("moderation_case", args=[case.pk])
    else:
        # Another organisation's staff see the queue but may not moderate this: 403 too.
        assert_page_refused(response, role, status=403)
        assert not Case.objects.filter(kind="event", object_id=cast.event.pk).exists()


# ---------------------------------------------------------------------------------------------
# Acting on a person: moderators only.


def _person_action_data(action: str) -> dict:
    data = {"action": action, "reason": REASON}
    if action == "suspend":
        data["days"] = 3
    return data


def _acted_on_person(target: User, action: str) -> bool:
    return AuditLogEntry.objects.filter(
        action=f"safety.person.{action}", subject_id=target.pk
    ).exists()


@pytest.mark.parametrize(("action", "role"), pairs(PERSON_ACTIONS))
def test_act_on_a_person_through_the_predicate_and_service(cast, action, role):
    target = cast["author"]
    allowed = role in MODERATORS
    assert permissions.can_act_on_people(cast[role]) is allowed
    if role == "visitor":
        return
    if allowed:
        act_on_person(actor=cast[role], person=target, **_person_action_data(action))
        assert _acted_on_person(target, action)
        return
    with pytest.raises(CommunityError) as refused:
        act_on_person(actor=cast[role], person=target, **_person_action_data(action))
    assert refused.value.code == "not_allowed"
    assert not _acted_on_person(target, action)


@pytest.mark.parametrize(("action", "role"), pairs(PERSON_ACTIONS))
def test_act_on_a_person_through_the_page(cast, action, role):
    target = cast["member"] if role == "author" else cast["author"]
    url = reverse("moderation_person", args=[target.pk])
    client = page_client(cast, role)
    shown = client.get(url)
    response = client.post(url, _person_action_data(action))
    if role in MODERATORS:
        assert shown.status_code == 200
        assert response.status_code == 302
        assert response["Location"] == url
        assert _acted_on_person(target, action)
        return
    if role in QUEUE_VIEWERS:
        # Staff see a person only through a case of theirs about them (none here), never act.
        assert shown.status_code == 404
        assert response.status_code in (403, 404)
    else:
        assert_page_refused(shown, role, status=403)
        assert_page_refused(response, role, status=403)
    assert not _acted_on_person(target, action)


@pytest.mark.parametrize(("action", "role"), pairs(PERSON_ACTIONS))
def test_act_on_a_person_through_the_api(cast, action, role):
    target = cast["member"] if role == "author" else cast["author"]
    response = api_client(cast, role).post(
        f"/api/v1/moderation/people/{target.pk}/actions/",
        _person_action_data(action),
        format="json",
    )
    if role in MODERATORS:
        assert response.status_code == 200, response.content
        assert _acted_on_person(target, action)
        return
    assert_api_refused(response, role, status=403)
    assert not _acted_on_person(target, action)


# ---------------------------------------------------------------------------------------------
# The everyday doors for suspended and banned people (and a member in good standing beside them).

EVERYDAY = ["member", "suspended", "banned"]


@pytest.mark.parametrize("role", EVERYDAY + ["visitor"])
def test_the_home_page(cast, role):
    response = page_client(cast, role).get("/")
    if role in BARRED:
        assert_barred_page(response, role)
        assert "Spamming" in response.content.decode() or role == "banned"
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", EVERYDAY)
def test_signing_out_and_getting_help_still_work(cast, role):
    client = page_client(cast, role)
    assert client.get(reverse("get_help")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


@pytest.mark.parametrize("role", EVERYDAY + ["visitor"])
def test_post_a_reply_through_the_page(cast, role):
    response = page_client(cast, role).post(
        reverse("forums_reply", args=[cast.topic.pk]), {"body": "Yes, it is allowed."}
    )
    replies = cast.topic.posts.filter(number__gt=1)
    if role == "member":
        assert response.status_code == 302
        assert replies.count() == 1
    else:
        assert_page_refused(response, role, status=0)
        assert not replies.exists()


@pytest.mark.parametrize("role", EVERYDAY + ["visitor"])
def test_post_a_reply_through_the_api(cast, role):
    response = api_client(cast, role).post(
        f"/api/v1/forums/topics/{cast.topic.pk}/posts/",
        {"body": "Yes, it is allowed."},
        format="json",
    )
    replies = cast.topic.posts.filter(number__gt=1)
    if role == "member":
        assert response.status_code == 201, response.content
        assert replies.count() == 1
    else:
        assert_api_refused(response, role, status=0)
        assert not replies.exists()


@pytest.mark.parametrize("role", EVERYDAY + ["visitor"])
def test_send_a_chat_message_through_the_api(cast, role):
    before = cast.room.messages.count()  # the author's message, from the world
    response = api_client(cast, role).post(
        f"/api/v1/chat/rooms/{cast.room.pk}/messages/",
        {"body": "Hello", "client_id": str(uuid.uuid4())},
        format="json",
    )
    if role == "member":
        assert response.status_code == 201, response.content
    else:
        assert_api_refused(response, role, status=0)
    assert cast.room.messages.count() - before == (1 if role == "member" else 0)


@pytest.mark.parametrize("role", EVERYDAY)
def test_a_token_is_refused_too(role):
    """A token issued while the person was in good standing stops working once they are barred."""
    person = PersonFactory()
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    key = issue_api_token(person=person)
    bars = {
        "member": {},
        "suspended": {"suspended_until": timezone.now() + datetime.timedelta(days=3)},
        "banned": {"banned": True},
    }
    User.objects.filter(pk=person.pk).update(**bars[role])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/v1/reports/")
    if role == "member":
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert response.json()["code"] == role
