"""The demo programme: workshops and themed drop-ins run by the demo organisations, with some
bookings by demo members and one full date with a waiting list.

Events, series and dates go through the services (so rules, slugs and feeds are right); bookings
are written straight to the tables, like the forum demo's posts, so that loading the demo sends
nobody confirmation e-mails. Idempotent: events are found by slug, bookings by person and date.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from community.demo import data
from community.demo.registry import register_demo
from community.models import Membership, Organisation, Theme, User
from events.models import Booking, Event, WaitingListEntry
from events.recurrence import LONDON
from events.services.events import create_event, publish_event
from events.services.occurrences import add_occurrence
from events.services.series import create_series


@dataclass(frozen=True)
class DemoEvent:
    organisation: str
    slug: str
    title: str
    kind: str
    format: str
    summary: str
    description: str
    themes: tuple[str, ...]
    audience: str = Event.Audience.EVERYONE
    venue: dict = field(default_factory=dict)
    joining_link: str = ""
    capacity: int = 12
    rule: str = ""  # repeating drop-ins
    start_time: datetime.time = datetime.time(10, 0)
    minutes: int = 120
    dates_in_days: tuple[int, ...] = ()  # single dates, days from today


HALIFAX = {
    "venue_name": "Square Chapel community room",
    "address": "10 Square Road, Halifax",
    "postcode": "HX1 1QG",
    "area": "calderdale",
    "step_free": True,
    "accessible_toilet": True,
    "hearing_loop": True,
    "parking": True,
    "transport_notes": "Five minutes' walk from Halifax bus station; level route from the "
    "station car park.",
}

EVENTS = (
    DemoEvent(
        organisation=data.CALDER,
        slug="becoming-an-employer",
        title="Becoming an employer",
        kind=Event.Kind.WORKSHOP,
        format=Event.Format.IN_PERSON,
        summary="What it means to employ a personal assistant, step by step, with people who "
        "have done it.",
        description="A friendly morning for anyone thinking about employing a **personal "
        "assistant (PA)** with their direct payment.\n\n- contracts and job descriptions\n"
        "- payroll, pensions and insurance\n- what to do when things go wrong\n\nBring a "
        "companion if you like: they are very welcome.",
        themes=("employing-a-pa", "getting-started"),
        venue=HALIFAX,
        capacity=4,
        dates_in_days=(9, 37),
    ),
    DemoEvent(
        organisation=data.CALDER,
        slug="your-first-support-plan",
        title="Your first support plan",
        kind=Event.Kind.WORKSHOP,
        format=Event.Format.ONLINE,
        summary="Write a support plan that is about your whole life, not just personal care.",
        description="We look at real (anonymous) support plans and help you start your own. "
        "Captions are on for the whole session.",
        themes=("support-planning",),
        joining_link="https://meet.example/calder-support-plan",
        capacity=15,
        start_time=datetime.time(14, 0),
        minutes=90,
        dates_in_days=(12, 40),
    ),
    DemoEvent(
        organisation=data.DON,
        slug="carers-drop-in",
        title="Carers' drop-in",
        kind=Event.Kind.DROP_IN,
        format=Event.Format.HYBRID,
        summary="Every first Tuesday, 10:00 to 12:00: bring your questions about carers' "
        "budgets and breaks.",
        description="Come along in person or join online. Tea, biscuits and people who "
        "understand. Quiet room available.",
        themes=("carers",),
        audience=Event.Audience.CARERS,
        venue={
            "venue_name": "Don Valley Carers' Hub",
            "address": "4 Wicker Arches, Sheffield",
            "postcode": "S3 8JB",
            "area": "sheffield",
            "step_free": True,
            "accessible_toilet": True,
            "quiet_space": True,
            "transport_notes": "Tram stop: Fitzalan Square. Bus 52 stops outside.",
        },
        joining_link="https://meet.example/don-valley-drop-in",
        capacity=20,
        rule="FREQ=MONTHLY;BYDAY=1TU",
    ),
    DemoEvent(
        organisation=data.RIVERBANK,
        slug="bsl-direct-payments-drop-in",
        title="Direct payments drop-in in BSL",
        kind=Event.Kind.DROP_IN,
        format=Event.Format.ONLINE,
        summary="A monthly drop-in run in British Sign Language by Deaf peer advisors.",
        description="Ask anything about direct payments in BSL. An interpreter is there for "
        "hearing family members.",
        themes=("getting-started", "managing-the-money"),
        venue={"bsl_interpreter": True},
        joining_link="https://meet.example/riverbank-bsl",
        capacity=10,
        rule="FREQ=MONTHLY;BYDAY=2WE",
        start_time=datetime.time(18, 0),
        minutes=90,
    ),
    DemoEvent(
        organisation=data.SEVERN,
        slug="payroll-for-pa-employers",
        title="Payroll for PA employers",
        kind=Event.Kind.TRAINING,
        format=Event.Format.ONLINE,
        summary="Payslips, HMRC and holiday pay, with a payroll adviser on hand.",
        description="For people who already employ a PA, or are about to.",
        themes=("employing-a-pa", "managing-the-money"),
        joining_link="https://meet.example/severnside-payroll",
        capacity=25,
        start_time=datetime.time(11, 0),
        minutes=60,
        dates_in_days=(15,),
    ),
)

# (event slug, which date (0 = first), member e-mail local parts booked, then waiting)
BOOKINGS = (
    ("becoming-an-employer", 0, ("kestrel", "tom", "pip", "ray"), ("marigold", "jas")),
    ("becoming-an-employer", 1, ("dev",), ()),
    ("your-first-support-plan", 0, ("otter", "nightjar"), ()),
    ("carers-drop-in", 0, ("marigold", "amina", "tom"), ()),
    ("bsl-direct-payments-drop-in", 0, ("heron", "willow"), ()),
)
ACCESS = {"pip": ["large_print", "step_free"], "heron": ["bsl_interpreter"], "tom": ["parking"]}


def first_staff(organisation: Organisation) -> User | None:
    """The organisation's longest-serving staff member: the demo's publisher (chat's too)."""
    membership = (
        Membership.objects.filter(
            organisation=organisation, role=Membership.Role.STAFF, active=True
        )
        .select_related("person")
        .order_by("granted_at")
        .first()
    )
    return membership.person if membership else None


def _hosts(organisation: Organisation) -> list[User]:
    return [
        m.person
        for m in Membership.objects.filter(
            organisation=organisation, active=True, role=Membership.Role.ADVISOR
        ).select_related("person")
    ]


def _create(spec: DemoEvent, today: datetime.date) -> Event | None:
    organisation = Organisation.objects.filter(slug=spec.organisation).first()
    staff = first_staff(organisation) if organisation else None
    if staff is None:
        return None
    event = create_event(
        creator=staff,
        organisation=organisation,
        title=spec.title,
        slug=spec.slug,
        kind=spec.kind,
        format=spec.format,
        audience=spec.audience,
        summary=spec.summary,
        description=spec.description,
        joining_link=spec.joining_link,
        capacity=spec.capacity,
        themes=list(Theme.objects.filter(slug__in=spec.themes)),
        hosts=_hosts(organisation)[:2],
        **spec.venue,
    )
    if spec.rule:
        create_series(
            creator=staff,
            event=event,
            rule=spec.rule,
            start_date=today,
            start_time=spec.start_time,
            duration_minutes=spec.minutes,
        )
    for days in spec.dates_in_days:
        start = datetime.datetime.combine(
            today + datetime.timedelta(days=days), spec.start_time, LONDON
        )
        add_occurrence(
            creator=staff,
            event=event,
            start=start,
            end=start + datetime.timedelta(minutes=spec.minutes),
        )
    return publish_event(publisher=staff, event=event)


def _book(event: Event, index: int, booked: tuple, waiting: tuple) -> int:
    occurrence = event.occurrences.filter(start__gt=timezone.now()).order_by("start")[index]
    made = 0
    for local_part in booked:
        person = User.objects.filter(email=f"{local_part}@{data.DEMO_DOMAIN}").first()
        if person is None:
            continue
        _, created = Booking.objects.get_or_create(
            occurrence=occurrence,
            person=person,
            status=Booking.Status.CONFIRMED,
            defaults={
                "access_needs": ACCESS.get(local_part, []),
                "companions": 0,
                "for_person_name": "My dad" if local_part == "ray" else "",
            },
        )
        made += created
    for position, local_part in enumerate(waiting, start=1):
        person = User.objects.filter(email=f"{local_part}@{data.DEMO_DOMAIN}").first()
        if person is not None:
            WaitingListEntry.objects.get_or_create(
                occurrence=occurrence,
                person=person,
                defaults={"position": position, "companions": 1 if position == 1 else 0},
            )
    return made


@register_demo("events")
@transaction.atomic
def seed() -> str:
    today = timezone.localdate()
    created = []
    for spec in EVENTS:
        if Event.objects.filter(slug=spec.slug).exists():
            continue
        event = _create(spec, today)
        if event is not None:
            created.append(event.title)
    bookings = 0
    for slug, index, booked, waiting in BOOKINGS:
        event = Event.objects.filter(slug=slug).first()
        if event is not None and event.occurrences.count() > index:
            bookings += _book(event, index, booked, waiting)
    if not created and not bookings:
        return "the demo programme is already there: nothing to add."
    return f"created {len(created)} events and {bookings} bookings."
