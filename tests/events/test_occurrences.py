"""Changing one date: another host or another number of places. A new host is news for everyone
booked and waiting, and every change reaches the feeds with a higher SEQUENCE."""

import pytest
from icalendar import Calendar

from community.errors import NotAllowed
from events.errors import EventError
from events.feeds import event_feed, personal_feed, uid_for
from events.models import Booking, WaitingListEntry
from events.notification_kinds import OCCURRENCE_CHANGED
from events.selectors import feed_token_for, possible_hosts
from events.services.bookings import book_place
from events.services.occurrences import cancel_occurrence, change_occurrence
from tests.events.factories import EventFactory
from tests.factories import PersonFactory, advisor_of, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_date(occurrence):
    """A date with one place: one person booked, one waiting."""
    occurrence.capacity = 1
    occurrence.save(update_fields=["capacity"])
    booked, waiting = PersonFactory(), PersonFactory()
    book_place(person=booked, occurrence=occurrence)
    book_place(person=waiting, occurrence=occurrence, wait_if_full=True)
    return occurrence, booked, waiting


def _sequence(body: bytes, uid: str) -> int:
    for component in Calendar.from_ical(body).walk("VEVENT"):
        if str(component["uid"]) == uid:
            return int(component["sequence"])
    raise AssertionError(f"{uid} is not in the feed")


def _host_news(person):
    return person.notifications.filter(kind=OCCURRENCE_CHANGED.code, message__startswith="New host")


def test_a_new_host_for_one_date_tells_everyone_booked_and_waiting(full_date, staff):
    occurrence, booked, waiting = full_date
    new_host = advisor_of(occurrence.event.organisation, display_name="Hana Host")

    change_occurrence(editor=staff, occurrence=occurrence, host=new_host)

    occurrence.refresh_from_db()
    assert occurrence.host == new_host
    for person in (booked, waiting):
        [news] = _host_news(person)
        assert "Hana Host is hosting it" in news.message
        assert occurrence.event.title in news.message


def test_clearing_the_host_gives_the_date_back_to_the_usual_hosts(full_date, staff):
    occurrence, booked, _ = full_date
    occurrence.host = advisor_of(occurrence.event.organisation)
    occurrence.save(update_fields=["host"])

    change_occurrence(editor=staff, occurrence=occurrence, clear_host=True)

    occurrence.refresh_from_db()
    assert occurrence.host is None
    assert "back with the usual hosts" in _host_news(booked).get().message


def test_a_new_host_raises_the_sequence_in_the_event_feed_and_booked_peoples_own_feeds(
    full_date, staff
):
    occurrence, booked, _ = full_date
    token = feed_token_for(person=booked).token
    own_uid = uid_for(occurrence, booked.pk)
    event_before = _sequence(event_feed(event=occurrence.event).body, occurrence.uid)
    own_before = _sequence(personal_feed(token=token).body, own_uid)

    change_occurrence(
        editor=staff, occurrence=occurrence, host=advisor_of(occurrence.event.organisation)
    )

    assert _sequence(event_feed(event=occurrence.event).body, occurrence.uid) > event_before
    assert _sequence(personal_feed(token=token).body, own_uid) > own_before


def test_more_places_reach_the_feeds_and_go_to_the_first_person_waiting(full_date, staff):
    occurrence, booked, waiting = full_date
    token = feed_token_for(person=booked).token
    own_before = _sequence(personal_feed(token=token).body, uid_for(occurrence, booked.pk))

    change_occurrence(editor=staff, occurrence=occurrence, capacity=2)

    occurrence.refresh_from_db()
    assert occurrence.capacity == 2
    assert Booking.objects.filter(occurrence=occurrence, person=waiting, status="confirmed")
    assert not WaitingListEntry.objects.filter(occurrence=occurrence, status="waiting").exists()
    assert _sequence(personal_feed(token=token).body, uid_for(occurrence, booked.pk)) > own_before
    # More places are not news for the people already booked.
    assert not booked.notifications.filter(kind=OCCURRENCE_CHANGED.code).exists()


def test_asking_for_what_is_already_there_changes_nothing(full_date, staff):
    occurrence, booked, _ = full_date
    host = advisor_of(occurrence.event.organisation)
    change_occurrence(editor=staff, occurrence=occurrence, host=host)
    occurrence.refresh_from_db()
    sequence = occurrence.sequence

    change_occurrence(editor=staff, occurrence=occurrence, host=host, capacity=1)

    occurrence.refresh_from_db()
    assert occurrence.sequence == sequence
    assert _host_news(booked).count() == 1


def test_fewer_places_than_are_booked_is_refused(full_date, staff):
    occurrence, _, _ = full_date
    change_occurrence(editor=staff, occurrence=occurrence, capacity=3)

    with pytest.raises(EventError) as refused:
        change_occurrence(editor=staff, occurrence=occurrence, capacity=1)

    assert refused.value.code == "capacity_below_bookings" and refused.value.field == "capacity"


def test_only_the_organisations_own_people_can_host_a_date(occurrence, staff):
    with pytest.raises(EventError) as refused:
        change_occurrence(editor=staff, occurrence=occurrence, host=PersonFactory())

    assert refused.value.code == "host_not_allowed" and refused.value.field == "host"


def test_only_staff_can_change_a_date(occurrence):
    host = advisor_of(occurrence.event.organisation)
    occurrence.event.hosts.add(host)

    with pytest.raises(NotAllowed):
        change_occurrence(editor=host, occurrence=occurrence, capacity=50)


def test_a_cancelled_date_cannot_be_changed(occurrence, staff):
    cancel_occurrence(canceller=staff, occurrence=occurrence)

    with pytest.raises(EventError) as refused:
        change_occurrence(editor=staff, occurrence=occurrence, capacity=50)

    assert refused.value.code == "cancelled"


def test_the_possible_hosts_are_the_active_people_of_the_events_organisation(event, staff):
    advisor = advisor_of(event.organisation, display_name="Avery Advisor")
    left = advisor_of(event.organisation)
    left.memberships.update(active=False)
    staff_of(EventFactory().organisation)  # someone else's staff

    assert list(possible_hosts(event=event)) == [advisor, staff]
