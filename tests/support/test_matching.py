"""Matching requests and helpers: what it is about counts most, then language, area and way to
talk; paused and inactive people are never offered; lists cost the same however long."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from community.models import User
from community.safety.models import Block
from community.support.models import Listing, SupportRequest
from community.support.selectors import (
    DirectoryFilters,
    directory,
    helpers_for_request,
    match_score,
    requests_i_can_take,
    requests_to_take,
)
from community.support.services import requests as services
from tests.factories import OrganisationFactory, PersonFactory, staff_of, theme
from tests.forums.factories import TopicFactory
from tests.support.helpers import helper

pytestmark = pytest.mark.django_db

BSL = "bfi"
PA = "employing-a-pa"


def make_request(*, member=None, advisor=None, organisation=None, **answers) -> SupportRequest:
    """A request as a row (the services are tested in test_requests.py)."""
    specialism = answers.pop("specialism", None)
    return SupportRequest.objects.create(
        member=member or PersonFactory(),
        advisor=advisor,
        organisation=organisation,
        specialism=theme(specialism) if specialism else None,
        wants=SupportRequest.Wants.ONE_OFF,
        body="How do I pay my PA's holiday?",
        expires_at=timezone.now() + datetime.timedelta(days=14),
        **answers,
    )


def test_points_for_specialism_language_area_and_way_to_talk(organisation):
    person = helper(organisation, specialisms=[PA], languages=[BSL], areas=["leeds"], ways=["chat"])
    listing = Listing.objects.get(person=person)
    request = make_request(
        organisation=organisation, specialism=PA, language=BSL, area="leeds", way_to_talk="chat"
    )
    assert match_score(listing, request) == 4 + 3 + 2 + 1
    assert match_score(listing, make_request(organisation=organisation, specialism=PA)) == 4
    assert match_score(listing, make_request(organisation=organisation, language=BSL)) == 3
    assert match_score(listing, make_request(organisation=organisation, area="york")) == 0
    assert match_score(None, request) == 0


def test_for_a_bsl_request_about_employing_a_pa_the_helper_matching_all_three_comes_first(
    organisation,
):
    # Names chosen so that alphabetical order would put the best match last.
    helper(organisation, display_name="Alex", specialisms=[PA], languages=[BSL])
    helper(organisation, display_name="Bo", languages=[BSL], areas=["calderdale"])
    helper(organisation, display_name="Cy", specialisms=[PA], areas=["calderdale"], ways=["chat"])
    helper(
        organisation,
        display_name="Zed",
        specialisms=[PA, "carers"],
        languages=[BSL, "en"],
        areas=["calderdale"],
    )
    # Perfect matches who must never be offered: paused, paused by staff, closed account.
    helper(organisation, display_name="Aaron", specialisms=[PA], languages=[BSL], paused=True)
    by_staff = helper(organisation, display_name="Abby", specialisms=[PA], languages=[BSL])
    Listing.objects.filter(person=by_staff).update(paused_by_organisation=organisation)
    closed = helper(organisation, display_name="Ada", specialisms=[PA], languages=[BSL])
    closed.is_active = False
    closed.save()
    request = make_request(
        organisation=organisation, specialism=PA, language=BSL, area="calderdale"
    )

    ranked = helpers_for_request(request=request)

    assert [(match.person.display_name, match.score) for match in ranked] == [
        ("Zed", 9),
        ("Alex", 7),
        ("Cy", 6),
        ("Bo", 5),
    ]
    # The directory with the same three filters finds only the one who matches all three.
    filters = DirectoryFilters(specialism=PA, language="bsl", area="calderdale")
    assert [p.display_name for p in directory(filters=filters)] == ["Zed"]


def test_helpers_for_a_request_are_of_its_organisation_or_anyone_when_it_has_none(organisation):
    mine = helper(organisation, display_name="Mine")
    helper(OrganisationFactory(), display_name="Elsewhere")
    member = PersonFactory()
    blocked = helper(organisation, display_name="Blocked")
    Block.objects.create(blocker=member, blocked=blocked)
    ranked = helpers_for_request(request=make_request(member=member, organisation=organisation))
    assert [match.person for match in ranked] == [mine]
    anyone = make_request(member=member, advisor=mine)
    anyone.organisation = None
    ranked = helpers_for_request(request=anyone)
    assert [match.person.display_name for match in ranked] == ["Elsewhere", "Mine"]


def test_requests_i_can_take_best_match_first_then_the_longest_waiting(organisation):
    me = helper(organisation, specialisms=[PA], languages=[BSL])
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=3)):
        oldest_plain = make_request(organisation=organisation)
    with time_machine.travel(now - datetime.timedelta(days=2)):
        older_plain = make_request(advisor=me, organisation=organisation)
    with time_machine.travel(now - datetime.timedelta(days=1)):
        bsl_only = make_request(organisation=organisation, language=BSL)
    best = make_request(organisation=organisation, specialism=PA, language=BSL)

    offered = requests_i_can_take(person=me)

    assert [match.request for match in offered] == [best, bsl_only, oldest_plain, older_plain]
    assert [match.score for match in offered] == [7, 3, 0, 0]


def test_the_database_ranks_every_mix_of_answers_as_match_score_does(organisation):
    me = helper(organisation, specialisms=[PA], languages=[BSL], areas=["leeds"], ways=["chat"])
    listing = Listing.objects.prefetch_related("specialisms").get(person=me)
    mixes = [
        {"specialism": PA, "language": BSL, "area": "leeds", "way_to_talk": "chat"},
        {"specialism": "carers", "language": "en", "area": "york", "way_to_talk": "phone"},
        {"language": BSL, "way_to_talk": "chat"},
        {"area": "leeds"},
        {},
    ]
    for answers in mixes:
        make_request(organisation=organisation, **answers)

    offered = requests_i_can_take(person=me)

    scores = [match.score for match in offered]
    assert scores == sorted(scores, reverse=True) == [10, 4, 2, 0, 0]
    assert all(match.score == match_score(listing, match.request) for match in offered)


@pytest.mark.parametrize(
    "offers",
    [
        {},  # a listing that says nothing yet
        {"languages": [BSL]},  # no specialisms, no areas, no ways to talk
        {"specialisms": [PA], "areas": ["leeds"]},
    ],
    ids=["empty listing", "language only", "no language"],
)
def test_the_database_and_match_score_agree_for_a_listing_that_says_little(organisation, offers):
    me = helper(organisation, **offers)
    listing = Listing.objects.prefetch_related("specialisms").get(person=me)
    for answers in [
        {"specialism": PA, "language": BSL, "area": "leeds", "way_to_talk": "chat"},
        {"language": "", "area": "", "way_to_talk": ""},
        {"language": BSL},
        {"area": "leeds", "specialism": "carers"},
    ]:
        make_request(organisation=organisation, **answers)

    offered = requests_i_can_take(person=me)

    assert len(offered) == 4
    scores = [match.score for match in offered]
    assert scores == sorted(scores, reverse=True)
    assert all(match.score == match_score(listing, match.request) for match in offered)


def test_a_big_team_s_helpers_see_the_best_matches_and_how_many_wait(organisation, settings):
    me = helper(organisation, languages=[BSL])
    for _ in range(4):
        make_request(organisation=organisation)
    best = make_request(organisation=organisation, language=BSL)

    offered = requests_to_take(person=me, limit=2)

    assert [match.request for match in offered.matches][0] == best
    assert len(offered.matches) == 2
    assert offered.waiting == 5


def test_requests_i_cannot_take_are_never_offered(organisation):
    me = helper(organisation)
    colleague = helper(organisation)
    wanted = make_request(organisation=organisation)
    make_request(advisor=colleague, organisation=organisation)  # sent to someone else
    make_request(organisation=OrganisationFactory())  # another organisation's team
    taken = make_request(organisation=organisation)
    taken.advisor, taken.state = colleague, SupportRequest.State.ACCEPTED
    taken.save()
    make_request(organisation=organisation, state=SupportRequest.State.EXPIRED)
    make_request(member=me, organisation=organisation)  # my own request
    blocker = PersonFactory()
    Block.objects.create(blocker=blocker, blocked=me)
    make_request(member=blocker, organisation=organisation)

    assert [match.request for match in requests_i_can_take(person=me)] == [wanted]


def test_a_request_handed_to_the_staff_is_offered_to_nobody_in_the_team(organisation):
    advisor, colleague = helper(organisation), helper(organisation)
    staff = staff_of(organisation)
    handed = make_request(advisor=advisor, organisation=organisation)
    services.hand_over_request(
        person=advisor, request=handed, reason="beyond_training", note="Needs a payroll expert."
    )
    assert requests_i_can_take(person=advisor) == []
    assert requests_i_can_take(person=colleague) == []
    # Once staff give it to someone, it is theirs to take.
    services.reassign_request(staff=staff, request=handed, helper=colleague)
    assert [match.request for match in requests_i_can_take(person=colleague)] == [handed]
    assert requests_i_can_take(person=advisor) == []


def test_a_paused_helper_is_offered_nothing(organisation):
    me = helper(organisation, paused=True)
    make_request(advisor=me, organisation=organisation)
    make_request(organisation=organisation)
    assert requests_i_can_take(person=me) == []
    Listing.objects.filter(person=me).update(paused=False, paused_by_organisation=organisation)
    assert requests_i_can_take(person=me) == []


def test_a_member_with_no_trained_role_is_offered_nothing(organisation):
    make_request(organisation=organisation)
    assert requests_i_can_take(person=PersonFactory()) == []


@pytest.mark.parametrize("size", [2, 15])
def test_requests_i_can_take_cost_the_same_however_many(
    organisation, django_assert_num_queries, size
):
    me = helper(organisation, specialisms=[PA, "carers"], languages=[BSL])
    for n in range(size):
        make_request(organisation=organisation, specialism=PA if n % 2 else "carers")
        make_request(
            advisor=me, organisation=organisation, language=BSL, topic=TopicFactory(title=f"Q{n}")
        )
    me = User.objects.get(pk=me.pk)
    # My listing and its specialisms; am I a helper; my blocks; the requests with their people;
    # how many are waiting in all.
    with django_assert_num_queries(6):
        offered = requests_i_can_take(person=me)
        for match in offered:
            request = match.request
            _ = (request.member.display_name, request.organisation.name, request.specialism)
            _ = request.topic and request.topic.title
    assert len(offered) == size * 2


@pytest.mark.parametrize("size", [2, 15])
def test_helpers_for_a_request_cost_the_same_however_many(
    organisation, django_assert_num_queries, size
):
    for n in range(size):
        helper(organisation, display_name=f"Helper {n:03}", specialisms=[PA], languages=[BSL])
    request = make_request(organisation=organisation, specialism=PA)
    # Blocks; the people; their roles; their specialisms.
    with django_assert_num_queries(4):
        ranked = helpers_for_request(request=request)
        for match in ranked:
            [role.organisation.name for role in match.person.trained_roles]
    assert len(ranked) == size
