"""One-to-one appointments, read back from the calendar feeds with icalendar: both people's own
feeds show the appointment under one stable UID at its UK time, nobody else's does; cancelling
keeps it in both, marked cancelled with a higher SEQUENCE, until its day is over; every change
reaches both feeds at once; and a feed costs the same however many appointments it holds."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from community.errors import NotAllowed
from community.safety.services import block_person
from events.errors import EventError
from events.feeds import personal_feed
from events.selectors import feed_token_for
from events.services.appointments import appointments_for, cancel_appointment, make_appointment
from events.services.bookings import book_place
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
# Thursday 8 January 2026, 14:00 to 15:30 UK time (GMT); and a summer date (BST).
STARTS = datetime.datetime(2026, 1, 8, 14, 0, tzinfo=UTC)
SUMMER = datetime.datetime(2026, 7, 9, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def in_january_2026():
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def member():
    return PersonFactory(display_name="Budget Holder")


@pytest.fixture
def partner():
    return PersonFactory(display_name="Planning Partner")


def meet(organiser, guest, starts=STARTS, minutes=90, **details):
    return make_appointment(
        organiser=organiser,
        guest=guest,
        title=details.pop("title", "Planning session: My support plan"),
        starts=starts,
        ends=starts + datetime.timedelta(minutes=minutes),
        way=details.pop("way", "in_person"),
        **details,
    )


def feed_of(person) -> bytes:
    return personal_feed(token=feed_token_for(person=person).token).body


def vevents(person) -> dict[str, object]:
    return {str(v["uid"]): v for v in Calendar.from_ical(feed_of(person)).walk("VEVENT")}


def test_both_peoples_feeds_show_the_appointment_and_a_third_persons_does_not(member, partner):
    appointment = meet(partner, member, where="The Old Library café")
    someone_else = PersonFactory()

    theirs, mine = vevents(partner), vevents(member)

    assert list(theirs) == list(mine) == [f"appointment-{appointment.pk}@alongside"]
    for entry in (*theirs.values(), *mine.values()):
        assert str(entry["summary"]) == "Planning session: My support plan"
        assert entry["dtstart"].dt == datetime.datetime(2026, 1, 8, 14, 0, tzinfo=LONDON)
        assert entry["dtend"].dt == datetime.datetime(2026, 1, 8, 15, 30, tzinfo=LONDON)
        assert entry["dtstart"].params["TZID"] == "Europe/London"
        assert str(entry["status"]) == "CONFIRMED" and entry["sequence"] == 0
        assert str(entry["location"]) == "The Old Library café"
        assert "between Planning Partner and Budget Holder" in str(entry["description"])
    assert vevents(someone_else) == {}
    assert b"The Old Library" not in feed_of(someone_else)
    assert Calendar.from_ical(feed_of(member)).walk("VTIMEZONE")


def test_a_summer_appointment_is_at_its_uk_summer_time(member, partner):
    meet(member, partner, starts=SUMMER, minutes=60, way="phone")
    [entry] = vevents(partner).values()
    assert entry["dtstart"].dt == datetime.datetime(2026, 7, 9, 10, 0, tzinfo=LONDON)
    assert str(entry["location"]) == "Phone"


def test_a_cancelled_appointment_stays_marked_cancelled_with_a_higher_sequence(member, partner):
    appointment = meet(partner, member)
    booked = vevents(member)[f"appointment-{appointment.pk}@alongside"]

    with time_machine.travel(NOW + datetime.timedelta(hours=2)):
        cancel_appointment(person=member, appointment=appointment)

        for person in (member, partner):
            [cancelled] = vevents(person).values()
            assert str(cancelled["status"]) == "CANCELLED"
            assert cancelled["sequence"] > booked["sequence"]
            assert cancelled["last-modified"].dt > booked["last-modified"].dt
            assert str(cancelled["uid"]) == str(booked["uid"])

    with time_machine.travel(datetime.datetime(2026, 1, 8, 23, 0, tzinfo=UTC)):
        cache.clear()
        assert len(vevents(member)) == 1  # its day: still there, cancelled
    with time_machine.travel(datetime.datetime(2026, 1, 9, 9, 0, tzinfo=UTC)):
        cache.clear()
        assert vevents(member) == {}  # over: gone


def test_an_appointment_that_went_ahead_stays_in_the_feed_as_history(member, partner):
    meet(partner, member)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)):
        cache.clear()
        assert len(vevents(member)) == 1


def test_making_and_cancelling_change_both_cached_feeds_at_once(member, partner):
    before = {person: feed_of(person) for person in (member, partner)}  # now cached

    appointment = meet(member, partner)

    made = {person: feed_of(person) for person in (member, partner)}
    assert all(made[p] != before[p] for p in made)
    cancel_appointment(person=partner, appointment=appointment)
    assert all(feed_of(p) != made[p] for p in made)


def test_appointments_sit_alongside_bookings_in_the_personal_feed(member, partner):
    occurrence = OccurrenceFactory()
    book_place(person=member, occurrence=occurrence)
    appointment = meet(partner, member)

    uids = set(vevents(member))

    assert f"appointment-{appointment.pk}@alongside" in uids and len(uids) == 2
    assert set(vevents(partner)) == {f"appointment-{appointment.pk}@alongside"}


def _feed_cost(appointments: int) -> int:
    person = PersonFactory()
    for day in range(appointments):
        meet(person, PersonFactory(), starts=STARTS + datetime.timedelta(days=day))
    token = feed_token_for(person=person).token
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert personal_feed(token=token).body
    return len(queries)


def test_a_feed_costs_the_same_however_many_appointments(member):
    assert _feed_cost(1) == _feed_cost(12)


def test_only_the_two_people_can_cancel_and_only_once(member, partner):
    appointment = meet(partner, member)
    with pytest.raises(NotAllowed):
        cancel_appointment(person=PersonFactory(), appointment=appointment)

    cancel_appointment(person=partner, appointment=appointment)
    with pytest.raises(EventError) as again:
        cancel_appointment(person=member, appointment=appointment)
    assert again.value.code == "wrong_state"


@pytest.mark.parametrize(
    "change, code, field",
    [
        ({"starts": NOW - datetime.timedelta(minutes=1)}, "invalid_time", "starts"),
        ({"minutes": 0}, "invalid_time", "ends"),
        ({"way": "carrier_pigeon"}, "invalid_way", "way"),
        ({"title": "   "}, "invalid_title", "title"),
        ({"title": "x" * 121}, "too_long", "title"),
        ({"where": "x" * 201}, "too_long", "where"),
        ({"where": "Room\x001"}, "hidden_character", "where"),
    ],
)
def test_bad_details_are_refused_with_the_field_named(member, partner, change, code, field):
    with pytest.raises(EventError) as refused:
        meet(member, partner, **change)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.message


def test_no_appointment_with_yourself_a_closed_account_or_someone_kept_apart(member, partner):
    with pytest.raises(EventError) as yourself:
        meet(member, member)
    assert yourself.value.field == "guest"
    with pytest.raises(EventError) as closed:
        meet(member, PersonFactory(is_active=False))
    assert closed.value.code == "not_found"

    block_person(blocker=partner, blocked=member)
    for organiser, guest in ((member, partner), (partner, member)):
        with pytest.raises(EventError) as blocked:
            meet(organiser, guest)
        assert blocked.value.code == "blocked"
    assert vevents(member) == {} and vevents(partner) == {}


def test_appointments_for_lists_both_sides_and_nobody_elses(member, partner):
    mine = meet(member, partner)
    with_me = meet(partner, member, starts=STARTS + datetime.timedelta(days=1))
    meet(partner, PersonFactory(), starts=STARTS + datetime.timedelta(days=2))

    assert list(appointments_for(person=member, since=NOW)) == [mine, with_me]
    assert list(appointments_for(person=member, since=STARTS + datetime.timedelta(hours=3))) == [
        with_me
    ]
