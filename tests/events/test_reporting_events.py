"""Events as something people can report: how the queue describes them, and what hiding,
restoring and removing do. A hidden event leaves every public list and feed; its page is for its
organisation's staff and moderators; people booked keep their places and their own feed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from community.models import Notification
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from events import selectors
from events.feeds import event_feed_by_slug, organisation_feed, personal_feed
from events.models import Booking, Event, Occurrence
from events.permissions import can_see_event
from events.selectors import EventFilters, feed_token_for
from events.services.bookings import book_place
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import OrganisationFactory, PersonFactory, staff_of

pytestmark = pytest.mark.django_db

KIND = reportable_kind("event")


@pytest.fixture
def workshop():
    creator = PersonFactory(display_name="Event Maker")
    event = EventFactory(
        title="Paying your PA",
        slug="paying-your-pa",
        description="We talk about **payroll** & tax.",
        created_by=creator,
    )
    OccurrenceFactory(event=event)
    return event


@pytest.fixture
def moderator():
    return PersonFactory(display_name="Mo Moderator", is_moderator=True)


def uids(feed) -> set[str]:
    return {str(component["uid"]) for component in Calendar.from_ical(feed.body).walk("VEVENT")}


def test_the_queue_describes_an_event_with_its_organisation_and_creator(workshop):
    described = KIND.describe([workshop.pk])[workshop.pk]
    assert described.label == "Event “Paying your PA”"
    assert described.excerpt == "We talk about payroll & tax."
    assert described.url == "/events/paying-your-pa/"
    assert described.author_id == workshop.created_by_id
    assert described.organisation_id == workshop.organisation_id
    assert described.visibility == Visibility.SHOWN
    assert not described.removed


def test_describing_many_events_costs_one_query():
    events = [EventFactory() for _ in range(5)]
    with CaptureQueriesContext(connection) as queries:
        described = KIND.describe([event.pk for event in events] + [999999])
    assert len(queries) == 1
    assert set(described) == {event.pk for event in events}  # a missing id is left out


def test_anyone_signed_in_can_report_a_public_event_but_not_a_draft(workshop):
    member = PersonFactory()
    draft = EventFactory(status=Event.Status.DRAFT)
    assert KIND.can_see(member, workshop.pk)
    assert not KIND.can_see(member, draft.pk)
    assert not KIND.can_see(member, 999999)


def test_a_hidden_event_leaves_every_public_list_and_feed(workshop, moderator):
    organisation = workshop.organisation
    date = workshop.occurrences.get()
    month = timezone.localtime(date.start)
    assert uids(organisation_feed(organisation=organisation)) == {date.uid}

    KIND.set_visibility(workshop.pk, Visibility.HIDDEN, moderator)

    mine = EventFilters(organisation=organisation.slug)
    assert list(selectors.events_list(filters=mine)) == []
    assert list(selectors.upcoming_occurrences()) == []
    assert list(selectors.occurrences_in_month(year=month.year, month=month.month)) == []
    assert uids(organisation_feed(organisation=organisation)) == set()
    assert event_feed_by_slug(slug=workshop.slug) is None


def test_a_hidden_event_is_seen_only_by_its_staff_and_moderators(workshop, moderator):
    staff = staff_of(workshop.organisation)
    other_staff = staff_of(OrganisationFactory())
    member = PersonFactory()
    KIND.set_visibility(workshop.pk, Visibility.HELD, None)
    workshop.refresh_from_db()

    assert can_see_event(staff, workshop)
    assert can_see_event(moderator, workshop)
    assert not can_see_event(member, workshop)
    assert not can_see_event(other_staff, workshop)
    assert not can_see_event(None, workshop)
    assert selectors.event_detail(slug=workshop.slug, viewer=member) is None
    # Moderators see its dates on its page, as staff do.
    assert len(selectors.upcoming_occurrences(viewer=moderator, event=workshop)) == 1


def test_people_booked_on_a_hidden_event_keep_their_places_and_their_own_feed(workshop, moderator):
    person = PersonFactory()
    date = workshop.occurrences.get()
    book_place(person=person, occurrence=date)
    token = feed_token_for(person=person).token
    assert len(uids(personal_feed(token=token))) == 1

    KIND.set_visibility(workshop.pk, Visibility.HIDDEN, moderator)

    assert Booking.objects.get(person=person).status == Booking.Status.CONFIRMED
    assert len(uids(personal_feed(token=token))) == 1
    assert list(selectors.my_bookings(person=person))


def test_restoring_an_event_puts_it_back_in_the_lists_and_feeds(workshop, moderator):
    date = workshop.occurrences.get()
    organisation_feed(organisation=workshop.organisation)  # cached while shown
    KIND.set_visibility(workshop.pk, Visibility.HIDDEN, moderator)
    assert uids(organisation_feed(organisation=workshop.organisation)) == set()

    KIND.set_visibility(workshop.pk, Visibility.SHOWN, moderator)

    assert list(selectors.events_list()) == [workshop]
    assert uids(organisation_feed(organisation=workshop.organisation)) == {date.uid}
    assert event_feed_by_slug(slug=workshop.slug) is not None


def test_removing_an_event_cancels_it_tells_people_booked_and_hides_it(workshop, moderator):
    person = PersonFactory(display_name="Booked Person")
    date = workshop.occurrences.get()
    book_place(person=person, occurrence=date)

    KIND.remove(workshop.pk, moderator)

    workshop.refresh_from_db()
    assert workshop.status == Event.Status.CANCELLED
    assert workshop.visibility == Visibility.HIDDEN
    assert Occurrence.objects.get(pk=date.pk).status == Occurrence.Status.CANCELLED
    told = Notification.objects.get(recipient=person)
    assert "Cancelled: Paying your PA" in told.message
    assert "A moderator removed this event." in told.message
    assert KIND.describe([workshop.pk])[workshop.pk].removed


def test_only_moderators_and_its_staff_can_remove_an_event(workshop):
    from community.errors import NotAllowed

    with pytest.raises(NotAllowed):
        KIND.remove(workshop.pk, PersonFactory())
    KIND.remove(workshop.pk, staff_of(workshop.organisation))
    workshop.refresh_from_db()
    assert workshop.status == Event.Status.CANCELLED


def test_removing_everything_a_person_made_counts_their_events(workshop, moderator):
    creator = workshop.created_by
    second = EventFactory(created_by=creator, organisation=workshop.organisation)
    someone_elses = EventFactory()

    assert KIND.remove_all_by(creator, moderator) == 2
    assert KIND.remove_all_by(creator, moderator) == 0  # already removed

    statuses = dict(Event.objects.values_list("pk", "status"))
    assert statuses[workshop.pk] == statuses[second.pk] == Event.Status.CANCELLED
    assert statuses[someone_elses.pk] == Event.Status.PUBLISHED


def test_a_hidden_drop_in_is_not_offered_as_a_helpers_next_drop_in(workshop, moderator):
    from community.support.selectors import next_drop_ins_hosted

    host = PersonFactory()
    drop_in = EventFactory(kind=Event.Kind.DROP_IN)
    drop_in.hosts.add(host)
    OccurrenceFactory(event=drop_in, start=timezone.now() + datetime.timedelta(days=2))
    assert host.pk in next_drop_ins_hosted(person_ids=[host.pk])

    KIND.set_visibility(drop_in.pk, Visibility.HIDDEN, moderator)

    assert next_drop_ins_hosted(person_ids=[host.pk]) == {}
