"""What the permission matrix (test_permission_matrix.py) found, each kept fixed here:
- `/ws/me/` refused a suspended or banned person as if signed out (4401), so the page would
  tell them to log in again; it now closes with 4403, as a chat room does.
- A moderator could "approve" or "decline" a case that was not waiting for approval: a reported
  (even held) thing was shown to everyone and its case closed as "approved"."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from community.consumers import ACCOUNT_CLOSED, CLOSE_NOT_SIGNED_IN
from community.errors import CommunityError
from community.models import AuditLogEntry
from community.safety.holds import wait_for_approval
from community.safety.models import Case
from community.safety.moderation import act_on_case
from community.safety.reports import report_concern
from community.safety.visibility import Visibility
from events.models import Event
from tests.chat.sockets import Sockets
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, PersonFactory

REASON = "Checked by a moderator"


# /ws/me/: barred people are told "not allowed" (4403), visitors "not signed in" (4401).


def _barred(how: str):
    if how == "banned":
        return PersonFactory(banned=True)
    return PersonFactory(suspended_until=timezone.now() + datetime.timedelta(days=3))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["suspended", "banned"])
async def test_my_live_socket_refuses_barred_people_with_4403(chat_sockets_settings, how):
    person = await sync_to_async(_barred)(how)
    sockets = Sockets()
    try:
        tab = await sockets.open("/ws/me/", person)
        assert not tab.connected
        assert tab.close_code == ACCOUNT_CLOSED == 4403
    finally:
        await sockets.close_all()


@pytest.mark.django_db(transaction=True)
async def test_my_live_socket_still_tells_visitors_to_sign_in(chat_sockets_settings):
    sockets = Sockets()
    try:
        tab = await sockets.open("/ws/me/")
        assert not tab.connected
        assert tab.close_code == CLOSE_NOT_SIGNED_IN == 4401
    finally:
        await sockets.close_all()


@pytest.mark.django_db(transaction=True)
async def test_a_suspension_that_has_ended_lets_the_socket_open(chat_sockets_settings):
    past = timezone.now() - datetime.timedelta(days=1)
    person = await sync_to_async(PersonFactory)(suspended_until=past)
    sockets = Sockets()
    try:
        tab = await sockets.me(person)
        assert tab.connected
    finally:
        await sockets.close_all()


# Approve and decline: only for a case that waits for approval.


@pytest.fixture
def moderator(db):
    return PersonFactory(is_moderator=True)


@pytest.fixture
def event(db):
    return EventFactory(organisation=OrganisationFactory(verified=True), created_by=PersonFactory())


def _reported(event) -> Case:
    report = report_concern(
        reporter=PersonFactory(), kind="event", object_id=event.pk, reason="spam"
    )
    return report.case


def _untouched(case: Case, action: str, visibility: str) -> None:
    case.refresh_from_db()
    assert case.state == Case.State.OPEN
    assert case.outcome == ""
    assert Event.objects.get(pk=case.object_id).visibility == visibility
    assert not AuditLogEntry.objects.filter(action=f"safety.case.{action}").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["approve", "decline"])
def test_a_reported_thing_cannot_be_approved_or_declined(moderator, event, action):
    case = _reported(event)
    with pytest.raises(CommunityError) as refused:
        act_on_case(actor=moderator, case=case, action=action, reason=REASON)
    assert refused.value.code == "not_waiting"
    assert refused.value.message == "This is not waiting for approval."
    _untouched(case, action, Visibility.SHOWN)


@pytest.mark.django_db
def test_approving_a_held_thing_does_not_show_it(settings, moderator, event):
    settings.SAFETY_HOLD_AFTER_REPORTS = 1
    case = _reported(event)
    assert Event.objects.get(pk=event.pk).visibility == Visibility.HELD
    with pytest.raises(CommunityError) as refused:
        act_on_case(actor=moderator, case=case, action="approve", reason=REASON)
    assert refused.value.code == "not_waiting"
    _untouched(case, "approve", Visibility.HELD)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["approve", "decline"])
def test_the_api_refuses_approving_what_is_not_waiting(moderator, event, action):
    case = _reported(event)
    client = APIClient()
    client.force_login(moderator)
    response = client.post(
        f"/api/v1/moderation/cases/{case.pk}/actions/",
        {"action": action, "reason": REASON},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "not_waiting"
    assert response.json()["detail"] == "This is not waiting for approval."
    _untouched(case, action, Visibility.SHOWN)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "visibility", "outcome"),
    [("approve", Visibility.SHOWN, "approved"), ("decline", Visibility.HIDDEN, "declined")],
)
def test_a_waiting_thing_can_still_be_approved_or_declined(
    moderator, event, action, visibility, outcome
):
    Event.objects.filter(pk=event.pk).update(visibility=Visibility.WAITING)
    case = wait_for_approval(kind="event", object_id=event.pk, author=event.created_by)
    client = APIClient()
    client.force_login(moderator)
    response = client.post(
        f"/api/v1/moderation/cases/{case.pk}/actions/",
        {"action": action, "reason": REASON},
        format="json",
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED and case.outcome == outcome
    assert Event.objects.get(pk=event.pk).visibility == visibility


@pytest.mark.django_db
def test_the_page_offers_no_approve_and_refuses_a_forged_one(moderator, event):
    """The page never offers it (actions_allowed); a hand-made POST is refused with the form."""
    case = _reported(event)
    client = Client()
    client.force_login(moderator)
    page = client.get(reverse("moderation_case", args=[case.pk]))
    assert page.status_code == 200
    assert 'value="approve"' not in page.content.decode()
    response = client.post(
        reverse("moderation_case", args=[case.pk]), {"action": "approve", "reason": REASON}
    )
    assert response.status_code == 400
    _untouched(case, "approve", Visibility.SHOWN)
