"""Telling everyone booked or waiting about a changed date costs the same queries however many
people that is: the notifications are stored in one bulk insert and pushed by the task worker,
and the calendar updates e-mailed to everyone booked are read in one query."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Notification
from events.emails import send_date_changed_emails
from events.services.bookings import book_place
from events.services.occurrences import cancel_occurrence, move_occurrence
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db


def _cancelling_costs(people: int) -> int:
    occurrence = OccurrenceFactory(capacity=people)
    for person in PersonFactory.create_batch(people):
        book_place(person=person, occurrence=occurrence)
    staff = staff_of(occurrence.event.organisation)
    with CaptureQueriesContext(connection) as queries:
        cancel_occurrence(canceller=staff, occurrence=occurrence, reason="The room flooded.")
    told = Notification.objects.filter(about_id=occurrence.pk, kind="events.occurrence_changed")
    assert told.count() == people
    return len(queries)


def test_cancelling_a_date_for_30_people_costs_the_same_queries_as_for_3():
    assert _cancelling_costs(30) == _cancelling_costs(3)


def _moving_costs(people: int) -> tuple[int, int]:
    """Queries to move the date, and then for the task that e-mails everyone booked."""
    occurrence = OccurrenceFactory(capacity=people)
    for person in PersonFactory.create_batch(people):
        book_place(person=person, occurrence=occurrence)
    staff = staff_of(occurrence.event.organisation)
    later = occurrence.start + datetime.timedelta(days=1)
    with CaptureQueriesContext(connection) as moving:
        move_occurrence(
            mover=staff, occurrence=occurrence, start=later, end=later + datetime.timedelta(hours=2)
        )
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as emailing:
        send_date_changed_emails.enqueue(occurrence_id=occurrence.pk, kind="date_moved")
    assert len([m for m in mail.outbox if m.attachments]) == people
    return len(moving), len(emailing)


def test_moving_a_date_for_30_people_and_emailing_their_calendars_costs_what_it_does_for_3():
    assert _moving_costs(30) == _moving_costs(3)
