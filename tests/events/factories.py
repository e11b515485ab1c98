"""Factories for events: real rows with believable defaults. Services are used where the rule
matters (booking, series); factories only where the test is about something else."""

import datetime
import zoneinfo

import factory
from django.utils import timezone

from community.content import render_markdown
from events.models import Event, Occurrence
from tests.factories import OrganisationFactory

UK = zoneinfo.ZoneInfo("Europe/London")


def uk_time(days_ahead: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """`hour`:`minute` UK wall-clock time on the UK date `days_ahead` days after today (before
    it, if negative). Built in Europe/London, so it stays on the hour across a clock change,
    and "today" is the UK date, not the machine's. Keep `hour` out of 01:00-01:59, which a
    clock-change night skips or has twice. uk_time(1), 10:00 tomorrow, is at least ten hours
    ahead at any moment: safe for "a date that has not started yet"."""
    day = timezone.localdate(timezone=UK) + datetime.timedelta(days=days_ahead)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=UK)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Event.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Becoming an employer {n}")
    slug = factory.Sequence(lambda n: f"becoming-an-employer-{n}")
    summary = "What it means to employ a personal assistant."
    description = "We go through **contracts**, payroll and insurance."
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))
    format = Event.Format.IN_PERSON
    status = Event.Status.PUBLISHED
    venue_name = "Carers' Centre"
    address = "1 Market Street, Leeds"
    postcode = "LS1 1AA"
    step_free = True
    capacity = 10


class OccurrenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occurrence

    event = factory.SubFactory(EventFactory)
    start = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=7)).replace(microsecond=0)
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    capacity = factory.LazyAttribute(lambda o: o.event.capacity)
    last_modified = factory.LazyFunction(timezone.now)


def online_event(**fields) -> Event:
    return EventFactory(
        format=Event.Format.ONLINE,
        joining_link="https://meet.example/secret-room",
        venue_name="",
        address="",
        postcode="",
        **fields,
    )
