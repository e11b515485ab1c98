"""Registers that stay true: attendance and walk-ins only from the start of the date, and each
row says whom the place is for and who booked it (the page, the CSV and the API read the same)."""

import csv
import datetime
import io

import pytest
import time_machine

from events.errors import RegisterError
from events.selectors import register_for
from events.services.bookings import book_for_someone, book_place
from events.services.registers import (
    add_walk_in,
    booked_by_words,
    mark_attendance,
    place_for_words,
    register_csv,
)
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Tuesday 5 January 2027, 10:00 in London (GMT, so 10:00 UTC).
START = datetime.datetime(2027, 1, 5, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def date(event):
    with time_machine.travel(START - datetime.timedelta(days=9), tick=False):
        yield OccurrenceFactory(event=event, start=START, end=START + datetime.timedelta(hours=2))


@pytest.fixture
def booking(date):
    with time_machine.travel(START - datetime.timedelta(days=9), tick=False):
        return book_place(person=PersonFactory(display_name="Carl Carer"), occurrence=date)


def test_attendance_cannot_be_marked_before_the_date_starts(staff, date, booking):
    nine_days_before = time_machine.travel(START - datetime.timedelta(days=9), tick=False)
    with nine_days_before, pytest.raises(RegisterError) as early:
        mark_attendance(marker=staff, booking=booking, attended=True)
    assert early.value.code == "not_started"
    assert early.value.message == "You can take the register from 10:00 on Tuesday 5 January."
    booking.refresh_from_db()
    assert booking.attended is None


def test_a_walk_in_cannot_be_added_before_the_date_starts(staff, date):
    a_minute_before = time_machine.travel(START - datetime.timedelta(minutes=1), tick=False)
    with a_minute_before, pytest.raises(RegisterError) as early:
        add_walk_in(marker=staff, occurrence=date, name="Bea")
    assert early.value.code == "not_started"
    assert not date.bookings.filter(walk_in=True).exists()


def test_the_register_opens_at_the_start_and_stays_open_after_the_end(staff, date, booking):
    with time_machine.travel(START, tick=False):
        assert mark_attendance(marker=staff, booking=booking, attended=True).attended is True
    with time_machine.travel(START + datetime.timedelta(days=2), tick=False):
        mark_attendance(marker=staff, booking=booking, attended=False)
        walk_in = add_walk_in(marker=staff, occurrence=date, name="Bea")
    booking.refresh_from_db()
    assert booking.attended is False and walk_in.attended is True


def test_rows_say_whom_the_place_is_for_and_who_booked_it(staff, date, booking):
    carer = booking.person
    with time_machine.travel(START - datetime.timedelta(days=8), tick=False):
        book_place(person=carer, occurrence=date, for_person_name="Mum")
        book_for_someone(staff=staff, occurrence=date, name="Dev (phoned)")
        phoned = PersonFactory(display_name="Meg Member")
        book_for_someone(staff=staff, occurrence=date, person=phoned)
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        add_walk_in(marker=staff, occurrence=date, name="Bea")

    rows = {place_for_words(b): booked_by_words(b) for b in register_for(occurrence=date)}
    assert rows == {
        "Carl Carer": "Carl Carer",
        "Mum": "Carl Carer",
        "Dev (phoned)": "Pat Staff",
        "Meg Member": "Pat Staff",
        "Bea": "Walk-in",
    }

    table = list(csv.reader(io.StringIO(register_csv(viewer=staff, occurrence=date))))
    assert table[0][:2] == ["Place for", "Booked by"]
    assert {tuple(row[:2]) for row in table[1:]} == set(rows.items())


def test_the_register_reads_the_bookers_in_a_fixed_number_of_queries(
    staff, date, django_assert_num_queries
):
    with time_machine.travel(START - datetime.timedelta(days=8), tick=False):
        for _ in range(5):
            book_for_someone(staff=staff, occurrence=date, person=PersonFactory())
    with django_assert_num_queries(1):
        assert len({booked_by_words(b) for b in register_for(occurrence=date)}) == 1
