"""Reminder e-mails through the task queue: a day before, once for each time the date is at (a
date that moves is reminded of again), never for a cancelled date, never after unsubscribing."""

import datetime

import pytest
import time_machine
from django.core import mail

from community.periodic import enqueue_due_jobs
from events.models import Booking
from events.services.bookings import book_place
from events.services.occurrences import cancel_occurrence, move_occurrence
from events.services.reminders import send_due_reminders, stop_reminders
from tests.events.factories import OccurrenceFactory
from tests.factories import staff_of

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def booked(person):
    with time_machine.travel(START - datetime.timedelta(days=10)):
        occurrence = OccurrenceFactory(start=START, end=START + datetime.timedelta(hours=2))
        book_place(person=person, occurrence=occurrence)
    mail.outbox.clear()
    return occurrence


def test_a_reminder_goes_a_day_before_and_only_once(booked, person):
    with time_machine.travel(START - datetime.timedelta(hours=25)):
        assert send_due_reminders() == 0
    with time_machine.travel(START - datetime.timedelta(hours=23)):
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0
    with time_machine.travel(START - datetime.timedelta(hours=1)):
        assert send_due_reminders() == 0

    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "Reminder" in mail.outbox[0].subject
    assert "/events/reminders/stop/" in mail.outbox[0].body
    assert Booking.objects.get(person=person).reminder_sent_at is not None


def test_the_reminder_window_follows_the_setting(booked, settings):
    settings.EVENT_REMINDER_HOURS = 48
    with time_machine.travel(START - datetime.timedelta(hours=47)):
        assert send_due_reminders() == 1


def test_no_reminder_for_a_cancelled_date(booked):
    staff = staff_of(booked.event.organisation)
    with time_machine.travel(START - datetime.timedelta(days=3)):
        cancel_occurrence(canceller=staff, occurrence=booked)
    with time_machine.travel(START - datetime.timedelta(hours=23)):
        assert send_due_reminders() == 0
    assert not [m for m in mail.outbox if "Reminder" in m.subject]


def test_the_unsubscribe_link_stops_reminders(booked, person):
    with time_machine.travel(START - datetime.timedelta(hours=23)):
        send_due_reminders()
    token = mail.outbox[0].body.split("/events/reminders/stop/")[1].split("/")[0]
    stop_reminders(token=token)

    later = START + datetime.timedelta(days=7)
    with time_machine.travel(START - datetime.timedelta(days=1)):
        second = OccurrenceFactory(event=booked.event, start=later)
        book_place(person=person, occurrence=second)
    with time_machine.travel(later - datetime.timedelta(hours=23)):
        assert send_due_reminders() == 0


def test_the_scheduler_runs_reminders_through_the_task_queue(
    booked, person, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(START - datetime.timedelta(hours=23)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        queued = enqueue_due_jobs()
    assert "events.reminders" in queued
    assert [m.to for m in mail.outbox if "Reminder" in m.subject] == [[person.email]]


def test_a_date_that_moves_after_its_reminder_is_reminded_of_again_at_the_new_time(booked, person):
    staff = staff_of(booked.event.organisation)
    with time_machine.travel(START - datetime.timedelta(hours=23)):
        assert send_due_reminders() == 1
        later = START + datetime.timedelta(days=2)
        move_occurrence(
            mover=staff, occurrence=booked, start=later, end=later + datetime.timedelta(hours=2)
        )
        assert send_due_reminders() == 0  # the new time is two days off
    with time_machine.travel(later - datetime.timedelta(hours=23)):
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0

    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert [m.to for m in reminders] == [[person.email]] * 2
    assert "Thursday 12 March 2026, 10:00" in reminders[1].body


def test_a_date_moved_within_the_reminder_window_is_reminded_of_at_once(booked):
    staff = staff_of(booked.event.organisation)
    with time_machine.travel(START - datetime.timedelta(hours=23)):
        assert send_due_reminders() == 1
        sooner = START - datetime.timedelta(hours=3)
        move_occurrence(
            mover=staff, occurrence=booked, start=sooner, end=sooner + datetime.timedelta(hours=2)
        )
        assert send_due_reminders() == 1
