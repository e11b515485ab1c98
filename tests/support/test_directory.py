"""The directory of trained people: who is in it, its filters, and what each card carries."""

import datetime

import pytest
from django.utils import timezone

from community.models import Membership
from community.support.errors import SupportError
from community.support.models import Listing
from community.support.selectors import (
    DirectoryFilters,
    directory,
    helper_card,
    next_drop_ins_hosted,
)
from events.models import Event, Occurrence
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of, theme
from tests.support.helpers import helper

pytestmark = pytest.mark.django_db


def names(people) -> list[str]:
    return [person.display_name for person in people]


def test_listed_helpers_are_in_the_directory_by_name(organisation):
    helper(organisation, display_name="Zara")
    helper(organisation, display_name="Amir")
    assert names(directory()) == ["Amir", "Zara"]


def test_people_who_are_paused_inactive_or_unlisted_are_never_in_the_directory(organisation):
    helper(organisation, display_name="Shown")
    helper(organisation, display_name="Paused themselves", paused=True)
    helper(organisation, display_name="Chose not to show", listed=False)
    closed = helper(organisation, display_name="Closed account")
    closed.is_active = False
    closed.save()
    by_staff = helper(organisation, display_name="Paused by staff")
    Listing.objects.filter(person=by_staff).update(paused_by_organisation=organisation)
    revoked = helper(organisation, display_name="Role ended")
    Membership.objects.filter(person=revoked).update(active=False)
    helper(OrganisationFactory(verified=False), display_name="Unverified organisation")
    advisor_of(organisation, display_name="Never made a listing")
    staff = staff_of(organisation, display_name="Staff only")
    Listing.objects.create(person=staff)
    Listing.objects.create(person=PersonFactory(display_name="Just a member"))

    assert names(directory()) == ["Never made a listing", "Shown"]


def test_language_filter_finds_bsl_users_by_code_or_by_the_word_bsl(organisation):
    helper(organisation, display_name="Signs", languages=["bfi", "en"])
    helper(organisation, display_name="Speaks", languages=["en"])
    assert names(directory(filters=DirectoryFilters(language="bfi"))) == ["Signs"]
    assert names(directory(filters=DirectoryFilters(language="bsl"))) == ["Signs"]
    assert names(directory(filters=DirectoryFilters(language="en"))) == ["Signs", "Speaks"]


def test_specialism_area_way_and_organisation_filters(organisation):
    other = OrganisationFactory(slug="far-away")
    helper(organisation, display_name="Pat", specialisms=["employing-a-pa"], areas=["leeds"])
    helper(organisation, display_name="Mo", specialisms=["carers"], ways=["phone"])
    helper(other, display_name="Kim", areas=["calderdale"], ways=["chat", "phone"])

    def found(**filters) -> list[str]:
        return names(directory(filters=DirectoryFilters(**filters)))

    assert found(specialism="employing-a-pa") == ["Pat"]
    assert found(area="calderdale") == ["Kim"]
    assert found(way="phone") == ["Kim", "Mo"]
    assert found(organisation="far-away") == ["Kim"]
    assert found(specialism="carers", way="phone") == ["Mo"]
    assert found(specialism="carers", area="leeds") == []


def test_near_me_turns_a_postcode_into_the_council(organisation):
    helper(organisation, display_name="Halifax", areas=["calderdale"])
    helper(organisation, display_name="Leeds", areas=["leeds"])
    assert names(directory(filters=DirectoryFilters(postcode="hx1 2ab"))) == ["Halifax"]
    assert names(directory(filters=DirectoryFilters(postcode="LS1"))) == ["Leeds"]


def test_an_unknown_postcode_is_refused_on_the_postcode_field(organisation):
    with pytest.raises(SupportError) as refused:
        directory(filters=DirectoryFilters(postcode="not a postcode"))
    assert refused.value.code == "unknown_postcode"
    assert refused.value.field == "postcode"


def test_free_text_searches_names_availability_specialisms_training_and_bio(organisation):
    helper(organisation, display_name="Evening Eve", availability="Weekday evenings")
    helper(organisation, display_name="Carer Cal", specialisms=["carers"])
    bio = helper(organisation, display_name="Bio Bea")
    bio.profile.bio = "I manage my own payroll."
    bio.profile.save()
    trained = helper(organisation, display_name="Trained Tia")
    Membership.objects.filter(person=trained).update(trained_for="Pensions for PAs")

    def found(q: str) -> list[str]:
        return names(directory(filters=DirectoryFilters(q=q)))

    assert found("evenings") == ["Evening Eve"]
    assert found("cal") == ["Carer Cal"]
    assert found(theme("carers").name[:5]) == ["Carer Cal"]
    assert found("payroll") == ["Bio Bea"]
    assert found("pensions") == ["Trained Tia"]


def test_each_card_carries_listing_specialisms_and_the_organisations_that_vouch(organisation):
    other = OrganisationFactory(name="Second Group")
    person = helper(organisation, specialisms=["carers", "employing-a-pa"], languages=["bfi"])
    Membership.objects.create(
        person=person,
        organisation=other,
        role=Membership.Role.PLANNING_PARTNER,
        trained_on=datetime.date(2024, 1, 5),
        trained_for="Support planning",
    )
    [card] = directory()
    assert card.listing.languages == ["bfi"]
    assert {t.slug for t in card.listing.specialisms.all()} == {"carers", "employing-a-pa"}
    assert {role.organisation.name for role in card.trained_roles} == {
        organisation.name,
        "Second Group",
    }


def make_listed_people(count: int, organisation) -> None:
    for n in range(count):
        person = helper(
            organisation,
            display_name=f"Helper {n:03}",
            specialisms=["carers", "employing-a-pa"],
            languages=["bfi"],
            areas=["leeds"],
        )
        Membership.objects.create(
            person=person,
            organisation=OrganisationFactory(),
            role=Membership.Role.PLANNING_PARTNER,
            trained_on=datetime.date(2024, 1, 5),
        )


def read_every_card(filters: DirectoryFilters) -> int:
    cards = list(directory(filters=filters))
    for card in cards:
        [t.slug for t in card.listing.specialisms.all()]
        [role.organisation.name for role in card.trained_roles]
        card.profile.bio  # noqa: B018
    next_drop_ins_hosted(person_ids=[card.pk for card in cards])
    return len(cards)


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(
    "filters",
    [DirectoryFilters(), DirectoryFilters(q="help", language="bsl", specialism="carers")],
    ids=["no filters", "filtered"],
)
def test_the_directory_costs_the_same_queries_however_many_people(
    organisation, django_assert_num_queries, size, filters
):
    make_listed_people(size, organisation)
    # People, their roles, their specialisms, and the next drop-in each hosts.
    with django_assert_num_queries(4):
        assert read_every_card(filters) == size


def test_next_drop_in_hosted_as_the_events_host_or_the_dates_own(organisation):
    event_host = helper(organisation)
    date_host = helper(organisation)
    nobody = helper(organisation)
    drop_in = EventFactory(organisation=organisation, kind=Event.Kind.DROP_IN)
    drop_in.hosts.add(event_host)
    now = timezone.now()
    OccurrenceFactory(event=drop_in, start=now - datetime.timedelta(days=3))  # over
    cancelled = OccurrenceFactory(
        event=drop_in, start=now + datetime.timedelta(days=1), host=date_host
    )
    cancelled.status = Occurrence.Status.CANCELLED
    cancelled.save()
    soon = OccurrenceFactory(event=drop_in, start=now + datetime.timedelta(days=2))
    later = OccurrenceFactory(event=drop_in, start=now + datetime.timedelta(days=9), host=date_host)
    workshop = EventFactory(organisation=organisation, kind=Event.Kind.WORKSHOP)
    workshop.hosts.add(nobody)
    OccurrenceFactory(event=workshop, start=now + datetime.timedelta(days=1))

    hosted = next_drop_ins_hosted(person_ids=[event_host.pk, date_host.pk, nobody.pk])

    # The date with its own host still has the event's hosts as hosts (events.permissions.is_host).
    assert hosted == {event_host.pk: soon, date_host.pk: later}
    assert next_drop_ins_hosted(person_ids=[]) == {}


def test_next_drop_in_reads_one_date_per_person_not_every_future_date(
    organisation, monkeypatch, django_assert_num_queries
):
    hosts = [helper(organisation), helper(organisation)]
    weekly = EventFactory(organisation=organisation, kind=Event.Kind.DROP_IN)
    weekly.hosts.add(*hosts)
    now = timezone.now()
    dates = [
        OccurrenceFactory(event=weekly, start=now + datetime.timedelta(days=7 * week + 1))
        for week in range(20)
    ]
    read = []
    from_db = Occurrence.from_db.__func__

    def counted(cls, db, field_names, values):
        read.append(values)
        return from_db(cls, db, field_names, values)

    monkeypatch.setattr(Occurrence, "from_db", classmethod(counted))
    with django_assert_num_queries(1):
        hosted = next_drop_ins_hosted(person_ids=[person.pk for person in hosts])
    assert hosted == {hosts[0].pk: dates[0], hosts[1].pk: dates[0]}
    # The first date, once for each of its two hosts: not the other nineteen weeks.
    assert len(read) == 2


def test_a_helpers_own_card_is_there_when_paused_or_unlisted(organisation):
    paused = helper(organisation, paused=True)
    unlisted = helper(organisation, listed=False)
    assert helper_card(person_id=paused.pk).listing.paused is True
    assert helper_card(person_id=unlisted.pk) is not None
    assert helper_card(person_id=PersonFactory().pk) is None
    no_listing = advisor_of(organisation)
    card = helper_card(person_id=no_listing.pk)
    assert card is not None
    assert not hasattr(card, "listing")
