"""Support requests as something people can report, and the urgent-help signposting when a
member's words suggest they may be at risk. A hidden request leaves every helper's view; the
member and the organisation's staff still see it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.errors import NotAllowed
from community.models import Notification
from community.safety.models import Case
from community.safety.notification_kinds import URGENT
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from community.support import permissions, selectors
from community.support.models import SupportRequest
from community.support.services import requests as services
from tests.factories import OrganisationFactory, PersonFactory, staff_of, theme
from tests.support.helpers import helper

pytestmark = pytest.mark.django_db

KIND = reportable_kind("support_request")
State = SupportRequest.State


@pytest.fixture
def member():
    return PersonFactory(display_name="Budget Holder")


@pytest.fixture
def advisor(organisation):
    return helper(organisation, display_name="Chosen Advisor")


@pytest.fixture
def team_helper(organisation):
    return helper(organisation, display_name="Team Helper")


@pytest.fixture
def staff(organisation):
    return staff_of(organisation, display_name="Staff Member")


@pytest.fixture
def moderator():
    return PersonFactory(display_name="Mo Moderator", is_moderator=True)


def ask(member, body="How do I pay my PA's holiday?", **to) -> SupportRequest:
    return services.ask_for_help(member=member, body=body, wants="one_off", **to)


def test_the_queue_describes_a_request_by_what_it_is_about(member, advisor, organisation):
    pa = theme("employing-a-pa", "Employing a personal assistant (PA)")
    request = ask(member, advisor=advisor, specialism=pa)
    described = KIND.describe([request.pk])[request.pk]
    assert described.label == "Support request about employing a personal assistant (PA)"
    assert described.excerpt == "How do I pay my PA's holiday?"
    assert described.url == f"/support/requests/{request.pk}/"
    assert described.author_id == member.pk
    assert described.organisation_id == organisation.pk
    assert described.visibility == Visibility.SHOWN


def test_a_request_that_lost_its_organisation_is_described_with_the_advisors(
    member, advisor, organisation
):
    request = ask(member, advisor=advisor)
    SupportRequest.objects.filter(pk=request.pk).update(organisation=None)
    described = KIND.describe([request.pk])[request.pk]
    assert described.label == "Support request"
    assert described.organisation_id == organisation.pk


def test_describing_many_requests_costs_two_queries_at_most(member, advisor, rate_limits):
    rate_limits(request="100/3600")
    requests = [ask(member, advisor=advisor) for _ in range(4)]
    SupportRequest.objects.filter(pk__in=[r.pk for r in requests[:2]]).update(organisation=None)
    with CaptureQueriesContext(connection) as queries:
        described = KIND.describe([request.pk for request in requests])
    assert len(queries) <= 2
    assert len(described) == 4


def test_only_people_who_may_see_a_request_can_report_it(member, advisor, staff, organisation):
    request = ask(member, advisor=advisor)
    assert KIND.can_see(advisor, request.pk)
    assert KIND.can_see(staff, request.pk)
    assert not KIND.can_see(PersonFactory(), request.pk)
    assert not KIND.can_see(advisor, 999999)


def test_a_hidden_request_leaves_the_helpers_and_stays_with_the_member_and_staff(
    member, advisor, team_helper, staff, organisation
):
    to_advisor = ask(member, advisor=advisor)
    to_team = ask(member, organisation=organisation)
    assert len(selectors.requests_i_can_take(person=advisor)) == 2
    assert len(selectors.requests_i_can_take(person=team_helper)) == 1

    KIND.set_visibility(to_advisor.pk, Visibility.HIDDEN, None)
    KIND.set_visibility(to_team.pk, Visibility.HELD, None)

    assert selectors.requests_i_can_take(person=advisor) == []
    assert selectors.requests_i_can_take(person=team_helper) == []
    for request in SupportRequest.objects.select_related("organisation"):
        assert not permissions.can_see_request(advisor, request)
        assert not permissions.can_see_request(team_helper, request)
        assert not permissions.can_accept_request(advisor, request)
        assert permissions.can_see_request(member, request)
        assert permissions.can_see_request(staff, request)
    staff_view = selectors.requests_for_organisation(organisation=organisation)
    assert {request.pk for request in staff_view} == {to_advisor.pk, to_team.pk}


def test_a_hidden_request_leaves_the_conversations_of_the_helper_who_took_it(member, advisor):
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))
    assert list(selectors.my_conversations(person=advisor)) == [request]
    KIND.set_visibility(request.pk, Visibility.HIDDEN, None)
    assert list(selectors.my_conversations(person=advisor)) == []
    KIND.set_visibility(request.pk, Visibility.SHOWN, None)
    assert list(selectors.my_conversations(person=advisor)) == [request]


def test_the_list_of_requests_to_take_costs_the_same_with_hidden_ones(
    member, team_helper, organisation, rate_limits, django_assert_max_num_queries
):
    rate_limits(request="100/3600")
    for _ in range(2):
        ask(member, organisation=organisation)
    with CaptureQueriesContext(connection) as few:
        selectors.requests_to_take(person=team_helper)
    for _ in range(6):
        request = ask(member, organisation=organisation)
        KIND.set_visibility(request.pk, Visibility.HIDDEN, None)
    with django_assert_max_num_queries(len(few)):
        found = selectors.requests_to_take(person=team_helper)
    assert found.waiting == 2


def test_removing_a_request_ends_it_and_tells_the_helper_who_had_it(member, advisor, moderator):
    request = services.accept_request(person=advisor, request=ask(member, advisor=advisor))

    KIND.remove(request.pk, moderator)

    request.refresh_from_db()
    assert (request.state, request.visibility) == (State.CLOSED, Visibility.HIDDEN)
    assert request.ended_at is not None
    told = Notification.objects.filter(recipient=advisor).latest("pk")
    assert "has been ended" in told.message
    assert KIND.describe([request.pk])[request.pk].removed


def test_only_moderators_and_the_organisations_staff_can_remove_a_request(member, advisor, staff):
    request = ask(member, advisor=advisor)
    with pytest.raises(NotAllowed):
        KIND.remove(request.pk, advisor)
    KIND.remove(request.pk, staff)
    request.refresh_from_db()
    assert request.state == State.CLOSED


def test_removing_everything_a_member_sent(member, advisor, organisation, moderator):
    ask(member, advisor=advisor)
    ask(member, organisation=organisation)
    services.withdraw_request(member=member, request=ask(member, advisor=advisor))
    someone_else = ask(PersonFactory(), advisor=advisor)

    assert KIND.remove_all_by(member, moderator) == 3
    assert KIND.remove_all_by(member, moderator) == 0
    assert set(
        SupportRequest.objects.filter(member=member).values_list("visibility", flat=True)
    ) == {Visibility.HIDDEN}
    someone_else.refresh_from_db()
    assert (someone_else.state, someone_else.visibility) == (State.OPEN, Visibility.SHOWN)


# --- Urgent help ------------------------------------------------------------------------------


def test_a_request_with_words_of_risk_is_sent_and_marked_urgent_for_moderators_and_staff(
    member, advisor, staff, moderator, organisation
):
    request = ask(
        member, body="I can't cope. I have been thinking about ending it all.", advisor=advisor
    )

    assert request.urgent_help is True
    assert request.state == State.OPEN  # never held back
    case = Case.objects.get(kind="support_request", object_id=request.pk)
    assert case.urgent and case.urgent_words
    assert case.organisation == organisation
    urgent = set(
        Notification.objects.filter(kind=URGENT.code).values_list(
            "recipient__display_name", flat=True
        )
    )
    assert urgent == {"Staff Member", "Mo Moderator"}


def test_words_of_risk_in_the_access_needs_count_too(member, advisor):
    request = services.ask_for_help(
        member=member,
        body="Help with payroll",
        wants="one_off",
        advisor=advisor,
        access_needs="I feel suicidal some days, please be patient",
    )
    assert request.urgent_help is True


def test_an_ordinary_request_opens_no_case(member, advisor):
    request = ask(member, advisor=advisor)
    assert request.urgent_help is False
    assert not Case.objects.exists()


def test_sending_a_request_again_signposts_again(member, advisor):
    first = ask(member, body="I want to die, I can't pay my PA", advisor=advisor)
    services.withdraw_request(member=member, request=first)
    again = services.send_again(member=member, request=first)
    assert again.urgent_help is True


def test_a_request_to_another_organisation_tells_only_that_organisations_staff(
    member, organisation
):
    other = OrganisationFactory(name="Other Org", slug="other-org")
    staff_of(other, display_name="Other Staff")
    helper(other, display_name="Other Helper")
    ask(member, body="Better off dead", organisation=other)
    told = set(
        Notification.objects.filter(kind=URGENT.code).values_list(
            "recipient__display_name", flat=True
        )
    )
    assert told == {"Other Staff"}
