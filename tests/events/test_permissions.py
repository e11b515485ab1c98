"""Who may manage events: a role × action matrix over the domain predicates and services."""

import pytest

from community.errors import NotAllowed
from events.models import Event
from events.permissions import (
    can_manage_event,
    can_see_access_needs,
    can_see_event,
    can_see_joining_link,
    can_take_register,
    dates_access,
    joining_link_dates,
)
from events.services.bookings import book_place
from events.services.events import create_event, publish_event, update_event
from tests.events.factories import EventFactory, OccurrenceFactory, online_event
from tests.factories import PersonFactory, advisor_of, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    occurrence = OccurrenceFactory(event=online_event())
    organisation = occurrence.event.organisation
    host = advisor_of(organisation)
    occurrence.event.hosts.add(host)
    booked = PersonFactory()
    book_place(person=booked, occurrence=occurrence)
    admin = PersonFactory(is_superuser=True)
    return occurrence, {
        "staff": staff_of(organisation),
        "site_admin": admin,
        "host": host,
        "advisor_not_hosting": advisor_of(organisation),
        "booked_member": booked,
        "member": PersonFactory(),
        "staff_elsewhere": staff_of(EventFactory().organisation),
    }


EXPECTED = {
    #                       manage  register  access needs  joining link
    "staff": (True, True, True, True),
    "site_admin": (True, True, True, True),
    "host": (False, True, True, True),
    "advisor_not_hosting": (False, False, False, False),
    "booked_member": (False, False, False, True),
    "member": (False, False, False, False),
    "staff_elsewhere": (False, False, False, False),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_may_do_exactly_what_the_matrix_says(roles, role):
    occurrence, people = roles
    person = people[role]
    assert (
        can_manage_event(person, occurrence.event),
        can_take_register(person, occurrence),
        can_see_access_needs(person, occurrence),
        can_see_joining_link(person, occurrence),
    ) == EXPECTED[role]


@pytest.fixture
def several_dates(roles):
    """The matrix's event with more dates: one with its own host, one the member booked."""
    first, people = roles
    event = first.event
    own_host = advisor_of(event.organisation)
    hosted = OccurrenceFactory(event=event, host=own_host)
    booked = OccurrenceFactory(event=event)
    book_place(person=people["member"], occurrence=booked)
    others = [OccurrenceFactory(event=event) for _ in range(3)]
    return event, [first, hosted, booked, *others], {**people, "date_host": own_host}


def test_the_many_dates_answers_match_the_one_date_rules_for_everyone(several_dates):
    event, dates, people = several_dates
    for role, person in [*people.items(), ("signed_out", None)]:
        access = dates_access(person, event, dates)
        assert access.manages == can_manage_event(person, event), role
        assert access.register == {d.pk for d in dates if can_take_register(person, d)}, role
        link = {d.pk for d in dates if can_see_joining_link(person, d)}
        assert access.joining_link == link == joining_link_dates(person, event, dates), role


def test_a_dates_own_host_and_a_booked_member_get_only_their_dates(several_dates):
    event, dates, people = several_dates
    first, hosted, booked = dates[:3]
    assert dates_access(people["date_host"], event, dates).register == {hosted.pk}
    assert joining_link_dates(people["member"], event, dates) == {booked.pk}
    assert joining_link_dates(people["booked_member"], event, dates) == {first.pk}


def test_dates_of_another_event_get_nothing_from_this_events_staff(roles):
    occurrence, people = roles
    elsewhere = OccurrenceFactory()
    access = dates_access(people["staff"], occurrence.event, [occurrence, elsewhere])
    assert access.register == access.joining_link == {occurrence.pk}


@pytest.mark.parametrize("role", ["staff", "host", "booked_member", "member"])
def test_the_many_dates_answers_cost_the_same_queries_for_3_or_30_dates(
    roles, role, django_assert_max_num_queries
):
    occurrence, people = roles
    event = Event.objects.select_related("organisation").get(pk=occurrence.event_id)
    few = [occurrence, *(OccurrenceFactory(event=event) for _ in range(2))]
    many = few + [OccurrenceFactory(event=event) for _ in range(27)]
    # Staff check, the event's hosts, the person's bookings: never one per date.
    for dates in (few, many):
        with django_assert_max_num_queries(3):
            dates_access(people[role], event, dates)


@pytest.mark.parametrize("role", [r for r, allowed in EXPECTED.items() if not allowed[0]])
def test_only_staff_can_create_change_or_publish(roles, role):
    occurrence, people = roles
    person = people[role]
    with pytest.raises(NotAllowed):
        create_event(creator=person, organisation=occurrence.event.organisation, title="Mine")
    with pytest.raises(NotAllowed):
        update_event(editor=person, event=occurrence.event, title="Changed")
    with pytest.raises(NotAllowed):
        publish_event(publisher=person, event=occurrence.event)


def test_drafts_are_seen_only_by_their_organisations_staff():
    draft = EventFactory(status="draft")
    assert can_see_event(staff_of(draft.organisation), draft)
    assert not can_see_event(PersonFactory(), draft)
    assert not can_see_event(None, draft)


def test_descriptions_are_sanitised_once_on_write(organisation):
    staff = staff_of(organisation)
    event = create_event(
        creator=staff,
        organisation=organisation,
        title="Your first support plan",
        description="Hello <script>alert(1)</script> **there**",
    )
    assert "<script>" not in event.description_html
    assert "<strong>there</strong>" in event.description_html
    assert event.status == "draft" and event.slug == "your-first-support-plan"
