"""`seed_demo` runs at every start (./bin/run): running it again, even days later, creates what is
missing only and never undoes what people did: cancellations stay, no date goes over capacity."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from community.chat.models import Message, Room
from community.models import Membership, Notification, Organisation, User
from community.support.models import SupportRequest
from events.models import AccessRequest, Booking, Event, Occurrence, WaitingListEntry
from events.selectors import with_places
from events.services.bookings import cancel_booking
from forums.models import Category, Post, Topic

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 9, 33, tzinfo=datetime.UTC)
COUNTED = (
    User, Organisation, Membership, Event, Occurrence, Booking, WaitingListEntry, AccessRequest,
    Category, Topic, Post, Room, Message, SupportRequest, Notification,
)  # fmt: skip
CHAT_DROP_IN = "ask-a-peer-advisor-online"


class _Discard:
    def write(self, text):
        pass

    def flush(self):
        pass


def _seed() -> None:
    call_command("seed_demo", stdout=_Discard())


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _over_capacity() -> list[Occurrence]:
    return [o for o in with_places(Occurrence.objects.all()) if o.places_taken > o.capacity]


def _full_demo_workshop_booking() -> Booking:
    return (
        Booking.objects.filter(
            occurrence__event__slug="becoming-an-employer",
            occurrence__start__gt=NOW,
            person__email="kestrel@alongside.example",
            status=Booking.Status.CONFIRMED,
        )
        .select_related("person", "occurrence__event")
        .get()
    )


def test_seeding_again_keeps_a_cancelled_booking_cancelled_and_every_date_within_capacity():
    with time_machine.travel(NOW, tick=True):
        _seed()
        booking = _full_demo_workshop_booking()
        cancel_booking(canceller=booking.person, booking=booking)
        after_cancelling = _counts()

        _seed()

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert not Booking.objects.filter(
        occurrence=booking.occurrence, person=booking.person, status=Booking.Status.CONFIRMED
    ).exists()
    assert _over_capacity() == []
    assert _counts() == after_cancelling


def test_seeding_again_days_later_adds_nothing_to_the_programme_and_overfills_nothing():
    with time_machine.travel(NOW, tick=True):
        _seed()
    bookings = Booking.objects.exclude(occurrence__event__slug=CHAT_DROP_IN).count()
    waiting = WaitingListEntry.objects.count()
    topics = Topic.objects.count()

    with time_machine.travel(NOW + datetime.timedelta(days=10), tick=True):
        _seed()

    assert Booking.objects.exclude(occurrence__event__slug=CHAT_DROP_IN).count() == bookings
    assert (WaitingListEntry.objects.count(), Topic.objects.count()) == (waiting, topics)
    assert _over_capacity() == []


def test_what_people_changed_stays_changed(django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=True):
        _seed()
        event = Event.objects.get(slug="your-first-support-plan")
        Event.objects.filter(pk=event.pk).update(title="Your support plan, step by step")
        Event.objects.filter(slug="payroll-for-pa-employers").update(status="cancelled")
        topic = Topic.objects.get(title="What is a direct payment, in plain words?")
        Topic.objects.filter(pk=topic.pk).update(title="What is a direct payment?")
        left = WaitingListEntry.objects.filter(person__email="tom@alongside.example").get()
        WaitingListEntry.objects.filter(pk=left.pk).update(status=WaitingListEntry.Status.LEFT)
        before = _counts()

        with django_capture_on_commit_callbacks(execute=True):
            _seed()

    assert Event.objects.get(pk=event.pk).title == "Your support plan, step by step"
    assert Event.objects.get(slug="payroll-for-pa-employers").status == "cancelled"
    assert not Topic.objects.filter(title="What is a direct payment, in plain words?").exists()
    assert WaitingListEntry.objects.get(pk=left.pk).status == WaitingListEntry.Status.LEFT
    assert _counts() == before
    assert mail.outbox == []
