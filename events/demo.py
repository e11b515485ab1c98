"""The demo programme: workshops and drop-ins run by the demo organisations, hosted by their
trained advisors, with bookings by members who live near them, carers booking for the people they
look after, a full date with a waiting list, themed dates, and past dates whose registers are
marked, so the attendance chart on the dashboard has something to show.

Events, series and dates go through the services (so rules, slugs and feeds are right); bookings,
past dates and their registers are written straight to the tables, like the forum demo's posts,
so that loading the demo sends nobody e-mails or notifications.

Idempotent without undoing what people did: an event is made once, found by its slug, and its
bookings are made only in the run that made the event. So a second run (every `./bin/run`) never
brings back a booking someone cancelled, never tops up a date someone else has since filled, and
leaves every edit alone.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from community.demo import data
from community.demo.registry import register_demo
from community.models import Membership, Organisation, Theme, User
from events.models import AccessRequest, Booking, Event, Occurrence, WaitingListEntry
from events.models.bookings import AttendanceMode, attendee_key
from events.recurrence import LONDON, local_starts, to_utc
from events.services.access_requests import needs_to_arrange
from events.services.events import create_event, publish_event
from events.services.occurrences import add_occurrence
from events.services.series import create_series

IN_PERSON, ONLINE = AttendanceMode.IN_PERSON, AttendanceMode.ONLINE


@dataclass(frozen=True)
class DemoBooking:
    who: str  # e-mail local part of the booker; "" for someone staff booked by name
    date: int = 0  # which upcoming date (0 = the first)
    for_name: str = ""  # a carer booking for someone: whom the place is for
    companions: int = 0
    needs: tuple[str, ...] = ()
    notes: str = ""
    mode: str = ""  # hybrid events: in person or online
    by_name: str = ""  # staff booked this person by name (a phone call)


@dataclass(frozen=True)
class DemoRegister:
    """One past date: who was booked and whether they came, and who walked in."""

    came: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    walk_ins: tuple[str, ...] = ()
    online: tuple[str, ...] = ()  # hybrid dates: who joined online (the rest came in person)


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
    hosts: tuple[str, ...]  # e-mail local parts of staff or trained advisors
    audience: str = Event.Audience.EVERYONE
    venue: dict = field(default_factory=dict)
    joining_link: str = ""
    capacity: int = 12
    online_capacity: int | None = None  # hybrid: how many of the places are online
    cost: str = ""
    booking_closes_minutes: int = 0
    rule: str = ""  # repeating drop-ins
    start_time: datetime.time = datetime.time(10, 0)
    minutes: int = 120
    dates_in_days: tuple[int, ...] = ()  # single dates, days from today (past ones negative)
    # Upcoming dates (0 = the first): a guest host, and a theme with its short description.
    date_hosts: dict[int, str] = field(default_factory=dict)
    date_themes: dict[int, tuple[str, str]] = field(default_factory=dict)
    bookings: tuple[DemoBooking, ...] = ()
    waiting: tuple[DemoBooking, ...] = ()
    past: tuple[DemoRegister, ...] = ()  # the latest past dates, most recent first


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
SHEFFIELD = {
    "venue_name": "Don Valley Carers' Hub",
    "address": "4 Wicker Arches, Sheffield",
    "postcode": "S3 8JB",
    "area": "sheffield",
    "step_free": True,
    "accessible_toilet": True,
    "quiet_space": True,
    "transport_notes": "Tram stop: Fitzalan Square. Bus 52 stops outside.",
}

EVENTS = (
    DemoEvent(
        organisation=data.CALDER,
        slug="calder-valley-drop-in",
        title="First Tuesday drop-in",
        kind=Event.Kind.DROP_IN,
        format=Event.Format.IN_PERSON,
        summary="Every first Tuesday, 10:00 to 12:00 in Halifax: bring your questions about "
        "direct payments. Each month has a theme, but any question is welcome.",
        description="Come along for a cup of tea and a chat with our trained peer advisors. "
        "Everyone here manages a direct payment, or has done.\n\nYou do not need to book, "
        "but booking helps us get the room right. Carers and PAs are welcome too.",
        themes=("getting-started", "employing-a-pa", "managing-the-money"),
        hosts=("bev", "olu"),
        venue=HALIFAX,
        capacity=12,
        rule="FREQ=MONTHLY;BYDAY=1TU",
        start_time=datetime.time(10, 0),
        date_hosts={1: "geoff"},
        date_themes={
            0: (
                "Employing a PA",
                "Bev answers your questions about finding a PA, contracts and payroll.",
            ),
            1: (
                "Your yearly review",
                "What to bring and what to say when the council reviews "
                "your support plan. With Geoff, our planning partner.",
            ),
        },
        bookings=(
            DemoBooking("kestrel"),
            DemoBooking("ray"),
            DemoBooking("ray", for_name="Liam (my grandson)", needs=("easy_read",)),
            DemoBooking("nightjar", notes="I may need to sit near the door."),
            DemoBooking("dev", date=1),
        ),
        past=(
            DemoRegister(
                came=("kestrel", "ray", "nightjar"), missed=("dev",), walk_ins=("Maureen",)
            ),
            DemoRegister(came=("kestrel", "dev"), walk_ins=("Mr Ahmed", "Jill")),
            DemoRegister(came=("ray",), missed=("nightjar",), walk_ins=("Maureen",)),
        ),
    ),
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
        "companion if you like: they are very welcome. We stop for lunch together at 12:30.",
        themes=("employing-a-pa", "getting-started"),
        hosts=("bev",),
        venue=HALIFAX,
        capacity=4,
        cost="£5, lunch included",
        start_time=datetime.time(9, 30),
        minutes=210,
        dates_in_days=(9, 37, -26),
        bookings=(
            DemoBooking("kestrel", companions=1, notes="My PA comes with me."),
            DemoBooking("ray"),
            DemoBooking("dev"),
        ),
        waiting=(DemoBooking("nightjar", companions=1), DemoBooking("tom")),
        past=(DemoRegister(came=("maureen_by_phone", "nightjar"), missed=("tom",)),),
    ),
    DemoEvent(
        organisation=data.CALDER,
        slug="your-first-support-plan",
        title="Your first support plan",
        kind=Event.Kind.WORKSHOP,
        format=Event.Format.ONLINE,
        summary="Write a support plan that is about your whole life, not just personal care.",
        description="We look at real (anonymous) support plans and help you start your own. "
        "Captions are on for the whole session.\n\nBookings close two hours before the start, "
        "so that we can send you the slides.",
        themes=("support-planning",),
        hosts=("olu",),
        joining_link="https://meet.example/calder-support-plan",
        capacity=15,
        booking_closes_minutes=120,
        start_time=datetime.time(13, 30),
        minutes=90,
        dates_in_days=(12, 40),
        bookings=(
            DemoBooking("otter"),
            DemoBooking("nightjar"),
            DemoBooking(
                "willow",
                needs=("large_print",),
                notes="I use hands-on signing. Please send the slides in large print the day "
                "before.",
            ),
            DemoBooking("pip", date=1),
        ),
    ),
    DemoEvent(
        organisation=data.DON,
        slug="carers-coffee-morning",
        title="Carers' coffee morning",
        kind=Event.Kind.DROP_IN,
        format=Event.Format.HYBRID,
        summary="Every Wednesday, 10:30 to 12:30: a quiet, friendly place to start, in "
        "Sheffield or online.",
        description="Come along in person or join online. Tea, biscuits and people who "
        "understand. Bring your questions about carer's assessments, carers' budgets and "
        "breaks.\n\nThe person you care for is welcome to come with you. Quiet room available.",
        themes=("carers",),
        hosts=("maggie", "dan"),
        audience=Event.Audience.CARERS,
        venue=SHEFFIELD,
        joining_link="https://meet.example/don-valley-coffee-morning",
        capacity=16,
        online_capacity=6,
        rule="FREQ=WEEKLY;BYDAY=WE",
        start_time=datetime.time(10, 30),
        date_hosts={1: "rosa"},
        date_themes={
            0: (
                "Carer's assessments",
                "How to ask for one, and what to say about your own needs, not only theirs.",
            ),
            2: ("Planning a break", "Using a carer's budget for a break that suits you."),
        },
        bookings=(
            DemoBooking("marigold", mode=IN_PERSON),
            DemoBooking(
                "marigold", for_name="Sam (my son)", mode=IN_PERSON, needs=("quiet_space",)
            ),
            DemoBooking("amina", mode=ONLINE),
            DemoBooking("tom", mode=ONLINE),
            DemoBooking("jas", mode=ONLINE),
            DemoBooking("", by_name="Mrs Akhtar (phoned in)", mode=IN_PERSON, needs=("step_free",)),
            DemoBooking("marigold", date=1, mode=IN_PERSON),
        ),
        past=(
            DemoRegister(
                came=("marigold", "amina"),
                missed=("tom",),
                walk_ins=("Jean",),
                online=("amina", "tom"),
            ),
            DemoRegister(came=("marigold", "tom"), walk_ins=("Jean", "Pat"), online=("tom",)),
            DemoRegister(came=("amina",), missed=("marigold",), online=("amina",)),
            DemoRegister(came=("marigold", "jas", "tom"), online=("jas", "tom")),
        ),
    ),
    DemoEvent(
        organisation=data.DON,
        slug="mental-health-and-your-budget",
        title="Mental health and your personal budget",
        kind=Event.Kind.WORKSHOP,
        format=Event.Format.ONLINE,
        summary="How people use a personal budget for their mental health and recovery, and "
        "how to ask for it.",
        description="A gentle online workshop. You can keep your camera off and use the chat "
        "instead of speaking.\n\n- what a budget can pay for (counselling, a PA, a gym)\n"
        "- linking it to your support plan\n- what to do if the council says no",
        themes=("mental-health",),
        hosts=("maggie",),
        joining_link="https://meet.example/don-valley-mental-health",
        capacity=12,
        start_time=datetime.time(13, 30),
        minutes=90,
        dates_in_days=(6, 34),
        bookings=(DemoBooking("otter"), DemoBooking("nightjar")),
    ),
    DemoEvent(
        organisation=data.RIVERBANK,
        slug="bsl-direct-payments-drop-in",
        title="Direct payments drop-in in BSL",
        kind=Event.Kind.DROP_IN,
        format=Event.Format.ONLINE,
        summary="Every second Thursday, 18:00: a drop-in run in British Sign Language by Deaf "
        "peer advisors.",
        description="Ask anything about direct payments in BSL. An interpreter is there for "
        "hearing family members.",
        themes=("getting-started", "managing-the-money"),
        hosts=("lark", "tunde"),
        venue={"bsl_interpreter": True},
        joining_link="https://meet.example/riverbank-bsl",
        capacity=10,
        rule="FREQ=MONTHLY;BYDAY=2TH",
        start_time=datetime.time(18, 0),
        minutes=90,
        date_themes={
            0: (
                "Paying for communication support",
                "Using your budget for interpreters and communication support workers.",
            )
        },
        bookings=(
            DemoBooking("heron"),
            DemoBooking("heron", for_name="Mum"),
            DemoBooking("willow"),
        ),
        past=(DemoRegister(came=("heron", "willow")), DemoRegister(came=("heron",))),
    ),
    DemoEvent(
        organisation=data.TUESDAY,
        slug="tuesday-pa-employers-circle",
        title="PA employers' get-together",
        kind=Event.Kind.DROP_IN,
        format=Event.Format.IN_PERSON,
        summary="Tuesday afternoons in a Norwich library café: people who employ their own PAs "
        "swap tips on rotas, cover and payroll.",
        description="An informal get-together. We are not advisers, just people who have been "
        "there. Buy your own cuppa; the café has a hearing loop and a lift.",
        themes=("employing-a-pa",),
        hosts=("alan",),
        venue={
            "venue_name": "The Forum library café",
            "address": "Millennium Plain, Norwich",
            "postcode": "NR2 1TF",
            "area": "norfolk",
            "step_free": True,
            "accessible_toilet": True,
            "hearing_loop": True,
            "transport_notes": "Most city buses stop on St Stephens Street, five minutes away.",
        },
        capacity=15,
        rule="FREQ=WEEKLY;BYDAY=TU",
        start_time=datetime.time(14, 0),
        minutes=90,
        bookings=(DemoBooking("pip", needs=("large_print",)),),
        past=(DemoRegister(came=("pip",), walk_ins=("Brenda", "Keith")),),
    ),
    DemoEvent(
        organisation=data.SEVERN,
        slug="payroll-for-pa-employers",
        title="Payroll for PA employers",
        kind=Event.Kind.TRAINING,
        format=Event.Format.ONLINE,
        summary="Payslips, HMRC and holiday pay, with a payroll adviser on hand.",
        description="For people who already employ a PA, or are about to. Bookings close two "
        "hours before we start.",
        themes=("employing-a-pa", "managing-the-money"),
        hosts=("fen", "chris"),
        joining_link="https://meet.example/severnside-payroll",
        capacity=25,
        booking_closes_minutes=120,
        start_time=datetime.time(11, 0),
        minutes=60,
        dates_in_days=(15, 43, -20),
        bookings=(DemoBooking("otter"), DemoBooking("dev"), DemoBooking("kestrel", date=1)),
        past=(DemoRegister(came=("otter", "kestrel"), missed=("pip",)),),
    ),
)

# Someone staff booked by phone for a past date (no account): the register shows who booked.
_BY_STAFF = {"maureen_by_phone": "Maureen Dyson"}


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


def _people(local_parts) -> dict[str, User]:
    emails = {f"{part}@{data.DEMO_DOMAIN}": part for part in local_parts if part}
    return {emails[p.email]: p for p in User.objects.filter(email__in=list(emails))}


def _local(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, at, LONDON)


def _create(spec: DemoEvent, today: datetime.date, people: dict[str, User]) -> Event | None:
    organisation = Organisation.objects.filter(slug=spec.organisation).first()
    staff = first_staff(organisation) if organisation else None
    if organisation is None or staff is None:
        return None
    hosts = [people[part] for part in spec.hosts if part in people]
    hosts = [h for h in hosts if h.memberships.filter(organisation=organisation).exists()]
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
        hosts=hosts,
        **spec.venue,
    )
    # Set as the organiser's form would (the rules organisers expect, issue 12).
    Event.objects.filter(pk=event.pk).update(
        online_capacity=spec.online_capacity,
        cost=spec.cost,
        booking_closes_minutes=spec.booking_closes_minutes,
    )
    if spec.rule:
        # The series has been running for a few months: its past dates are history (below).
        series = create_series(
            creator=staff,
            event=event,
            rule=spec.rule,
            start_date=today - datetime.timedelta(days=40 * max(1, len(spec.past))),
            start_time=spec.start_time,
            duration_minutes=spec.minutes,
        )
        _past_series_dates(spec, series, today)
    for days in spec.dates_in_days:
        start = _local(today + datetime.timedelta(days=days), spec.start_time)
        add_occurrence(
            creator=staff,
            event=event,
            start=start,
            end=start + datetime.timedelta(minutes=spec.minutes),
        )
    if spec.online_capacity is not None:
        event.occurrences.update(online_capacity=spec.online_capacity)
    event = publish_event(publisher=staff, event=event)
    _date_hosts_and_themes(spec, event, people)
    return event


def _past_series_dates(spec: DemoEvent, series, today: datetime.date) -> None:
    """The series' dates already held (the services store only dates still to come)."""
    now = timezone.now()
    starts = [
        local
        for local in local_starts(
            rule=series.rule,
            start_date=series.start_date,
            start_time=series.start_time,
            up_to=today,
        )
        if to_utc(local) < now - datetime.timedelta(minutes=spec.minutes)
    ][-len(spec.past) :]
    duration = datetime.timedelta(minutes=spec.minutes)
    Occurrence.objects.bulk_create(
        Occurrence(
            event=series.event,
            series=series,
            original_start=to_utc(local),
            start=to_utc(local),
            end=to_utc(local + duration),
            capacity=spec.capacity,
            last_modified=now,
        )
        for local in starts
    )


def _date_hosts_and_themes(spec: DemoEvent, event: Event, people: dict[str, User]) -> None:
    upcoming = list(event.occurrences.filter(start__gt=timezone.now()).order_by("start"))
    for index, part in spec.date_hosts.items():
        if index < len(upcoming) and part in people:
            Occurrence.objects.filter(pk=upcoming[index].pk).update(host=people[part])
    for index, (theme, description) in spec.date_themes.items():
        if index < len(upcoming):
            Occurrence.objects.filter(pk=upcoming[index].pk).update(
                theme=theme, theme_description=description
            )


def _booking(
    occurrence: Occurrence,
    spec: DemoBooking,
    people: dict[str, User],
    staff: User | None,
) -> Booking | None:
    """A confirmed booking as book_place (or book_for_someone) makes it, without telling."""
    person = people.get(spec.who)
    if spec.by_name:
        if staff is None:
            return None
        return Booking.objects.create(
            occurrence=occurrence,
            person=None,
            booked_by=staff,
            walk_in_name=spec.by_name,
            companions=spec.companions,
            access_needs=list(spec.needs),
            attendance_mode=spec.mode,
        )
    if person is None:
        return None
    return Booking.objects.create(
        occurrence=occurrence,
        person=person,
        for_person_name=spec.for_name,
        attendee_key=attendee_key(spec.for_name),
        companions=spec.companions,
        access_needs=list(spec.needs),
        access_notes=spec.notes,
        attendance_mode=spec.mode,
    )


def _to_arrange(booking: Booking, event: Event) -> None:
    """The organisation's to-do list, as open_access_requests makes it (without telling)."""
    AccessRequest.objects.bulk_create(
        [AccessRequest(booking=booking, need=need) for need in needs_to_arrange(booking, event)],
        ignore_conflicts=True,
    )


def _book(spec: DemoEvent, event: Event, people: dict[str, User]) -> int:
    staff = first_staff(event.organisation)
    upcoming = list(event.occurrences.filter(start__gt=timezone.now()).order_by("start"))
    made = 0
    for wanted in spec.bookings:
        if wanted.date >= len(upcoming):
            continue
        booking = _booking(upcoming[wanted.date], wanted, people, staff)
        if booking is not None:
            _to_arrange(booking, event)
            made += 1
    for position, wanted in enumerate(spec.waiting, start=1):
        person = people.get(wanted.who)
        if person is None or wanted.date >= len(upcoming):
            continue
        WaitingListEntry.objects.create(
            occurrence=upcoming[wanted.date],
            person=person,
            for_person_name=wanted.for_name,
            attendee_key=attendee_key(wanted.for_name),
            companions=wanted.companions,
            attendance_mode=wanted.mode,
            position=position,
        )
    return made + _registers(spec, event, people, staff)


def _registers(spec: DemoEvent, event: Event, people: dict[str, User], staff: User | None) -> int:
    """Past dates, most recent first, with their registers marked as the host would."""
    past = list(event.occurrences.filter(end__lt=timezone.now()).order_by("-start"))
    made = 0
    for occurrence, register in zip(past, spec.past, strict=False):
        rows = []
        hybrid = event.format == Event.Format.HYBRID
        mode = IN_PERSON if hybrid else ""
        for came, parts in ((True, register.came), (False, register.missed)):
            for part in parts:
                joined = ONLINE if hybrid and part in register.online else mode
                if part in _BY_STAFF:
                    rows.append(
                        Booking(
                            occurrence=occurrence,
                            booked_by=staff,
                            walk_in_name=_BY_STAFF[part],
                            attended=came,
                            attendance_mode=mode,
                        )
                    )
                elif part in people:
                    rows.append(
                        Booking(
                            occurrence=occurrence,
                            person=people[part],
                            attended=came,
                            attendance_mode=joined,
                        )
                    )
        rows += [
            Booking(
                occurrence=occurrence,
                walk_in=True,
                walk_in_name=name,
                attended=True,
                attendance_mode=mode,
            )
            for name in register.walk_ins
        ]
        rows = [row for row in rows if row.person_id or row.walk_in or row.booked_by_id]
        Booking.objects.bulk_create(rows[: occurrence.capacity])
        # Booked a week or so before the date, not today.
        Booking.objects.filter(occurrence=occurrence).update(
            created=occurrence.start - datetime.timedelta(days=8)
        )
        made += len(rows[: occurrence.capacity])
    return made


@register_demo("events")
@transaction.atomic
def seed() -> str:
    today = timezone.localdate()
    wanted = {part for spec in EVENTS for part in spec.hosts}
    wanted |= {part for spec in EVENTS for part in spec.date_hosts.values()}
    wanted |= {b.who for spec in EVENTS for b in (*spec.bookings, *spec.waiting) if b.who} | {
        part
        for spec in EVENTS
        for register in spec.past
        for part in (*register.came, *register.missed)
    }
    people = _people(wanted)
    created, bookings = [], 0
    for spec in EVENTS:
        # Any status: an event someone cancelled (or moved off the demo slug) stays that way.
        if Event.objects.filter(slug=spec.slug).exists():
            continue
        event = _create(spec, today, people)
        if event is not None:
            created.append(event.title)
            bookings += _book(spec, event, people)
    if not created:
        return "the demo programme is already there: nothing to add."
    return f"created {len(created)} events and {bookings} bookings."
