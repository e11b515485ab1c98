"""The personal calendar feed of hosts and carers: the dates a person hosts are in it, marked
"You are hosting", and several bookings of one date by one person (a carer booking for his
mother and for himself) are one entry: confirmed if any booking is, its SEQUENCE the highest."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from icalendar import Calendar

from events.feeds import personal_feed, uid_for
from events.models import Event
from events.selectors import feed_token_for
from events.services.bookings import book_place, cancel_booking
from events.services.events import update_event
from events.services.occurrences import add_date_note, move_occurrence
from tests.events.factories import EventFactory, OccurrenceFactory, online_event
from tests.factories import PersonFactory, advisor_of, staff_of

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def in_january_2027():
    with time_machine.travel(datetime.datetime(2027, 1, 5, 9, 0, tzinfo=UTC)):
        yield


def _date(event, day: int):
    return OccurrenceFactory(
        event=event,
        start=datetime.datetime(2027, 1, day, 10, tzinfo=UTC),
        end=datetime.datetime(2027, 1, day, 12, tzinfo=UTC),
    )


def _entries(person) -> list:
    body = personal_feed(token=feed_token_for(person=person).token).body
    return Calendar.from_ical(body).walk("VEVENT")


def _entry(person, occurrence):
    own = [v for v in _entries(person) if str(v["uid"]) == uid_for(occurrence, person.pk)]
    assert len(own) <= 1
    return own[0] if own else None


def test_the_dates_a_person_hosts_are_in_their_feed_marked_with_the_joining_link():
    event = online_event(kind=Event.Kind.DROP_IN)
    host = advisor_of(event.organisation)
    own_date_host = advisor_of(event.organisation)
    event.hosts.add(host)
    first, second = _date(event, 12), _date(event, 19)
    second.host = own_date_host
    second.save()
    _date(EventFactory(status=Event.Status.DRAFT, organisation=event.organisation), 13)

    hosted = {str(v["uid"]) for v in _entries(host)}
    assert hosted == {uid_for(first, host.pk), uid_for(second, host.pk)}
    entry = _entry(host, first)
    assert str(entry["description"]).startswith("You are hosting this date.")
    assert "meet.example/secret-room" in str(entry["description"])
    assert str(entry["status"]) == "CONFIRMED"
    assert [str(v["uid"]) for v in _entries(own_date_host)] == [uid_for(second, own_date_host.pk)]


def test_a_host_who_also_booked_the_date_has_one_entry_that_stays_while_they_host(person):
    event = EventFactory()
    date = _date(event, 12)
    event.hosts.add(person)
    booking = book_place(person=person, occurrence=date)
    entries = _entries(person)
    assert len(entries) == 1 and "You are hosting" in str(entries[0]["description"])

    cancel_booking(canceller=person, booking=booking)
    entry = _entry(person, date)
    assert str(entry["status"]) == "CONFIRMED"  # still hosting it


def test_a_carer_with_two_places_on_a_date_has_one_entry_confirmed_while_either_is(person):
    date = _date(EventFactory(), 12)
    own = book_place(person=person, occurrence=date)
    mums = book_place(person=person, occurrence=date, for_person_name="Mum")
    entries = _entries(person)
    assert len(entries) == 1
    both = entries[0]
    assert str(both["uid"]) == uid_for(date, person.pk) and str(both["status"]) == "CONFIRMED"

    cancel_booking(canceller=person, booking=own)
    one_left = _entry(person, date)
    assert str(one_left["status"]) == "CONFIRMED"
    assert one_left["sequence"] >= both["sequence"]
    assert one_left["last-modified"].dt >= both["last-modified"].dt

    cancel_booking(canceller=person, booking=mums)
    none_left = _entry(person, date)
    assert str(none_left["status"]) == "CANCELLED"
    assert none_left["sequence"] > one_left["sequence"]


def test_making_someone_a_host_puts_the_dates_in_their_feed_and_taking_it_away_removes_them(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    date = _date(event, 12)
    staff, advisor = staff_of(event.organisation), advisor_of(event.organisation)
    assert _entries(advisor) == []  # built and cached

    with django_capture_on_commit_callbacks(execute=True):
        update_event(editor=staff, event=event, hosts=[advisor])
    assert _entry(advisor, date) is not None

    with django_capture_on_commit_callbacks(execute=True):
        update_event(editor=staff, event=event, hosts=[])
    assert _entries(advisor) == []


def test_a_change_to_a_hosted_date_raises_its_sequence_in_the_hosts_feed(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    host = advisor_of(event.organisation)
    event.hosts.add(host)
    date = _date(event, 12)
    before = _entry(host, date)

    with django_capture_on_commit_callbacks(execute=True):
        add_date_note(editor=host, occurrence=date, note="Room 2 this week.")
    noted = _entry(host, date)
    assert noted["sequence"] > before["sequence"]
    assert "Room 2 this week." in str(noted["description"])

    later = date.start + datetime.timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        move_occurrence(
            mover=staff_of(event.organisation),
            occurrence=date,
            start=later,
            end=later + datetime.timedelta(hours=2),
        )
    moved = _entry(host, date)
    assert moved["sequence"] > noted["sequence"] and moved["dtstart"].dt == later


def test_a_hosts_feed_costs_the_same_queries_however_many_dates_they_host(
    django_assert_max_num_queries,
):
    event = EventFactory()
    host = advisor_of(event.organisation)
    event.hosts.add(host)
    token = feed_token_for(person=host).token
    for day in range(6, 26):
        date = _date(event, day)
        book_place(person=PersonFactory(), occurrence=date)
    cache.clear()
    with django_assert_max_num_queries(5):
        assert len(Calendar.from_ical(personal_feed(token=token).body).walk("VEVENT")) == 20
