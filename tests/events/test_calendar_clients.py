"""Every feed kind, read by calendar software no one on the project wrote (Mozilla's ical.js, as
in Thunderbird, and the `recurring-ical-events` package), shows exactly the dates and times that
the API gives, across both clock changes of the next two years: summer dates are not an hour out,
dates on the night the clocks change land at the right instant, and dates from last year in the
same feed change nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from django.urls import reverse
from icalendar import Calendar
from rest_framework.test import APIClient

from events.links import event_feed_url, organisation_feed_url, personal_feed_url
from events.selectors import feed_token_for
from events.services.bookings import book_place
from events.services.occurrences import add_occurrence, move_occurrence
from events.services.series import create_series
from tests.calendar_clients import read_with_ical_js
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, PersonFactory, staff_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC
# Set up in December 2026, read in January 2027: a feed holding last year's dates and the two
# years ahead, as every organisation's and person's feed does from January on.
SET_UP = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
READ = datetime.datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
READ_UNTIL = datetime.date(2029, 1, 1)
# The last Sundays of March and October, when the clocks go forward and back.
CLOCK_CHANGES = [
    datetime.date(2027, 3, 28),
    datetime.date(2027, 10, 31),
    datetime.date(2028, 3, 26),
    datetime.date(2028, 10, 29),
]


def _utc(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), UTC)


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), LONDON)


def _workshop_times() -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Around each clock change: the day before and after at 10:00 UK time, and on the night
    itself 00:30 and 01:30 UTC (in October 01:30 UK time twice: summer time, then winter time)
    and 10:00 UK time, some lasting across the change."""
    times = []
    for day in CLOCK_CHANGES:
        for start in (
            _local(day - datetime.timedelta(days=1), 10),
            _utc(day, 0, 30),
            _utc(day, 1, 30),
            _local(day, 10),
            _local(day + datetime.timedelta(days=1), 10),
        ):
            times.append((start, start + datetime.timedelta(hours=2)))
    # Last year's dates, in the same feeds.
    times.append((_local(datetime.date(2026, 12, 20), 10), _local(datetime.date(2026, 12, 20), 12)))
    times.append((_local(datetime.date(2027, 1, 10), 0, 30), _local(datetime.date(2027, 1, 10), 3)))
    return times


@pytest.fixture
def programme():
    """An organisation with a weekly drop-in at 10:00 UK time (a year of dates, one moved across
    the March clock change) and a workshop dated around every clock change; someone booked on
    dates from last year, summer and winter."""
    with time_machine.travel(SET_UP, tick=False):
        organisation = OrganisationFactory()
        staff = staff_of(organisation)
        drop_in = EventFactory(organisation=organisation, kind="drop_in", slug="carers-drop-in")
        create_series(
            creator=staff,
            event=drop_in,
            rule="FREQ=WEEKLY;BYDAY=TU",
            start_date=datetime.date(2026, 12, 15),
            start_time=datetime.time(10, 0),
            duration_minutes=120,
        )
        moved = drop_in.occurrences.get(start=_local(datetime.date(2027, 3, 23), 10))
        move_occurrence(
            mover=staff,
            occurrence=moved,
            start=_local(datetime.date(2027, 3, 29), 9, 30),
            end=_local(datetime.date(2027, 3, 29), 11, 30),
        )
        workshop = EventFactory(organisation=organisation, slug="becoming-an-employer")
        dates = [
            add_occurrence(creator=staff, event=workshop, start=start, end=end)
            for start, end in _workshop_times()
        ]
        person = PersonFactory()
        summer = drop_in.occurrences.get(start=_local(datetime.date(2027, 7, 6), 10))
        for occurrence in [*dates[::3], summer, moved]:
            book_place(person=person, occurrence=occurrence)
    return organisation, [drop_in, workshop], person


def _feeds(client, organisation, events, person) -> dict[str, bytes]:
    paths = {event.slug: event_feed_url(event) for event in events}
    paths["organisation"] = organisation_feed_url(organisation)
    paths["personal"] = personal_feed_url(feed_token_for(person=person).token)
    bodies = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, name
        bodies[name] = response.content
    return bodies


def _occurrence_id(uid: str) -> int:
    """The date's id in either UID form: occurrence-<id>@… or booking-<id>-<person>@…."""
    return int(uid.split("@")[0].split("-")[1])


def _api_times(client, ids) -> dict[int, tuple[datetime.datetime, datetime.datetime]]:
    answers = {}
    for pk in ids:
        data = client.get(reverse("api:occurrence-detail", args=[pk])).json()
        answers[pk] = (
            datetime.datetime.fromisoformat(data["start"]).astimezone(UTC),
            datetime.datetime.fromisoformat(data["end"]).astimezone(UTC),
        )
    return answers


def _upcoming_in_api(client, organisation) -> set[int]:
    ids: set[int] = set()
    url = reverse("api:occurrence-list") + f"?organisation={organisation.slug}&page_size=100"
    while url:
        page = client.get(url).json()
        ids.update(o["id"] for o in page["results"])
        url = page["next"]
    return ids


def _with_recurring_ical_events(
    body: bytes,
) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
    calendar = Calendar.from_ical(body)
    return [
        (str(v["uid"]), v["dtstart"].dt.astimezone(UTC), v["dtend"].dt.astimezone(UTC))
        for v in recurring_ical_events.of(calendar).between(datetime.date(2025, 1, 1), READ_UNTIL)
    ]


def _with_ical_js(body: bytes) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
    return [(d["uid"], d["start"], d["end"]) for d in read_with_ical_js(body, until=READ_UNTIL)]


def _mismatches(read_back, api_times) -> list[str]:
    wrong = []
    for uid, start, end in read_back:
        expected = api_times[_occurrence_id(uid)]
        if (start, end) != expected:
            wrong.append(
                f"{uid}: {start:%Y-%m-%d %H:%M}Z, the API says {expected[0]:%Y-%m-%d %H:%M}Z"
            )
    return wrong


@pytest.mark.parametrize(
    "reader", [_with_ical_js, _with_recurring_ical_events], ids=["ical.js", "recurring-ical-events"]
)
def test_every_feed_shows_the_apis_dates_in_calendar_apps_across_both_clock_changes_of_two_years(
    programme, reader
):
    organisation, events, person = programme
    client = APIClient()
    with time_machine.travel(READ, tick=False):
        feeds = _feeds(client, organisation, events, person)
        read_back = {name: reader(body) for name, body in feeds.items()}
        ids = {_occurrence_id(uid) for dates in read_back.values() for uid, _, _ in dates}
        api_times = _api_times(client, ids)
        upcoming = _upcoming_in_api(client, organisation)

    mismatches = {name: _mismatches(dates, api_times) for name, dates in read_back.items()}
    assert mismatches == {name: [] for name in feeds}
    # Nothing the API lists is missing from the organisation's feed or its events' feeds...
    assert upcoming <= {_occurrence_id(uid) for uid, _, _ in read_back["organisation"]}
    per_event = {_occurrence_id(uid) for e in events for uid, _, _ in read_back[e.slug]}
    assert upcoming <= per_event
    # ...and each feed holds what it should: both years' clock changes, last year's dates, the
    # personal feed its bookings.
    starts = {start.date() for _, start, _ in read_back["organisation"]}
    assert set(CLOCK_CHANGES) <= starts
    assert datetime.date(2026, 12, 20) in starts
    assert len(read_back["personal"]) == len(_workshop_times()[::3]) + 2
    summer_dates = [s for _, s, _ in read_back["organisation"] if s.month in (6, 7, 8)]
    assert len(summer_dates) >= 13  # every Tuesday of summer 2027
