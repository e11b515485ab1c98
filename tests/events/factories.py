"""Factories for events: real rows with believable defaults. Services are used where the rule
matters (booking, series); factories only where the test is about something else."""

import datetime

import factory
from django.utils import timezone

from community.content import render_markdown
from events.models import Event, Occurrence
from tests.factories import OrganisationFactory


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
