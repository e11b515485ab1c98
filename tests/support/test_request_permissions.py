"""The rules about requests and helpers, one predicate at a time, in the cases the whole-issue
matrix (test_permission_matrix.py) does not reach: pausing, closed accounts, blocks, site
admins and moderators, and lists that must not leak."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.models import Membership
from community.safety.models import Block
from community.support import permissions
from community.support.models import Listing, SupportRequest
from community.support.selectors import (
    my_conversations,
    my_requests,
    request_for,
    requests_for_organisation,
)
from community.support.services import requests as services
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of
from tests.support.helpers import helper

pytestmark = pytest.mark.django_db

State = SupportRequest.State


def ask(member, **to) -> SupportRequest:
    return services.ask_for_help(member=member, body="A question", wants="one_off", **to)


@pytest.mark.parametrize(
    ("case", "takes", "listed"),
    [
        ("listed", True, True),
        ("no listing yet", True, True),
        ("chose not to show", True, False),
        ("paused themselves", False, False),
        ("paused by staff", False, False),
        ("closed account", False, False),
        ("role ended", False, False),
        ("unverified organisation", False, False),
        ("staff only", False, False),
        ("member", False, False),
    ],
)
def test_who_takes_requests_and_who_is_in_the_directory(organisation, case, takes, listed):
    unverified = OrganisationFactory(verified=False)
    person = {
        "listed": lambda: helper(organisation),
        "no listing yet": lambda: advisor_of(organisation),
        "chose not to show": lambda: helper(organisation, listed=False),
        "paused themselves": lambda: helper(organisation, paused=True),
        "paused by staff": lambda: helper(organisation),
        "closed account": lambda: helper(organisation, is_active=False),
        "role ended": lambda: helper(organisation),
        "unverified organisation": lambda: helper(unverified),
        "staff only": lambda: staff_of(organisation),
        "member": lambda: PersonFactory(),
    }[case]()
    if case == "paused by staff":
        Listing.objects.filter(person=person).update(paused_by_organisation=organisation)
    if case == "role ended":
        Membership.objects.filter(person=person).update(active=False)
    assert permissions.takes_requests(person) is takes
    assert permissions.is_in_directory(person) is listed
    # One rule: whoever the directory shows can be asked by name, and nobody else.
    assert permissions.can_be_asked(person) is listed


def test_visitors_cannot_ask_and_signed_in_people_can():
    assert not permissions.can_ask_for_help(AnonymousUser())
    assert permissions.can_ask_for_help(PersonFactory())
    assert not permissions.can_ask_for_help(PersonFactory(is_active=False))


def test_site_admins_and_moderators_do_not_see_requests(organisation):
    request = ask(PersonFactory(), advisor=helper(organisation))
    for person in (PersonFactory(is_superuser=True), PersonFactory(is_moderator=True)):
        assert not permissions.can_see_request(person, request)
        assert request_for(viewer=person, request_id=request.pk) is None


def test_a_site_admin_neither_sees_an_organisations_support_nor_reassigns_its_requests(
    organisation,
):
    # The organisation's support view lists its requests, and site admins may not see requests.
    admin = PersonFactory(is_superuser=True)
    request = ask(PersonFactory(), advisor=helper(organisation))
    assert not permissions.can_reassign_request(admin, request)
    assert not permissions.can_see_organisation_support(admin, organisation)
    assert not permissions.can_pause_helper(admin, organisation, request.advisor)


def test_helpers_of_the_team_stop_seeing_a_request_once_someone_takes_it(organisation):
    member = PersonFactory()
    first, second = helper(organisation), helper(organisation)
    request = ask(member, organisation=organisation)
    assert permissions.can_see_request(second, request)
    request = services.accept_request(person=first, request=request)
    assert not permissions.can_see_request(second, request)
    assert permissions.can_see_request(first, request)
    assert permissions.can_see_request(staff_of(organisation), request)
    assert not permissions.can_see_request(staff_of(OrganisationFactory()), request)


def hand_over(request, advisor) -> SupportRequest:
    return services.hand_over_request(
        person=advisor,
        request=request,
        reason=SupportRequest.HandOver.SAFEGUARDING,
        note="I am worried about them.",
    )


@pytest.mark.parametrize("taken", [True, False], ids=["accepted", "still open"])
def test_a_handed_over_request_is_with_the_staff_not_the_team(organisation, taken):
    member = PersonFactory()
    advisor, colleague = helper(organisation), helper(organisation)
    staff = staff_of(organisation)
    request = ask(member, advisor=advisor)
    if taken:
        request = services.accept_request(person=advisor, request=request)
    request = hand_over(request, advisor)
    assert permissions.is_with_the_staff(request)
    for person in (advisor, colleague):
        assert not permissions.can_see_request(person, request)
        assert not permissions.can_accept_request(person, request)
        assert not permissions.can_see_hand_over_note(person, request)
    assert permissions.can_see_request(member, request)
    assert not permissions.can_see_hand_over_note(member, request)
    assert permissions.can_see_request(staff, request)
    assert permissions.can_see_hand_over_note(staff, request)
    assert permissions.can_reassign_request(staff, request)
    assert not permissions.can_see_hand_over_note(staff_of(OrganisationFactory()), request)


def test_after_reassigning_the_note_stays_with_the_staff_and_its_writer(organisation):
    member = PersonFactory()
    advisor, colleague = helper(organisation), helper(organisation)
    staff = staff_of(organisation)
    request = hand_over(ask(member, advisor=advisor), advisor)
    request = services.reassign_request(staff=staff, request=request, helper=colleague)
    assert not permissions.is_with_the_staff(request)
    assert permissions.can_see_request(colleague, request)
    assert permissions.can_accept_request(colleague, request)
    assert not permissions.can_see_hand_over_note(colleague, request)
    assert permissions.can_see_hand_over_note(staff, request)
    assert not permissions.can_see_request(advisor, request)
    assert not permissions.can_see_hand_over_note(advisor, request)
    # Given back to the advisor who wrote it, they read their own note again.
    request = services.reassign_request(staff=staff, request=request, helper=advisor)
    assert permissions.can_see_hand_over_note(advisor, request)
    assert not permissions.can_see_hand_over_note(colleague, request)


def test_staff_who_asked_for_help_themselves_do_not_read_a_note_about_them(organisation):
    staff = staff_of(organisation)
    staff_of(organisation)  # a colleague: handing over needs staff other than the member
    advisor = helper(organisation)
    request = hand_over(ask(staff, advisor=advisor), advisor)
    assert permissions.can_see_request(staff, request)
    assert not permissions.can_see_hand_over_note(staff, request)


def test_a_request_that_was_never_handed_over_has_no_note_to_see(organisation):
    request = ask(PersonFactory(), advisor=helper(organisation))
    assert not permissions.can_see_hand_over_note(staff_of(organisation), request)


def test_a_member_sends_a_request_again_once_and_only_when_it_has_ended(organisation):
    member = PersonFactory()
    request = ask(member, advisor=helper(organisation))
    assert not permissions.can_send_again(member, request)
    request = services.withdraw_request(member=member, request=request)
    assert permissions.can_send_again(member, request)
    assert not permissions.can_send_again(PersonFactory(), request)
    assert not permissions.can_send_again(AnonymousUser(), request)
    services.send_again(member=member, request=request)
    request.refresh_from_db()
    assert not permissions.can_send_again(member, request)


def test_a_helper_kept_apart_from_the_member_neither_sees_nor_takes_a_team_request(organisation):
    member = PersonFactory()
    blocked = helper(organisation)
    other = helper(organisation)
    request = ask(member, organisation=organisation)
    Block.objects.create(blocker=member, blocked=blocked)
    assert not permissions.can_see_request(blocked, request)
    assert not permissions.can_accept_request(blocked, request)
    assert permissions.can_accept_request(other, request)


def test_nobody_accepts_their_own_request(organisation):
    me = helper(organisation)
    request = SupportRequest.objects.create(
        member=me,
        organisation=organisation,
        wants="one_off",
        body="Help",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert not permissions.can_accept_request(me, request)


def test_an_advisor_hands_over_only_their_own_open_or_accepted_request(organisation):
    advisor = helper(organisation)
    request = ask(PersonFactory(), advisor=advisor)
    assert permissions.can_hand_over_request(advisor, request)
    request.state = State.CLOSED
    assert not permissions.can_hand_over_request(advisor, request)
    request.state = State.OPEN
    request.organisation = None
    assert not permissions.can_hand_over_request(advisor, request)


def test_staff_see_their_organisations_support_and_pause_only_their_helpers(organisation):
    staff = staff_of(organisation)
    mine = helper(organisation)
    theirs = helper(OrganisationFactory())
    assert permissions.can_see_organisation_support(staff, organisation)
    assert not permissions.can_see_organisation_support(mine, organisation)
    assert permissions.can_pause_helper(staff, organisation, mine)
    assert not permissions.can_pause_helper(staff, organisation, theirs)
    assert not permissions.can_pause_helper(mine, organisation, mine)


def test_each_list_holds_only_its_own_requests(organisation):
    member, another = PersonFactory(), PersonFactory()
    advisor = helper(organisation)
    mine = ask(member, advisor=advisor)
    helping = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    ended = services.withdraw_request(member=member, request=ask(member, advisor=advisor))
    ask(another, advisor=helper(OrganisationFactory()))
    assert set(my_requests(member=member)) == {mine, helping, ended}
    assert list(my_conversations(person=advisor)) == [helping]
    assert list(my_conversations(person=member)) == []
    assert list(requests_for_organisation(organisation=organisation)) == [mine, helping]


def test_a_request_that_does_not_exist_looks_the_same_as_one_you_may_not_see(organisation):
    request = ask(PersonFactory(), advisor=helper(organisation))
    nosy = PersonFactory()
    assert request_for(viewer=nosy, request_id=request.pk) is None
    assert request_for(viewer=nosy, request_id=request.pk + 1000) is None
    assert request_for(viewer=request.member, request_id=request.pk) == request
