"""Registers and the picture of attendance: hosts and staff mark who came, add walk-ins,
download CSV; the organisation sees a year of attendance by month."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from community.errors import NotAllowed
from events.selectors import attendance_by_month, organisation_dashboard
from events.services.bookings import book_place
from events.services.registers import add_walk_in, mark_attendance, register_csv
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory, advisor_of, staff_of

pytestmark = pytest.mark.django_db


def test_a_host_marks_attendance_and_adds_a_walk_in(occurrence):
    host = advisor_of(occurrence.event.organisation)
    occurrence.event.hosts.add(host)
    booking = book_place(person=PersonFactory(), occurrence=occurrence)

    with time_machine.travel(occurrence.start):  # the register opens when the date starts
        mark_attendance(marker=host, booking=booking, attended=True)
        walk_in = add_walk_in(marker=host, occurrence=occurrence, name="  Bea   from the library ")

    booking.refresh_from_db()
    assert booking.attended is True
    assert walk_in.walk_in and walk_in.attended and walk_in.name == "Bea from the library"


def test_people_who_are_not_hosts_or_staff_cannot_take_the_register(occurrence):
    booking = book_place(person=PersonFactory(), occurrence=occurrence)
    advisor_elsewhere = advisor_of(OccurrenceFactory().event.organisation)
    for outsider in (booking.person, advisor_elsewhere):
        with pytest.raises(NotAllowed):
            mark_attendance(marker=outsider, booking=booking, attended=True)
        with pytest.raises(NotAllowed):
            register_csv(viewer=outsider, occurrence=occurrence)


def test_the_csv_register_lists_access_needs_and_defuses_formulas(occurrence):
    staff = staff_of(occurrence.event.organisation)
    book_place(
        person=PersonFactory(display_name="=HYPERLINK(1)"),
        occurrence=occurrence,
        access_needs=["bsl_interpreter"],
    )
    csv = register_csv(viewer=staff, occurrence=occurrence)
    assert "BSL interpreter" in csv
    assert "'=HYPERLINK(1)" in csv


def test_attendance_by_month_covers_twelve_months_with_walk_ins_and_no_shows(organisation):
    staff = staff_of(organisation)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)):
        start = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)
        occurrence = OccurrenceFactory(event__organisation=organisation, start=start, capacity=5)
        came, missed = PersonFactory(), PersonFactory()
        came_booking = book_place(person=came, occurrence=occurrence)
        missed_booking = book_place(person=missed, occurrence=occurrence)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)):
        mark_attendance(marker=staff, booking=came_booking, attended=True)
        mark_attendance(marker=staff, booking=missed_booking, attended=False)
        add_walk_in(marker=staff, occurrence=occurrence, name="Bea")
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)):
        months = attendance_by_month(organisation=organisation)

    assert len(months) == 12
    assert months[-1]["month"] == datetime.date(2026, 6, 1)
    march = next(m for m in months if m["month"] == datetime.date(2026, 3, 1))
    assert march == {
        "month": datetime.date(2026, 3, 1),
        "booked": 2,
        "attended": 2,
        "walk_ins": 1,
        "no_shows": 1,
    }
    assert sum(m["booked"] for m in months) == 2


def test_the_dashboard_shows_places_left_and_waiting_list_lengths(organisation):
    occurrence = OccurrenceFactory(event__organisation=organisation, capacity=1)
    book_place(person=PersonFactory(), occurrence=occurrence)
    book_place(person=PersonFactory(), occurrence=occurrence, wait_if_full=True)
    row = organisation_dashboard(organisation=organisation)[0]
    assert (row.places_left, row.waiting_count) == (0, 1)
    assert row.start > timezone.now()
