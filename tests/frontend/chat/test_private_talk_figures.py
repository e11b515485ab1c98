"""The organisation's events dashboard shows how many private talks each recent drop-in had and
how long people waited, in numbers only: never who asked, never what was said."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.chat.services.queue import join_queue, leave_queue, take_from_queue
from tests.chat.fixtures import make_drop_in
from tests.frontend.conftest import page_text

pytestmark = pytest.mark.django_db


def _talks(drop_in, *, wait_minutes: int) -> None:
    """One person taken after `wait_minutes`, one who gave up."""
    now = timezone.now()
    with time_machine.travel(now, tick=False) as clock:
        join_queue(person=drop_in.members[0], room=drop_in.room)
        join_queue(person=drop_in.members[1], room=drop_in.room)
        clock.shift(datetime.timedelta(minutes=wait_minutes))
        take_from_queue(advisor=drop_in.host, room=drop_in.room)
        leave_queue(person=drop_in.members[1], room=drop_in.room)


def _dashboard(client, drop_in):
    return client.get(reverse("events_dashboard", args=[drop_in.organisation.slug]))


def test_staff_see_each_drop_ins_private_talks_in_numbers_only(client):
    drop_in = make_drop_in()
    _talks(drop_in, wait_minutes=4)
    client.force_login(drop_in.staff)
    response = _dashboard(client, drop_in)
    assert response.status_code == 200
    text = page_text(response)
    assert "Private talks at drop-ins" in text
    row = f"{drop_in.occurrence.event.title}, "
    assert row in text
    assert "4 minutes" in text  # the average and the longest wait: one person taken
    for person in drop_in.members[:2]:
        assert person.display_name not in text


def test_the_figures_cost_the_same_queries_for_one_drop_in_or_three(client):
    first = make_drop_in()
    _talks(first, wait_minutes=2)
    client.force_login(first.staff)
    _dashboard(client, first)  # the session settles on the first visit
    with CaptureQueriesContext(connection) as one:
        _dashboard(client, first)
    for _ in range(2):
        other = make_drop_in()
        other.occurrence.event.organisation = first.organisation
        other.occurrence.event.save(update_fields=["organisation"])
        other.room.organisation = first.organisation
        other.room.save(update_fields=["organisation"])
        _talks(other, wait_minutes=3)
    with CaptureQueriesContext(connection) as three:
        response = _dashboard(client, first)
    assert len(response.context["private_talks"]) == 3
    assert len(three.captured_queries) == len(one.captured_queries)
