"""Themed dates: one date of a drop-in with its own theme and short description, set by staff and
the date's hosts, shown in the feeds and found by the find-events search. Nobody is notified."""

import datetime

import pytest
import time_machine
from icalendar import Calendar

from community.errors import NotAllowed
from community.models import AuditLogEntry, Notification
from events.errors import EventError
from events.feeds import event_feed, personal_feed, uid_for
from events.selectors import (
    EventFilters,
    events_list,
    feed_token_for,
    occurrences_in_month,
    upcoming_occurrences,
)
from events.services.bookings import book_place
from events.services.occurrences import cancel_occurrence
from events.services.themes import set_date_theme
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory, advisor_of

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _vevent(body: bytes, uid: str):
    for component in Calendar.from_ical(body).walk("VEVENT"):
        if str(component["uid"]) == uid:
            return component
    raise AssertionError(f"{uid} is not in the feed")


def test_staff_give_one_date_a_theme_and_a_description(occurrence, staff):
    themed = set_date_theme(
        editor=staff,
        occurrence=occurrence,
        theme="  Employing a PA ",
        description=" Contracts, payroll and insurance. ",
    )

    occurrence.refresh_from_db()
    assert occurrence.theme == "Employing a PA"
    assert occurrence.theme_description == "Contracts, payroll and insurance."
    assert themed.places_left == occurrence.capacity  # counted, as the pages show it
    entry = AuditLogEntry.objects.get(action="events.occurrence.themed")
    assert entry.actor == staff and entry.data["theme"] == "Employing a PA"


def test_the_other_dates_of_the_event_keep_no_theme(event, staff):
    first, second = OccurrenceFactory(event=event), OccurrenceFactory(event=event)

    set_date_theme(editor=staff, occurrence=first, theme="Direct payments")

    second.refresh_from_db()
    assert second.theme == ""


def test_a_host_of_the_event_may_set_the_theme(event, occurrence):
    host = advisor_of(event.organisation)
    event.hosts.add(host)

    set_date_theme(editor=host, occurrence=occurrence, theme="Direct payments")

    occurrence.refresh_from_db()
    assert occurrence.theme == "Direct payments"


def test_the_host_of_one_date_may_theme_that_date_but_not_another(event):
    host = advisor_of(event.organisation)
    hosted = OccurrenceFactory(event=event, host=host)
    other = OccurrenceFactory(event=event)

    set_date_theme(editor=host, occurrence=hosted, theme="Direct payments")
    with pytest.raises(NotAllowed):
        set_date_theme(editor=host, occurrence=other, theme="Direct payments")


def test_someone_else_cannot_set_a_theme(occurrence):
    with pytest.raises(NotAllowed):
        set_date_theme(editor=PersonFactory(), occurrence=occurrence, theme="Anything")
    occurrence.refresh_from_db()
    assert occurrence.theme == ""


def test_a_theme_too_long_is_refused_with_its_field(occurrence, staff):
    with pytest.raises(EventError) as refused:
        set_date_theme(editor=staff, occurrence=occurrence, theme="x" * 101)

    assert refused.value.code == "theme_too_long"
    assert refused.value.field == "theme"


def test_a_description_too_long_is_refused_with_its_field(occurrence, staff):
    with pytest.raises(EventError) as refused:
        set_date_theme(editor=staff, occurrence=occurrence, theme="PAs", description="x" * 301)

    assert refused.value.code == "description_too_long"
    assert refused.value.field == "description"


def test_a_description_needs_a_theme(occurrence, staff):
    with pytest.raises(EventError) as refused:
        set_date_theme(editor=staff, occurrence=occurrence, theme=" ", description="Come along")

    assert refused.value.code == "theme_needed"
    assert refused.value.field == "theme"


def test_a_cancelled_date_cannot_have_a_theme(occurrence, staff):
    cancel_occurrence(canceller=staff, occurrence=occurrence)

    with pytest.raises(EventError) as refused:
        set_date_theme(editor=staff, occurrence=occurrence, theme="Direct payments")

    assert refused.value.code == "cancelled"


def test_an_empty_theme_takes_the_theme_away(occurrence, staff):
    set_date_theme(editor=staff, occurrence=occurrence, theme="Direct payments", description="Hi")

    set_date_theme(editor=staff, occurrence=occurrence, theme="", description="")

    occurrence.refresh_from_db()
    assert (occurrence.theme, occurrence.theme_description) == ("", "")
    assert AuditLogEntry.objects.filter(action="events.occurrence.theme_removed").count() == 1


def test_the_same_theme_again_changes_nothing(occurrence, staff):
    set_date_theme(editor=staff, occurrence=occurrence, theme="Direct payments")
    occurrence.refresh_from_db()
    sequence = occurrence.sequence

    set_date_theme(editor=staff, occurrence=occurrence, theme="Direct payments")

    occurrence.refresh_from_db()
    assert occurrence.sequence == sequence
    assert AuditLogEntry.objects.filter(action="events.occurrence.themed").count() == 1


def test_setting_a_theme_tells_nobody(occurrence, staff):
    booked = PersonFactory()
    book_place(person=booked, occurrence=occurrence)
    before = Notification.objects.count()

    set_date_theme(editor=staff, occurrence=occurrence, theme="Direct payments")

    assert Notification.objects.count() == before


def test_the_feeds_show_the_theme_in_the_title_and_the_description(occurrence, staff):
    event = occurrence.event
    booked = PersonFactory()
    book_place(person=booked, occurrence=occurrence)
    token = feed_token_for(person=booked).token
    before = _vevent(event_feed(event=event).body, occurrence.uid)
    own_before = _vevent(personal_feed(token=token).body, uid_for(occurrence, booked.pk))

    set_date_theme(
        editor=staff,
        occurrence=occurrence,
        theme="Employing a PA",
        description="Contracts, payroll and insurance.",
    )

    after = _vevent(event_feed(event=event).body, occurrence.uid)
    assert str(after["summary"]) == f"{event.title}: Employing a PA"
    assert "This date's theme: Employing a PA. Contracts, payroll and insurance." in str(
        after["description"]
    )
    assert after["sequence"] > before["sequence"]
    assert after["last-modified"].dt > before["last-modified"].dt
    own = _vevent(personal_feed(token=token).body, uid_for(occurrence, booked.pk))
    assert str(own["summary"]) == f"{event.title}: Employing a PA"
    assert own["sequence"] > own_before["sequence"]


def test_a_date_without_a_theme_keeps_the_plain_title_in_the_feed(occurrence):
    entry = _vevent(event_feed(event=occurrence.event).body, occurrence.uid)

    assert str(entry["summary"]) == occurrence.event.title
    assert "theme" not in str(entry["description"])


# --- Finding themed dates ---------------------------------------------------------------------


@pytest.fixture
def themed_drop_in(staff, event):
    """A drop-in with three dates, only the second about wheelchair repairs."""
    dates = [
        OccurrenceFactory(event=event, start=NOW + datetime.timedelta(days=days, hours=1))
        for days in (2, 9, 16)
    ]
    set_date_theme(
        editor=staff,
        occurrence=dates[1],
        theme="Wheelchair repairs",
        description="Bring your chair: a technician checks it.",
    )
    return event, dates


def test_search_words_find_the_event_by_a_date_theme(themed_drop_in):
    event, dates = themed_drop_in
    EventFactory(title="Something else", summary="", description="")

    [found] = events_list(filters=EventFilters(q="wheelchair"))

    assert found == event
    # The date shown is the one that matched, with its theme.
    assert found.next_start == dates[1].start
    assert found.next_theme == "Wheelchair repairs"


def test_search_words_find_a_theme_description(themed_drop_in):
    event, _ = themed_drop_in

    assert list(events_list(filters=EventFilters(q="TECHNICIAN chair"))) == [event]


def test_every_search_word_must_match(themed_drop_in):
    assert list(events_list(filters=EventFilters(q="wheelchair knitting"))) == []


def test_search_words_find_the_event_title_and_then_its_next_date(themed_drop_in):
    event, dates = themed_drop_in

    [found] = events_list(filters=EventFilters(q=event.title.split()[0]))

    assert found.next_start == dates[0].start
    assert found.next_theme == ""


def test_search_words_narrow_the_dates_to_the_themed_one(themed_drop_in):
    _, dates = themed_drop_in

    found = list(upcoming_occurrences(filters=EventFilters(q="wheelchair")))
    month = list(occurrences_in_month(year=2027, month=3, filters=EventFilters(q="wheelchair")))

    assert found == [dates[1]] and month == [dates[1]]


def test_the_list_gives_the_next_date_theme(themed_drop_in, staff):
    _, dates = themed_drop_in
    set_date_theme(
        editor=staff, occurrence=dates[0], theme="Direct payments", description="Your budget."
    )

    [found] = events_list()

    assert found.next_start == dates[0].start
    assert (found.next_theme, found.next_theme_description) == ("Direct payments", "Your budget.")
