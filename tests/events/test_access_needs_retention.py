"""Access needs are kept only while useful: they are erased 30 days after the date ends, as the
privacy notice promises."""

import datetime

import time_machine
from django.utils import timezone

from community.periodic import registered_jobs
from events.models import Booking, WaitingListEntry
from events.personal_data import erase_old_access_needs
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory

NOW = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=datetime.UTC)


def _booking_ended(days_ago: int) -> Booking:
    end = NOW - datetime.timedelta(days=days_ago)
    occurrence = OccurrenceFactory(start=end - datetime.timedelta(hours=2), end=end)
    return Booking.objects.create(
        person=PersonFactory(),
        occurrence=occurrence,
        access_needs=["hearing_loop"],
        access_notes="Front row please",
        attended=True,
    )


@time_machine.travel(NOW, tick=False)
def test_access_needs_go_thirty_days_after_the_date_ends(db):
    old, recent = _booking_ended(31), _booking_ended(29)
    waiting = WaitingListEntry.objects.create(
        person=PersonFactory(),
        occurrence=old.occurrence,
        position=1,
        access_needs=["quiet_space"],
    )

    assert erase_old_access_needs(now=timezone.now()) == 2

    old.refresh_from_db()
    recent.refresh_from_db()
    waiting.refresh_from_db()
    assert old.access_needs == [] and old.access_notes == "" and old.attended
    assert recent.access_needs == ["hearing_loop"] and recent.access_notes == "Front row please"
    assert waiting.access_needs == []


@time_machine.travel(NOW, tick=False)
def test_the_days_kept_come_from_settings(db, settings):
    settings.ACCESS_NEEDS_KEPT_DAYS = 7
    booking = _booking_ended(8)
    erase_old_access_needs()
    booking.refresh_from_db()
    assert booking.access_needs == []


def test_the_erasing_runs_every_day():
    job = {job.name: job for job in registered_jobs()}["events.forget_old_access_needs"]
    assert job.every == datetime.timedelta(days=1)
