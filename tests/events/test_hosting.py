"""Hosts run their own dates: they move, cancel and add a note to the dates they host, and
everyone booked and waiting is told (with the reason); "Sessions I host" lists their dates; an
event cannot be published with no dates."""

import datetime

import pytest
from django.core import mail

from community.errors import NotAllowed
from community.models import Notification
from events.errors import EventError
from events.models import Event, Occurrence
from events.selectors import hosted_dates, hosts_any_date
from events.services.bookings import book_place
from events.services.events import create_event, publish_event, update_event
from events.services.occurrences import (
    add_date_note,
    cancel_occurrence,
    change_occurrence,
    move_occurrence,
)
from frontend.shared.hosting import event_tools
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import MembershipFactory, PersonFactory, advisor_of, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(event):
    person = advisor_of(event.organisation, display_name="Harriet Host")
    event.hosts.add(person)
    return person


@pytest.fixture
def full_date(event):
    """A date with one place, taken, and one person waiting."""
    date = OccurrenceFactory(event=event, capacity=1, start=uk_time(8), end=uk_time(8, hour=12))
    booked, waiting = PersonFactory(), PersonFactory()
    book_place(person=booked, occurrence=date)
    book_place(person=waiting, occurrence=date, wait_if_full=True)
    return date, booked, waiting


def _told(person, date) -> list[str]:
    return list(
        Notification.objects.filter(recipient=person, about_id=date.pk).values_list(
            "message", flat=True
        )
    )


def test_a_host_moves_her_date_and_everyone_booked_and_waiting_gets_the_reason(
    host, full_date, django_capture_on_commit_callbacks
):
    date, booked, waiting = full_date
    later = date.start + datetime.timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        moved = move_occurrence(
            mover=host,
            occurrence=date,
            start=later,
            end=later + datetime.timedelta(hours=2),
            reason="The room is booked until 10:30.",
        )
    assert moved.status == Occurrence.Status.MOVED and moved.start == later
    for person in (booked, waiting):
        (message,) = _told(person, date)
        assert message.startswith("Moved: ") and message.endswith("The room is booked until 10:30.")
    (email,) = [m for m in mail.outbox if m.to == [booked.email] and "moved" in m.subject]
    assert "Why: The room is booked until 10:30." in email.body


def test_a_host_cancels_her_date_with_a_reason(host, full_date):
    date, booked, waiting = full_date
    cancelled = cancel_occurrence(canceller=host, occurrence=date, reason="I am unwell.")
    assert cancelled.is_cancelled
    assert _told(booked, date)[0].endswith("I am unwell.")
    assert _told(waiting, date)[0].startswith("Cancelled: ")


def test_a_dates_own_host_may_change_that_date_only(event):
    own_host = advisor_of(event.organisation)
    theirs = OccurrenceFactory(event=event, host=own_host)
    other = OccurrenceFactory(event=event, start=uk_time(20), end=uk_time(20, hour=12))
    add_date_note(editor=own_host, occurrence=theirs, note="Room 2 this week.")
    with pytest.raises(NotAllowed):
        add_date_note(editor=own_host, occurrence=other, note="Room 2 this week.")
    with pytest.raises(NotAllowed):
        cancel_occurrence(canceller=own_host, occurrence=other)


@pytest.mark.parametrize("who", ["member", "booked", "advisor_not_hosting", "other_staff"])
def test_people_who_do_not_host_the_date_cannot_move_cancel_or_note_it(who, event, full_date):
    date, booked, _ = full_date
    person = {
        "member": PersonFactory(),
        "booked": booked,
        "advisor_not_hosting": advisor_of(event.organisation),
        "other_staff": staff_of(EventFactory().organisation),
    }[who]
    later = date.start + datetime.timedelta(hours=1)
    with pytest.raises(NotAllowed):
        move_occurrence(mover=person, occurrence=date, start=later, end=date.end)
    with pytest.raises(NotAllowed):
        cancel_occurrence(canceller=person, occurrence=date)
    with pytest.raises(NotAllowed):
        add_date_note(editor=person, occurrence=date, note="Hello")


def test_hosts_cannot_change_a_dates_host_or_places(host, full_date):
    date, _, _ = full_date
    with pytest.raises(NotAllowed):
        change_occurrence(editor=host, occurrence=date, capacity=20)


def test_a_note_is_told_to_everyone_booked_and_waiting_and_kept_on_the_date(host, full_date):
    date, booked, waiting = full_date
    noted = add_date_note(editor=host, occurrence=date, note="  Bring your   last statement. ")
    assert noted.note == "Bring your last statement."
    assert noted.sequence == date.sequence + 1
    for person in (booked, waiting):
        (message,) = _told(person, date)
        assert message.startswith("A note about ") and message.endswith(
            ": Bring your last statement."
        )
    # The same note again changes nothing and tells nobody twice.
    again = add_date_note(editor=host, occurrence=noted, note="Bring your last statement.")
    assert again.sequence == noted.sequence
    assert len(_told(booked, date)) == 1


def test_taking_a_note_away_tells_nobody(host, full_date):
    date, booked, _ = full_date
    add_date_note(editor=host, occurrence=date, note="Room 2.")
    cleared = add_date_note(editor=host, occurrence=date, note="")
    assert cleared.note == ""
    assert len(_told(booked, date)) == 1


def test_a_note_too_long_or_on_a_cancelled_date_is_refused(host, full_date):
    date, _, _ = full_date
    with pytest.raises(EventError) as too_long:
        add_date_note(editor=host, occurrence=date, note="x" * 301)
    assert too_long.value.code == "note_too_long" and too_long.value.field == "note"
    cancel_occurrence(canceller=host, occurrence=date)
    with pytest.raises(EventError) as cancelled:
        add_date_note(editor=host, occurrence=date, note="Sorry")
    assert cancelled.value.code == "cancelled"


def test_hosted_dates_are_the_events_and_the_dates_own_split_into_coming_and_past(event, host):
    elsewhere = EventFactory()
    MembershipFactory(person=host, organisation=elsewhere.organisation)  # hosts there too
    own_host_date = OccurrenceFactory(
        event=elsewhere, host=host, start=uk_time(3), end=uk_time(3, hour=12)
    )
    coming = OccurrenceFactory(event=event, start=uk_time(10), end=uk_time(10, hour=12))
    past = OccurrenceFactory(event=event, start=uk_time(-10), end=uk_time(-10, hour=12))
    OccurrenceFactory(event=EventFactory())  # not hers
    OccurrenceFactory(
        event=EventFactory(status=Event.Status.DRAFT, organisation=event.organisation)
    )
    book_place(person=PersonFactory(), occurrence=coming, companions=1)

    upcoming = list(hosted_dates(host, past=False))
    assert upcoming == [own_host_date, coming]
    assert (upcoming[1].places_taken, upcoming[1].places_left) == (2, coming.capacity - 2)
    assert list(hosted_dates(host, past=True)) == [past]
    assert hosts_any_date(host) and not hosts_any_date(PersonFactory())
    assert list(hosted_dates(PersonFactory(), past=False)) == []


def test_hosted_dates_cost_one_query_however_many(event, host, django_assert_num_queries):
    for days in range(2, 12):
        OccurrenceFactory(event=event, start=uk_time(days), end=uk_time(days, hour=12))
    with django_assert_num_queries(1):
        assert len(list(hosted_dates(host, past=False))) == 10


# ---- Publishing ----


def test_an_event_with_no_dates_cannot_be_published(organisation):
    staff = staff_of(organisation)
    event = create_event(creator=staff, organisation=organisation, title="Your support plan")
    with pytest.raises(EventError) as refused:
        publish_event(publisher=staff, event=event)
    assert refused.value.code == "no_dates"
    assert refused.value.message == "Add a date before you publish this event."
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_an_event_whose_only_date_is_cancelled_cannot_be_published(organisation):
    staff = staff_of(organisation)
    event = EventFactory(organisation=organisation, status=Event.Status.DRAFT)
    date = OccurrenceFactory(event=event)
    cancel_occurrence(canceller=staff, occurrence=date)
    with pytest.raises(EventError):
        publish_event(publisher=staff, event=event)
    OccurrenceFactory(event=event, start=uk_time(30), end=uk_time(30, hour=12))
    assert publish_event(publisher=staff, event=event).status == Event.Status.PUBLISHED


def test_making_someone_a_host_drops_what_the_header_kept_about_them(
    event, django_capture_on_commit_callbacks
):
    advisor = advisor_of(event.organisation)
    OccurrenceFactory(event=event)
    assert event_tools(advisor).hosts is False
    with django_capture_on_commit_callbacks(execute=True):
        update_event(editor=staff_of(event.organisation), event=event, hosts=[advisor])
    assert event_tools(advisor).hosts is True
    with django_capture_on_commit_callbacks(execute=True):
        update_event(editor=staff_of(event.organisation), event=event, hosts=[])
    assert event_tools(advisor).hosts is False
