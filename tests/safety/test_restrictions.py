"""Acting on a person: moderators only, a reason always, suspension for 1 to 365 days, the person
told by e-mail at once, their open sockets closed, everything they posted removable."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from community.consumers import ACCOUNT_CLOSED
from community.errors import CommunityError
from community.models import AuditLogEntry, Notification, Profile
from community.permissions import is_barred
from community.safety.restrictions import act_on_person
from config.asgi import application
from tests.factories import OrganisationFactory, PersonFactory, staff_of


@pytest.fixture
def moderator(db):
    return PersonFactory(is_moderator=True)


def _refused(code, **kwargs):
    with pytest.raises(CommunityError) as refused:
        act_on_person(**kwargs)
    assert refused.value.code == code
    return refused.value


@pytest.mark.django_db
def test_only_moderators_act_on_people(moderator):
    person = PersonFactory()
    _refused("not_allowed", actor=PersonFactory(), person=person, action="ban", reason="x")
    staff = staff_of(OrganisationFactory())
    _refused("not_allowed", actor=staff, person=person, action="warn", reason="x")
    _refused("not_allowed", actor=moderator, person=moderator, action="ban", reason="x")
    _refused("unknown_action", actor=moderator, person=person, action="shout", reason="x")
    needed = _refused("reason_needed", actor=moderator, person=person, action="warn", reason="")
    assert needed.field == "reason"


@pytest.mark.django_db
@pytest.mark.parametrize("days", [None, 0, 366, "3"])
def test_a_suspension_needs_1_to_365_days(moderator, days):
    person = PersonFactory()
    refused = _refused(
        "days_needed", actor=moderator, person=person, action="suspend", reason="x", days=days
    )
    assert refused.field == "days"
    person.refresh_from_db()
    assert not is_barred(person)


@pytest.mark.django_db(transaction=True)
def test_suspending_bars_the_person_for_the_days_and_tells_them_why(moderator):
    person = PersonFactory()
    act_on_person(
        actor=moderator, person=person, action="suspend", reason="Asking for money", days=7
    )
    person.refresh_from_db()
    assert is_barred(person)
    assert person.bar_reason == "Asking for money"
    left = person.suspended_until - timezone.now()
    assert datetime.timedelta(days=6, hours=23) < left <= datetime.timedelta(days=7)
    assert [message.to for message in mail.outbox] == [[person.email]]
    assert "Asking for money" in mail.outbox[0].body
    assert "suspended" in mail.outbox[0].body
    entry = AuditLogEntry.objects.get(action="safety.person.suspend")
    assert entry.subject_id == person.pk and entry.data == {"reason": "Asking for money", "days": 7}


@pytest.mark.django_db(transaction=True)
def test_banning_then_lifting(moderator):
    person = PersonFactory()
    act_on_person(actor=moderator, person=person, action="ban", reason="Scamming members")
    person.refresh_from_db()
    assert person.banned and is_barred(person)
    act_on_person(actor=moderator, person=person, action="lift", reason="Appeal accepted")
    person.refresh_from_db()
    assert not person.banned and person.suspended_until is None and person.bar_reason == ""
    assert not is_barred(person)
    assert len(mail.outbox) == 2
    codes = list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True))
    assert codes == ["safety.person.ban", "safety.person.lift"]


@pytest.mark.django_db(transaction=True)
def test_a_warning_is_told_to_the_person_with_the_reason(moderator):
    person = PersonFactory()
    act_on_person(actor=moderator, person=person, action="warn", reason="Please be kind")
    told = Notification.objects.get(recipient=person, kind="safety.account")
    assert "Please be kind" in told.message
    assert not is_barred(person)
    assert "Please be kind" in mail.outbox[0].body


@pytest.mark.django_db
def test_remove_everything_reaches_every_kind(moderator):
    person = PersonFactory()
    Profile.objects.filter(person=person).update(bio="Call me on 07000 000000", bio_html="<p>x</p>")
    act_on_person(actor=moderator, person=person, action="remove_everything", reason="Spam")
    assert Profile.objects.get(person=person).bio == ""
    entry = AuditLogEntry.objects.get(action="safety.person.remove_everything")
    assert entry.data["removed"] >= 1


def _session_cookie_for(person) -> bytes:
    client = Client()
    client.force_login(person)
    name = django_settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


@pytest.mark.django_db(transaction=True)
async def test_banning_closes_the_persons_open_socket():
    moderator = await sync_to_async(PersonFactory)(is_moderator=True)
    person = await sync_to_async(PersonFactory)()
    cookie = await sync_to_async(_session_cookie_for)(person)
    communicator = WebsocketCommunicator(
        application, "/ws/me/", headers=[(b"origin", b"http://testserver"), (b"cookie", cookie)]
    )
    connected, _ = await communicator.connect()
    assert connected
    await communicator.receive_json_from()  # the unread count on connect
    await sync_to_async(act_on_person)(
        actor=moderator, person=person, action="ban", reason="Scamming members"
    )
    closed = await communicator.receive_output(timeout=5)
    while closed["type"] != "websocket.close":
        closed = await communicator.receive_output(timeout=5)
    assert closed["code"] == ACCOUNT_CLOSED
    await communicator.disconnect()
