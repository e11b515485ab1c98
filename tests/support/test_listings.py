"""What a helper shows, pausing (by themselves or by staff), and the organisation's view of its
helpers: counts and waiting times, never what anyone wrote."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from community.errors import NotAllowed
from community.models import AuditLogEntry, Membership
from community.support.errors import SupportError
from community.support.models import Listing, SupportRequest
from community.support.selectors import directory, organisation_helpers, requests_i_can_take
from community.support.services.listings import (
    listing_for,
    pause_helper,
    resume_helper,
    set_paused,
    update_listing,
)
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of, theme
from tests.support.helpers import helper

pytestmark = pytest.mark.django_db


def choose(person, **changes) -> Listing:
    fields = {
        "listed": True,
        "specialisms": [theme("carers")],
        "languages": ["bfi", "en", "bfi"],
        "areas": ["leeds"],
        "ways_to_talk": ["chat"],
        "availability": "  Tuesday mornings  ",
        **changes,
    }
    return update_listing(person=person, **fields)


def test_a_listing_is_made_once(organisation):
    person = advisor_of(organisation)
    assert listing_for(person) == listing_for(person)
    assert Listing.objects.count() == 1


def test_a_helper_chooses_what_they_show(organisation):
    person = advisor_of(organisation)
    listing = choose(person)
    listing.refresh_from_db()
    assert listing.languages == ["bfi", "en"]
    assert listing.availability == "Tuesday mornings"
    assert [t.slug for t in listing.specialisms.all()] == ["carers"]
    assert list(directory()) == [person]
    choose(person, listed=False)
    assert list(directory()) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"languages": ["klingon"]}, "languages"),
        ({"areas": ["narnia"]}, "areas"),
        ({"ways_to_talk": ["pigeon"]}, "ways_to_talk"),
        ({"availability": "x" * 201}, "availability"),
        ({"availability": "a\x00b"}, "availability"),
    ],
)
def test_unknown_choices_are_refused_on_their_field(organisation, changes, field):
    with pytest.raises(SupportError) as refused:
        choose(advisor_of(organisation), **changes)
    assert (refused.value.code, refused.value.field) == ("invalid", field)


def test_only_helpers_have_a_listing_to_change(organisation):
    for person in (PersonFactory(), staff_of(organisation)):
        with pytest.raises(SupportError) as refused:
            choose(person)
        assert refused.value.code == "not_a_helper"
        with pytest.raises(SupportError):
            set_paused(person=person, paused=True)


def test_pausing_myself_stops_new_requests_until_i_resume(organisation):
    person = helper(organisation)
    SupportRequest.objects.create(
        member=PersonFactory(),
        organisation=organisation,
        wants="one_off",
        body="Help",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert set_paused(person=person, paused=True).paused
    assert requests_i_can_take(person=person) == []
    assert list(directory()) == []
    set_paused(person=person, paused=False)
    assert len(requests_i_can_take(person=person)) == 1


def test_staff_pause_and_resume_their_helper(organisation):
    staff = staff_of(organisation)
    person = helper(organisation)
    listing = pause_helper(staff=staff, organisation=organisation, helper=person, reason="Rest")
    assert (listing.paused_by_organisation, listing.paused_reason) == (organisation, "Rest")
    assert list(directory()) == []
    assert set_paused(person=person, paused=False).paused_by_organisation == organisation
    resume_helper(staff=staff, organisation=organisation, helper=person)
    assert list(directory()) == [person]
    assert list(
        AuditLogEntry.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["support.helper_paused", "support.helper_resumed"]


def test_only_staff_of_the_helpers_own_organisation_pause_them(organisation):
    person = helper(organisation)
    other = OrganisationFactory()
    for staff, where in [
        (staff_of(other), other),  # the helper is not theirs
        (staff_of(other), organisation),  # not their organisation
        (helper(organisation), organisation),  # a colleague, not staff
        (PersonFactory(is_superuser=True), organisation),  # pausing is the organisation's call
    ]:
        with pytest.raises(NotAllowed):
            pause_helper(staff=staff, organisation=where, helper=person)
    assert not listing_for(person).paused_by_organisation


def test_one_organisations_pause_is_not_undone_by_another(organisation):
    other = OrganisationFactory()
    person = helper(organisation)
    Membership.objects.create(
        person=person, organisation=other, role="advisor", trained_on=datetime.date(2025, 1, 1)
    )
    pause_helper(staff=staff_of(organisation), organisation=organisation, helper=person)
    with pytest.raises(NotAllowed):
        resume_helper(staff=staff_of(other), organisation=other, helper=person)


def test_a_pause_by_another_organisation_is_not_replaced(organisation):
    other = OrganisationFactory()
    person = helper(organisation, display_name="Sam")
    Membership.objects.create(
        person=person, organisation=other, role="advisor", trained_on=datetime.date(2025, 1, 1)
    )
    pause_helper(
        staff=staff_of(organisation), organisation=organisation, helper=person, reason="Rest"
    )
    with pytest.raises(SupportError) as refused:
        pause_helper(staff=staff_of(other), organisation=other, helper=person, reason="Mine")
    assert refused.value.code == "paused"
    assert "Another organisation has already paused Sam" in refused.value.message
    listing = listing_for(person)
    assert (listing.paused_by_organisation, listing.paused_reason) == (organisation, "Rest")
    # The same organisation pausing again only changes its reason.
    pause_helper(
        staff=staff_of(organisation), organisation=organisation, helper=person, reason="Later"
    )
    assert listing_for(person).paused_reason == "Later"


def test_saving_my_listing_keeps_a_pause_staff_made_while_i_was_editing(organisation, monkeypatch):
    from community.support.services import listings

    person = helper(organisation)
    read_before_the_pause = listings.listing_for

    def staff_pause_meanwhile(who):
        listing = read_before_the_pause(who)  # the helper's copy, read before the pause
        Listing.objects.filter(person=who).update(
            paused_by_organisation=organisation, paused_reason="Rest"
        )
        return listing

    monkeypatch.setattr(listings, "listing_for", staff_pause_meanwhile)
    returned = choose(person, availability="Evenings")
    listing = Listing.objects.get(person=person)
    assert (listing.paused_by_organisation, listing.paused_reason) == (organisation, "Rest")
    assert listing.availability == "Evenings"
    # What it hands back is what is stored: the pages and the API show the pause at once.
    assert (returned.paused_by_organisation, returned.paused_reason) == (organisation, "Rest")
    assert returned.availability == "Evenings"


def make_requests(organisation, person, *, waiting: int, helping: int) -> None:
    for n in range(waiting + helping):
        SupportRequest.objects.create(
            member=PersonFactory(),
            advisor=person,
            organisation=organisation,
            wants="one_off",
            body="Something private",
            state="open" if n < waiting else "accepted",
            expires_at=timezone.now() + datetime.timedelta(days=14),
        )


def test_the_organisation_sees_counts_and_waiting_times_of_its_helpers(organisation):
    now = timezone.now()
    busy = helper(organisation, display_name="Busy")
    resting = helper(organisation, display_name="Resting", paused=True)
    stopped = helper(organisation, display_name="Stopped")
    pause_helper(staff=staff_of(organisation), organisation=organisation, helper=stopped)
    with time_machine.travel(now - datetime.timedelta(hours=5), tick=False):
        make_requests(organisation, busy, waiting=1, helping=0)
    make_requests(organisation, busy, waiting=1, helping=2)
    make_requests(OrganisationFactory(), busy, waiting=4, helping=4)  # not theirs to count
    staff_of(organisation, display_name="Staff")

    with time_machine.travel(now, tick=False):
        summaries = organisation_helpers(organisation=organisation)

    assert [s.person for s in summaries] == [busy, resting, stopped]
    first = summaries[0]
    assert (first.open_count, first.accepted_count) == (2, 2)
    assert first.oldest_open_waiting == datetime.timedelta(hours=5)
    assert [role.organisation for role in first.roles] == [organisation]
    assert (summaries[1].paused, summaries[1].paused_by_organisation) == (True, False)
    assert (summaries[2].paused, summaries[2].paused_by_organisation) == (False, True)
    assert summaries[1].oldest_open_waiting is None


@pytest.mark.parametrize("size", [2, 12])
def test_the_organisation_view_costs_the_same_however_many(
    organisation, django_assert_num_queries, size
):
    for n in range(size):
        person = helper(organisation, display_name=f"Helper {n:03}")
        make_requests(organisation, person, waiting=2, helping=1)
    # The roles with their people and listings; the grouped counts.
    with django_assert_num_queries(2):
        summaries = organisation_helpers(organisation=organisation)
        [(s.person.display_name, [r.organisation.name for r in s.roles]) for s in summaries]
    assert len(summaries) == size
