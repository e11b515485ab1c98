"""Who may do what with a support plan: the member owns it, their partner and the people they
share it with read it, the partner's organisation's staff read it while the member allows, and
nobody else (not another member, another organisation's staff, a moderator or a site admin)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.support.models import PlanComment, PlanShare, SupportRequest
from community.support.plan_permissions import (
    can_book_planning_session,
    can_change_partner,
    can_comment_on_plan,
    can_edit_plan,
    can_resolve_comment,
    can_see_plan,
    can_see_session_details,
    can_share_plan,
    can_start_plan,
)
from community.support.services.plans import book_planning_session, start_plan
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of

pytestmark = pytest.mark.django_db


def plan_request(member, advisor, organisation, *, state="accepted", wants="plan"):
    return SupportRequest.objects.create(
        member=member,
        advisor=advisor,
        organisation=organisation,
        wants=wants,
        body="Can someone help me write my support plan?",
        state=state,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )


@pytest.fixture
def people():
    organisation = OrganisationFactory()
    member = PersonFactory(display_name="Budget Holder")
    partner = advisor_of(organisation, display_name="Planning Partner")
    request = plan_request(member, partner, organisation)
    plan = start_plan(owner=member, request=request)
    reader, commenter = PersonFactory(), PersonFactory()
    PlanShare.objects.create(plan=plan, person=reader)
    PlanShare.objects.create(plan=plan, person=commenter, can_comment=True)
    session = book_planning_session(
        person=partner,
        plan=plan,
        starts=timezone.now() + datetime.timedelta(days=3),
        minutes=60,
        way="in_person",
        where="12 Mill Lane",
    )
    return {
        "plan": plan,
        "session": session,
        "member": member,
        "partner": partner,
        "reader": reader,
        "commenter": commenter,
        "staff": staff_of(organisation),
        "other staff": staff_of(OrganisationFactory()),
        "other advisor": advisor_of(organisation),
        "other member": PersonFactory(),
        "moderator": PersonFactory(is_moderator=True),
        "site admin": PersonFactory(is_superuser=True),
        "anonymous": AnonymousUser(),
    }


# who: (see, edit, comment, share, book a session, change the partner, see where a session is)
MATRIX = {
    "member": (True, True, True, True, True, True, True),
    "partner": (True, False, True, False, True, False, True),
    "reader": (True, False, False, False, False, False, False),
    "commenter": (True, False, True, False, False, False, False),
    "staff": (True, False, False, False, False, False, False),
    "other staff": (False, False, False, False, False, False, False),
    "other advisor": (False, False, False, False, False, False, False),
    "other member": (False, False, False, False, False, False, False),
    "moderator": (False, False, False, False, False, False, False),
    "site admin": (False, False, False, False, False, False, False),
    "anonymous": (False, False, False, False, False, False, False),
}


@pytest.mark.parametrize("who", MATRIX)
def test_each_role_may_do_exactly_what_the_matrix_says(people, who):
    plan, person = people["plan"], people[who]
    answers = (
        can_see_plan(person, plan),
        can_edit_plan(person, plan),
        can_comment_on_plan(person, plan),
        can_share_plan(person, plan),
        can_book_planning_session(person, plan),
        can_change_partner(person, plan),
        can_see_session_details(person, people["session"]),
    )
    assert answers == MATRIX[who]


def test_the_organisations_staff_lose_sight_of_the_plan_when_the_member_says_so(people):
    plan, staff = people["plan"], people["staff"]
    plan.organisation_can_see = False
    assert not can_see_plan(staff, plan)
    assert can_see_plan(people["partner"], plan)  # the partner is not "the organisation"


def test_a_closed_account_can_do_nothing_even_with_its_own_plan(people):
    plan, member = people["plan"], people["member"]
    member.is_active = False
    assert not can_see_plan(member, plan)
    assert not can_edit_plan(member, plan)


def test_the_member_resolves_any_comment_and_an_author_only_their_own(people):
    plan = people["plan"]
    by_partner = PlanComment.objects.create(plan=plan, author=people["partner"], body="Good start")
    by_commenter = PlanComment.objects.create(plan=plan, author=people["commenter"], body="Hm")

    assert can_resolve_comment(people["member"], by_partner)
    assert can_resolve_comment(people["partner"], by_partner)
    assert not can_resolve_comment(people["commenter"], by_partner)
    assert can_resolve_comment(people["commenter"], by_commenter)
    for who in ("staff", "reader", "moderator", "site admin", "anonymous"):
        assert not can_resolve_comment(people[who], by_partner), who


def test_an_author_who_can_no_longer_see_the_plan_cannot_resolve_their_comment(people):
    plan, commenter = people["plan"], people["commenter"]
    comment = PlanComment.objects.create(plan=plan, author=commenter, body="Hm")
    PlanShare.objects.filter(plan=plan, person=commenter).delete()
    assert not can_resolve_comment(commenter, comment)


def test_a_former_partner_no_longer_sees_where_sessions_they_were_not_in_are(people):
    plan, session = people["plan"], people["session"]
    newcomer = advisor_of(plan.organisation)
    plan.partner = newcomer
    assert can_see_plan(newcomer, plan) and can_book_planning_session(newcomer, plan)
    assert not can_see_session_details(newcomer, session)  # booked with the partner before
    assert can_see_session_details(people["partner"], session)  # still in their own calendar


def test_a_plan_without_a_partner_has_no_sessions_to_book():
    member = PersonFactory()
    plan = start_plan(owner=member)
    assert can_see_plan(member, plan) and can_edit_plan(member, plan)
    assert not can_book_planning_session(member, plan)


@pytest.mark.parametrize(
    "state, wants, whose, allowed",
    [
        ("accepted", "plan", "member", True),
        ("open", "plan", "member", False),
        ("closed", "plan", "member", False),
        ("accepted", "regular", "member", False),
        ("accepted", "plan", "partner", False),
        ("accepted", "plan", "other member", False),
    ],
)
def test_a_plan_starts_from_the_members_own_taken_request_for_plan_help(
    state, wants, whose, allowed
):
    organisation = OrganisationFactory()
    people = {"member": PersonFactory(), "partner": advisor_of(organisation)}
    people["other member"] = PersonFactory()
    request = plan_request(
        people["member"], people["partner"], organisation, state=state, wants=wants
    )
    assert can_start_plan(people[whose], request) is allowed


def test_anyone_signed_in_may_start_a_plan_of_their_own():
    assert can_start_plan(PersonFactory())
    assert not can_start_plan(AnonymousUser())
    assert not can_start_plan(PersonFactory(is_active=False))
