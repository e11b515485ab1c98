"""Telling everyone booked or waiting about a changed date costs the same queries however many
people that is: the notifications are stored in one bulk insert and pushed by the task worker."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Notification
from events.services.bookings import book_place
from events.services.occurrences import cancel_occurrence
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
