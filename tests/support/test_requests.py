"""A request for help through the services: asking, taking, ending, handing on, reassigning,
sending again and expiring; who is told, and what is refused with which code."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from community.chat.models import Room
from community.chat.services.rooms import open_private_room
from community.errors import NotAllowed
from community.models import AuditLogEntry, Notification
from community.periodic import registered_jobs
from community.safety.models import Block
from community.support.errors import SupportError
from community.support.models import Listing, SupportRequest
from community.support.services import requests as services
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    advisor_of,
    staff_of,
    theme,
)
from tests.support.helpers import helper

pytestmark = pytest.mark.django_db

State = SupportRequest.State
NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def member():
    return PersonFactory(display_name="Budget Holder")


@pytest.fixture
def advisor(organisation):
    return helper(organisation, display_name="Chosen Advisor")


def ask(member, **to) -> SupportRequest:
    return services.ask_for_help(
        member=member,
        body="  How do I pay my PA's holiday?  ",
        wants=SupportRequest.Wants.ONE_OFF,
        **to,
    )


def told(kind: str) -> dict[str, str]:
    return {
        n.recipient.display_name: n.message
        for n in Notification.objects.filter(kind=kind).select_related("recipient")
    }


# --- Asking -----------------------------------------------------------------------------------


def test_asking_one_advisor_names_their_organisation_and_tells_them(member, advisor, organisation):
    with time_machine.travel(NOW, tick=False):
        request = services.ask_for_help(
            member=member,
            body="  How do I pay my PA's holiday?  ",
            wants=SupportRequest.Wants.REGULAR,
            advisor=advisor,
            specialism=theme("employing-a-pa"),
            way_to_talk="chat",
            area="leeds",
            language="bsl",
            access_needs="Please write short messages.",
        )
    assert request.state == State.OPEN
    assert request.organisation == organisation
    assert request.body == "How do I pay my PA's holiday?"
    assert request.language == "bfi"
    assert request.expires_at == NOW + datetime.timedelta(days=14)
    notification = Notification.objects.get(kind="support.request_arrived")
    assert notification.recipient == advisor
    assert notification.url == reverse("support_request", args=[request.pk])
    assert "PA's holiday" not in notification.message  # their words stay on the request page


def test_how_long_a_request_waits_is_a_setting(member, advisor, settings):
    settings.SUPPORT_REQUEST_EXPIRES_DAYS = 3
    with time_machine.travel(NOW, tick=False):
        request = ask(member, advisor=advisor)
    assert request.expires_at == NOW + datetime.timedelta(days=3)


def test_asking_a_team_tells_its_helpers_who_take_requests_and_its_staff(member, organisation):
    helper(organisation, display_name="Helper One")
    advisor_of(organisation, display_name="No Listing Yet")
    helper(organisation, display_name="Paused", paused=True)
    helper(OrganisationFactory(), display_name="Elsewhere")
    staff_of(organisation, display_name="Staff Sam")
    request = ask(member, organisation=organisation)
    assert request.advisor is None
    assert request.organisation == organisation
    assert set(told("support.request_arrived")) == {"Helper One", "No Listing Yet", "Staff Sam"}


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("nobody", "no_one_to_send_to"),
        ("team with nobody taking", "no_one_to_send_to"),
        ("unverified team", "no_one_to_send_to"),
        ("not a helper", "not_a_helper"),
        ("themselves", "not_a_helper"),
        ("paused", "paused"),
        ("paused by staff", "paused"),
        ("not in the directory", "not_listed"),
        ("blocked", "blocked"),
    ],
)
def test_a_request_needs_someone_who_can_take_it(member, organisation, case, code):
    paused_by_staff = helper(organisation)
    Listing.objects.filter(person=paused_by_staff).update(paused_by_organisation=organisation)
    blocked = helper(organisation)
    Block.objects.create(blocker=blocked, blocked=member)
    unverified = OrganisationFactory(verified=False)
    helper(unverified)
    to = {
        "nobody": {},
        "team with nobody taking": {"organisation": organisation},
        "unverified team": {"organisation": unverified},
        "not a helper": {"advisor": PersonFactory()},
        "themselves": {"advisor": member},
        "paused": {"advisor": helper(organisation, paused=True)},
        "paused by staff": {"advisor": paused_by_staff},
        "not in the directory": {"advisor": helper(organisation, listed=False)},
        "blocked": {"advisor": blocked},
    }[case]
    if case == "team with nobody taking":
        Listing.objects.filter(person__memberships__organisation=organisation).update(paused=True)
    with pytest.raises(SupportError) as refused:
        ask(member, **to)
    assert refused.value.code == code
    if "advisor" in to:
        assert refused.value.field == "advisor"
    assert not SupportRequest.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"body": "   "}, "body"),
        ({"body": "x" * 3001}, "body"),
        ({"body": "a\x00b"}, "body"),
        ({"wants": "everything"}, "wants"),
        ({"way_to_talk": "pigeon"}, "way_to_talk"),
        ({"area": "narnia"}, "area"),
        ({"language": "klingon"}, "language"),
        ({"access_needs": "x" * 501}, "access_needs"),
    ],
)
def test_bad_answers_are_refused_on_their_field(member, advisor, answers, field):
    fields = {"body": "A question", "wants": SupportRequest.Wants.ONE_OFF, **answers}
    with pytest.raises(SupportError) as refused:
        services.ask_for_help(member=member, advisor=advisor, **fields)
    assert (refused.value.code, refused.value.field) == ("invalid", field)


def test_a_visitor_cannot_ask(advisor):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        ask(AnonymousUser(), advisor=advisor)


# --- Accepting --------------------------------------------------------------------------------


def test_accepting_opens_a_private_conversation_and_tells_the_member(member, advisor):
    request = ask(member, advisor=advisor)
    accepted = services.accept_request(person=advisor, request=request)
    accepted.refresh_from_db()
    assert accepted.state == State.ACCEPTED
    assert accepted.advisor == advisor
    assert accepted.accepted_at is not None
    room = accepted.room
    assert room.kind == Room.Kind.PRIVATE
    assert set(room.participants.values_list("person_id", flat=True)) == {member.pk, advisor.pk}
    assert list(told("support.request_accepted")) == ["Budget Holder"]


def test_accepting_uses_the_conversation_the_two_already_have(member, advisor):
    existing = open_private_room(people=[member, advisor], created_by=member)
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    assert request.room == existing
    assert Room.objects.count() == 1


def test_two_helpers_accepting_a_team_request_at_once_only_one_wins(member, organisation):
    first = helper(organisation)
    second = helper(organisation)
    request = ask(member, organisation=organisation)
    stale = SupportRequest.objects.get(pk=request.pk)
    services.accept_request(person=first, request=request)
    with pytest.raises(SupportError) as refused:
        services.accept_request(person=second, request=stale)
    assert refused.value.code == "wrong_state"
    request.refresh_from_db()
    assert request.advisor == first
    assert Room.objects.count() == 1


def test_a_helper_who_paused_after_it_arrived_cannot_accept(member, advisor):
    request = ask(member, advisor=advisor)
    Listing.objects.filter(person=advisor).update(paused=True)
    with pytest.raises(NotAllowed):
        services.accept_request(person=advisor, request=request)


def test_a_block_after_asking_stops_the_helper_accepting(member, advisor):
    request = ask(member, advisor=advisor)
    Block.objects.create(blocker=member, blocked=advisor)
    with pytest.raises(SupportError) as refused:
        services.accept_request(person=advisor, request=request)
    assert refused.value.code == "blocked"
    assert not Room.objects.exists()


# --- Ending -----------------------------------------------------------------------------------


def test_withdrawing_tells_the_advisor_who_was_helping(member, advisor):
    services.withdraw_request(member=member, request=ask(member, advisor=advisor))
    assert not told("support.request_withdrawn")  # nobody had taken it yet
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    services.withdraw_request(member=member, request=request)
    notification = Notification.objects.get(kind="support.request_withdrawn")
    assert notification.recipient == advisor
    assert "Budget Holder withdrew their request" in notification.message
    assert "PA's holiday" not in notification.message
    assert notification.url == reverse("support_request", args=[request.pk])


def test_the_member_withdraws_an_open_or_accepted_request(member, advisor):
    request = services.withdraw_request(member=member, request=ask(member, advisor=advisor))
    assert request.state == State.WITHDRAWN
    assert request.ended_at is not None
    with pytest.raises(SupportError) as refused:
        services.withdraw_request(member=member, request=request)
    assert refused.value.code == "wrong_state"
    with pytest.raises(NotAllowed):
        services.withdraw_request(member=advisor, request=ask(member, advisor=advisor))


def test_the_helper_closing_asks_the_member_if_it_helped(member, advisor):
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    closed = services.close_request(person=advisor, request=request)
    assert closed.state == State.CLOSED
    assert "Did this help?" in told("support.request_closed")["Budget Holder"]

    answered = services.answer_did_it_help(
        member=member, request=closed, helped=True, note="  Yes, thank you.  "
    )
    answered.refresh_from_db()
    assert (answered.helped, answered.helped_note) == (True, "Yes, thank you.")


def test_a_member_closing_it_themselves_is_not_sent_a_notification(member, advisor):
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    services.close_request(person=member, request=request)
    assert not told("support.request_closed")


def test_only_an_accepted_request_closes_and_only_a_closed_one_is_answered(member, advisor):
    request = ask(member, advisor=advisor)
    with pytest.raises(SupportError) as refused:
        services.close_request(person=advisor, request=request)
    assert refused.value.code == "wrong_state"
    with pytest.raises(SupportError) as refused:
        services.answer_did_it_help(member=member, request=request, helped=False)
    assert refused.value.code == "wrong_state"
    with pytest.raises(NotAllowed):
        services.close_request(person=PersonFactory(), request=request)


# --- Handing over and reassigning -------------------------------------------------------------


@pytest.mark.parametrize("reason", list(SupportRequest.HandOver))
def test_handing_over_leaves_it_with_the_staff_and_tells_only_them(
    member, advisor, organisation, reason
):
    helper(organisation, display_name="Colleague")
    staff_of(organisation, display_name="Staff Sam")
    staff_of(OrganisationFactory(), display_name="Other Staff")
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    later = timezone.now() + datetime.timedelta(days=10)
    with time_machine.travel(later, tick=False):
        handed = services.hand_over_request(
            person=advisor, request=request, reason=reason, note="  She needs a payroll expert. "
        )
    handed.refresh_from_db()
    assert handed.state == State.OPEN
    assert handed.advisor is None
    assert handed.handed_over == reason
    assert handed.handed_over_by == advisor
    assert handed.handed_over_note == "She needs a payroll expert."
    assert handed.expires_at == later + datetime.timedelta(days=14)
    messages = told("support.request_handed_over")
    assert list(messages) == ["Staff Sam"]
    says_safeguarding = messages["Staff Sam"].startswith("Safeguarding")
    assert says_safeguarding is (reason == SupportRequest.HandOver.SAFEGUARDING)
    assert AuditLogEntry.objects.filter(action="support.request_handed_over").exists()


@pytest.mark.parametrize(
    ("reason", "note", "field"),
    [("bored", "A note", "reason"), ("beyond_training", "  ", "note")],
)
def test_handing_over_needs_a_reason_and_a_note(member, advisor, reason, note, field):
    request = ask(member, advisor=advisor)
    with pytest.raises(SupportError) as refused:
        services.hand_over_request(person=advisor, request=request, reason=reason, note=note)
    assert (refused.value.code, refused.value.field) == ("invalid", field)


def test_staff_reassign_a_request_to_another_helper_who_must_accept_it(
    member, advisor, organisation
):
    staff = staff_of(organisation)
    colleague = helper(organisation, display_name="Colleague")
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    reassigned = services.reassign_request(staff=staff, request=request, helper=colleague)
    reassigned.refresh_from_db()
    assert (reassigned.state, reassigned.advisor) == (State.OPEN, colleague)
    assert reassigned.accepted_at is None
    assert told("support.request_reassigned") == {
        "Colleague": "You have been asked to take a request about a question.",
        # Who had it hears it has gone, and nothing of what the member wrote.
        "Chosen Advisor": f"Staff at {organisation.name} gave a request you had to someone else.",
    }
    assert told("support.request_passed_on") == {
        "Budget Holder": f"Colleague from {organisation.name} will look at your request."
    }
    services.accept_request(person=colleague, request=reassigned)


def test_a_request_given_to_someone_else_leaves_the_old_conversation_behind(
    member, advisor, organisation
):
    staff = staff_of(organisation)
    colleague = helper(organisation, display_name="Colleague")
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    first_room = request.room

    reassigned = services.reassign_request(staff=staff, request=request, helper=colleague)
    reassigned.refresh_from_db()
    assert reassigned.room is None  # the member's talk with the advisor is not the colleague's
    assert Room.objects.filter(pk=first_room.pk).exists()  # and it stays the two people's

    taken = services.accept_request(person=colleague, request=reassigned)
    taken.refresh_from_db()
    assert taken.room is not None and taken.room != first_room
    assert {p.person_id for p in taken.room.participants.all()} == {member.pk, colleague.pk}


def test_handing_over_leaves_the_conversation_with_the_advisor_behind(
    member, advisor, organisation
):
    staff_of(organisation)
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    handed = services.hand_over_request(
        person=advisor, request=request, reason="beyond_training", note="Needs a payroll expert."
    )
    handed.refresh_from_db()
    assert handed.room is None


@pytest.mark.parametrize("staff", ["none", "only the member", "left", "account closed"])
def test_handing_over_is_refused_when_there_are_no_staff_to_see_it(
    member, advisor, organisation, staff
):
    # It would wait for the staff for ever, never expiring, with nobody to read it.
    if staff == "only the member":
        MembershipFactory(person=member, organisation=organisation, role="staff", trained_on=None)
    elif staff == "left":
        staff_of(organisation).memberships.update(active=False)
    elif staff == "account closed":
        gone = staff_of(organisation)
        gone.is_active = False
        gone.save(update_fields=["is_active"])
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    with pytest.raises(SupportError) as refused:
        services.hand_over_request(
            person=advisor, request=request, reason="safeguarding", note="Worried about her."
        )
    assert (refused.value.code, refused.value.field) == ("no_one_to_send_to", "reason")
    assert refused.value.message == (
        f"{organisation.name} has no staff on Alongside to pass this to. Talk to them directly."
    )
    request.refresh_from_db()
    assert (request.state, request.advisor, request.handed_over) == (State.ACCEPTED, advisor, "")
    assert request.room is not None
    assert not Notification.objects.filter(kind="support.request_handed_over").exists()


def test_staff_give_a_handed_over_request_to_a_helper_and_the_note_stays(
    member, advisor, organisation
):
    staff = staff_of(organisation)
    colleague = helper(organisation, display_name="Colleague")
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    services.hand_over_request(
        person=advisor, request=request, reason="safeguarding", note="Worried about her."
    )
    with pytest.raises(NotAllowed):
        services.accept_request(person=colleague, request=request)
    reassigned = services.reassign_request(staff=staff, request=request, helper=colleague)
    reassigned.refresh_from_db()
    assert (reassigned.state, reassigned.advisor) == (State.OPEN, colleague)
    assert (reassigned.handed_over, reassigned.handed_over_by) == ("safeguarding", advisor)
    assert reassigned.handed_over_note == "Worried about her."
    assert services.accept_request(person=colleague, request=reassigned).advisor == colleague


def test_a_site_admin_cannot_reassign(member, advisor, organisation):
    request = ask(member, advisor=advisor)
    colleague = helper(organisation)
    with pytest.raises(NotAllowed):
        services.reassign_request(
            staff=PersonFactory(is_superuser=True), request=request, helper=colleague
        )


@pytest.mark.parametrize("case", ["elsewhere", "paused", "member", "blocked"])
def test_staff_can_reassign_only_to_a_helper_of_theirs_who_can_take_it(
    member, advisor, organisation, case
):
    staff = staff_of(organisation)
    request = ask(member, advisor=advisor)
    chosen = {
        "elsewhere": lambda: helper(OrganisationFactory()),
        "paused": lambda: helper(organisation, paused=True),
        "member": lambda: member,
        "blocked": lambda: helper(organisation),
    }[case]()
    if case == "blocked":
        Block.objects.create(blocker=member, blocked=chosen)
    with pytest.raises(SupportError) as refused:
        services.reassign_request(staff=staff, request=request, helper=chosen)
    assert refused.value.code == {"elsewhere": "not_a_helper", "member": "not_a_helper"}.get(
        case, case
    )
    assert refused.value.field == "helper"


# --- Sending again and expiring ---------------------------------------------------------------


def test_sending_again_makes_a_new_request_with_the_same_answers(member, advisor):
    first = services.ask_for_help(
        member=member,
        advisor=advisor,
        body="About holiday pay",
        wants=SupportRequest.Wants.PLAN,
        specialism=theme("employing-a-pa"),
        language="bfi",
        area="leeds",
        way_to_talk="chat",
        access_needs="Short sentences",
    )
    services.withdraw_request(member=member, request=first)
    again = services.send_again(member=member, request=first)
    assert again.pk != first.pk
    assert again.state == State.OPEN
    same = ("body", "wants", "specialism", "language", "area", "way_to_talk", "access_needs")
    assert [getattr(again, f) for f in same] == [getattr(first, f) for f in same]
    assert again.advisor == advisor


@pytest.mark.parametrize(
    "change", [{"paused": True}, {"listed": False}], ids=["paused", "unlisted"]
)
def test_sending_again_goes_to_the_team_when_the_advisor_cannot_be_asked(
    member, advisor, organisation, change
):
    helper(organisation, display_name="Colleague")
    first = ask(member, advisor=advisor)
    services.withdraw_request(member=member, request=first)
    Listing.objects.filter(person=advisor).update(**change)
    again = services.send_again(member=member, request=first)
    assert (again.advisor, again.organisation) == (None, organisation)


def test_a_request_is_sent_again_only_once(member, advisor):
    first = services.withdraw_request(member=member, request=ask(member, advisor=advisor))
    stale = SupportRequest.objects.get(pk=first.pk)  # a second tab, or a double press
    again = services.send_again(member=member, request=first)
    first.refresh_from_db()
    assert first.sent_again_as == again
    with pytest.raises(SupportError) as refused:
        services.send_again(member=member, request=stale)
    assert (refused.value.code, refused.value.message) == (
        "wrong_state",
        "You already sent this again.",
    )
    assert SupportRequest.objects.count() == 2


def test_only_an_ended_request_of_ones_own_is_sent_again(member, advisor):
    request = ask(member, advisor=advisor)
    with pytest.raises(SupportError) as refused:
        services.send_again(member=member, request=request)
    assert refused.value.code == "wrong_state"
    services.withdraw_request(member=member, request=request)
    with pytest.raises(NotAllowed):
        services.send_again(member=PersonFactory(), request=request)


def test_open_requests_past_their_time_expire_and_the_member_is_told(member, advisor):
    with time_machine.travel(NOW, tick=False):
        waiting = ask(member, advisor=advisor)
        taken = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    with time_machine.travel(NOW + datetime.timedelta(days=10), tick=False):
        recent = ask(member, advisor=advisor)
    with time_machine.travel(NOW + datetime.timedelta(days=14, minutes=1), tick=False):
        assert services.expire_requests() == 1
        assert services.expire_requests() == 0
    waiting.refresh_from_db()
    taken.refresh_from_db()
    recent.refresh_from_db()
    assert (waiting.state, taken.state, recent.state) == (State.EXPIRED, State.ACCEPTED, State.OPEN)
    notification = Notification.objects.get(kind="support.request_expired")
    assert notification.recipient == member
    assert "send it again" in notification.message
    assert notification.url == reverse("support_request", args=[waiting.pk])


def test_a_request_handed_to_the_staff_waits_for_them_however_long(member, advisor, organisation):
    staff_of(organisation)
    with time_machine.travel(NOW, tick=False):
        request = services.hand_over_request(
            person=advisor,
            request=ask(member, advisor=advisor),
            reason="beyond_training",
            note="Needs a payroll expert.",
        )
    with time_machine.travel(NOW + datetime.timedelta(days=60), tick=False):
        assert services.expire_requests() == 0
    request.refresh_from_db()
    assert request.state == State.OPEN
    assert not Notification.objects.filter(kind="support.request_expired").exists()


def test_expiring_is_an_hourly_job():
    [job] = [job for job in registered_jobs() if job.name == "support.expire_requests"]
    assert job.every == datetime.timedelta(hours=1)
    assert job.task.call() == 0


def test_every_kind_support_sends_is_registered():
    from community.notification_kinds import Delivery, get_kind

    assert get_kind("support.planning_session_cancelled").default_delivery == Delivery.EMAIL
    assert get_kind("support.request_passed_on").default_delivery == Delivery.EMAIL
    assert get_kind("support.request_withdrawn").default_delivery == Delivery.IN_APP
