"""The demo's connecting people: directory listings for the demo advisors and planning partners
(what their training covered, too), support requests in every state, and one support plan being
written with a planning partner, with comments and a planning session booked.

Rows are written straight to the tables, like the chat and events demos, so loading the demo
tells nobody anything about requests that "happened" earlier. Idempotent: a listing is made
once per person (their own later edits are kept), a request is found by its member and words,
the plan by its request; a second run adds nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from community.chat.services.rooms import existing_conversation, open_private_room
from community.content import render_markdown
from community.demo import data
from community.demo.clock import uk_time
from community.demo.registry import register_demo
from community.models import Membership, Organisation, Theme, User
from community.support.models import (
    Listing,
    Plan,
    PlanComment,
    PlanningSession,
    PlanRevision,
    PlanSection,
    SupportRequest,
    WayToTalk,
)
from events.feeds import feeds_changed
from events.models import Appointment
from events.recurrence import LONDON

State, Wants, HandOver = SupportRequest.State, SupportRequest.Wants, SupportRequest.HandOver
CHAT, PHONE, IN_PERSON = WayToTalk.CHAT, WayToTalk.PHONE, WayToTalk.IN_PERSON


@dataclass(frozen=True)
class DemoListing:
    person: str  # e-mail local part of a demo helper
    specialisms: tuple[str, ...]  # theme slugs
    languages: tuple[str, ...]
    areas: tuple[str, ...]
    ways: tuple[str, ...]
    availability: str
    # What each of their trained roles covered, by organisation slug.
    trained_for: dict[str, str] = field(default_factory=dict)
    paused: bool = False


LISTINGS: tuple[DemoListing, ...] = (
    DemoListing(
        "bev",
        ("employing-a-pa", "managing-the-money"),
        ("en",),
        ("calderdale", "kirklees"),
        (CHAT, IN_PERSON),
        "Tuesday mornings at the drop-in, and most weekday afternoons.",
        {data.CALDER: "Employing a PA, rotas and payroll"},
    ),
    DemoListing(
        "olu",
        ("managing-the-money", "can-i-spend-it-on", "carers"),
        ("en", "fr"),
        ("kirklees", "calderdale", "leeds"),
        (CHAT, PHONE),
        "Weekday evenings.",
        {data.CALDER: "Managing the money and the yearly audit"},
    ),
    DemoListing(
        "geoff",
        ("support-planning", "older-people"),
        ("en",),
        ("calderdale",),
        (IN_PERSON, PHONE),
        "Monday and Thursday mornings, at the Halifax office or at your home.",
        {data.CALDER: "Support planning, over several sessions"},
    ),
    DemoListing(
        "maggie",
        ("carers", "older-people", "mental-health"),
        ("en",),
        ("sheffield", "rotherham"),
        (CHAT, IN_PERSON),
        "Wednesday coffee mornings, and chat most days.",
        {data.DON: "Carer's breaks and carer's assessments"},
    ),
    DemoListing(
        "dan",
        ("learning-disabilities", "carers"),
        ("en",),
        ("rotherham", "sheffield", "doncaster"),
        (CHAT,),
        "Evenings after six.",
        {data.DON: "Easy Read, learning disabilities and speaking up at reviews"},
        paused=True,  # he has paused new requests for a while: listed, but taking none
    ),
    DemoListing(
        "rosa",
        ("support-planning", "carers"),
        ("en", "es"),
        ("sheffield",),
        (CHAT, IN_PERSON),
        "Thursdays.",
        {data.DON: "Support planning for carers' own budgets"},
    ),
    DemoListing(
        "fen",
        ("employing-a-pa", "can-i-spend-it-on"),
        ("en",),
        ("bristol", "south-gloucestershire", "north-somerset"),
        (CHAT, PHONE),
        "Afternoons, though not every day: I pace myself.",
        {data.SEVERN: "Employing a PA, managed accounts and prepaid cards"},
    ),
    DemoListing(
        "chris",
        ("employing-a-pa", "support-planning", "sensory-impairment"),
        ("en",),
        ("south-gloucestershire", "bristol"),
        (CHAT, PHONE, IN_PERSON),
        "Weekday mornings. I use a screen reader, so plain text suits me best.",
        {data.SEVERN: "Becoming an employer for the first time; support planning"},
    ),
    DemoListing(
        "lark",
        ("sensory-impairment", "employing-a-pa", "can-i-spend-it-on"),
        ("bfi", "en"),
        ("lewisham", "greenwich", "southwark"),
        (CHAT, IN_PERSON),
        "Thursday drop-ins in BSL, and chat here any weekday.",
        {data.RIVERBANK: "Employing a PA who signs; paying for communication support"},
    ),
    DemoListing(
        "tunde",
        ("managing-the-money", "sensory-impairment"),
        ("en", "bfi"),
        ("lewisham",),
        (CHAT, PHONE),
        "Saturday mornings.",
        {data.RIVERBANK: "Managing the money and the council's audit forms"},
    ),
    DemoListing(
        "ngozi",
        ("support-planning", "mental-health"),
        ("en",),
        ("southwark", "lewisham", "lambeth"),
        (IN_PERSON, CHAT),
        "Tuesday and Friday, daytime.",
        {data.RIVERBANK: "Person-centred support planning"},
    ),
)


@dataclass(frozen=True)
class DemoRequest:
    member: str
    body: str
    state: str
    wants: str
    specialism: str
    days_ago: int
    advisor: str = ""  # sent to one helper; else to the organisation's team
    organisation: str = ""
    way: str = ""
    area: str = ""
    language: str = ""
    access_needs: str = ""
    helped: bool | None = None
    helped_note: str = ""
    handed_over: str = ""
    handed_over_note: str = ""


REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest(
        member="heron",
        body="I want to use my budget for a PA who signs, instead of the day centre. How did "
        "other Deaf people find one? I would like to chat in BSL if I can.",
        state=State.OPEN,
        wants=Wants.REGULAR,
        specialism="employing-a-pa",
        organisation=data.RIVERBANK,
        way=CHAT,
        area="lewisham",
        language="bfi",
        access_needs="BSL, please. Video is fine; no phone calls.",
        days_ago=1,
    ),
    DemoRequest(
        member="marigold",
        body="My son turns 21 soon and his budget is changing. Could someone help me plan a "
        "break for myself that he will be happy with too?",
        state=State.OPEN,
        wants=Wants.REGULAR,
        specialism="carers",
        advisor="rosa",
        way=IN_PERSON,
        area="sheffield",
        days_ago=2,
    ),
    DemoRequest(
        member="tom",
        body="We have a carer's direct payment for me and I have not spent any of it. My wife "
        "has dementia. Where do I start?",
        state=State.ACCEPTED,
        wants=Wants.REGULAR,
        specialism="carers",
        advisor="maggie",
        way=CHAT,
        area="kingston-upon-hull",
        days_ago=4,
    ),
    DemoRequest(
        member="kestrel",
        body="I have just moved to a direct payment and I need to write my support plan. I "
        "would like someone to go through it with me, in person if possible.",
        state=State.ACCEPTED,
        wants=Wants.PLAN,
        specialism="support-planning",
        advisor="geoff",
        way=IN_PERSON,
        area="calderdale",
        access_needs="Step-free access. Mornings are better for me.",
        days_ago=9,
    ),
    DemoRequest(
        member="nightjar",
        body="Can I spend my direct payment on a gym membership? It helps my mental health "
        "more than anything else.",
        state=State.CLOSED,
        wants=Wants.ONE_OFF,
        specialism="can-i-spend-it-on",
        advisor="olu",
        way=CHAT,
        area="leeds",
        helped=True,
        helped_note="Olu showed me how to ask in writing and link it to my outcomes. The "
        "council said yes.",
        days_ago=20,
    ),
    DemoRequest(
        member="otter",
        body="What is the difference between a managed account and a direct payment?",
        state=State.WITHDRAWN,
        wants=Wants.ONE_OFF,
        specialism="employing-a-pa",
        advisor="fen",
        way=CHAT,
        area="bristol",
        days_ago=6,
    ),
    DemoRequest(
        member="pip",
        body="My review is next month and they mentioned a prepaid card. Is that the same as "
        "a direct payment? I am 81 and not good with computers.",
        state=State.EXPIRED,
        wants=Wants.ONE_OFF,
        specialism="older-people",
        organisation=data.SEVERN,
        way=PHONE,
        area="norfolk",
        access_needs="Large print, and please speak slowly on the phone.",
        days_ago=30,
    ),
    DemoRequest(
        member="amina",
        body="The council wants to cut my son's hours at his review. He is autistic and the "
        "assessment got a lot wrong. What can I do?",
        state=State.OPEN,
        wants=Wants.REGULAR,
        specialism="learning-disabilities",
        advisor="tunde",
        way=CHAT,
        area="tower-hamlets",
        language="so",
        handed_over=HandOver.BEYOND_TRAINING,
        handed_over_note="This needs someone who knows how to challenge an assessment. I "
        "said staff would be in touch; she would like a Somali interpreter.",
        days_ago=3,
    ),
)

PLAN_SECTIONS = {
    PlanSection.Part.ABOUT_ME: "I am 47 and I have multiple sclerosis. I live in Halifax with "
    "my partner and our cat. I used to teach music and I still play the piano on good days.",
    PlanSection.Part.IMPORTANT: "- Getting up at my own pace, not when an agency can come.\n"
    "- Keeping my music going.\n- Not relying on my partner for personal care.",
    PlanSection.Part.CHANGE: "I want to get out to the choir on Thursday evenings again, and "
    "to have the same two people helping me each week.",
    PlanSection.Part.BUDGET: "Employ two PAs for 18 hours a week between them, through a "
    "payroll service. Keep £200 a year for a piano tuner and taxi fares to choir.",
}
PLAN_COMMENTS = (
    # (body, section part, resolved by the owner)
    (
        "This reads really well. Could you say how many hours each morning you need help, so "
        "the council can see how you got to 18 hours?",
        PlanSection.Part.BUDGET,
        True,
    ),
    (
        "For \u201cwhat happens if things go wrong\u201d: who would you call if a PA is ill? "
        "We could talk about a back-up PA at our next session.",
        "",
        False,
    ),
)
PLAN_MEMBER = "kestrel"  # her request to Geoff is for help with a plan


# --- Loading ----------------------------------------------------------------------------------


def _person(local_part: str) -> User | None:
    return User.objects.filter(email=f"{local_part}@{data.DEMO_DOMAIN}").first()


def _listings() -> tuple[int, int]:
    """(listings made, training notes filled in)."""
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    made = noted = 0
    for spec in LISTINGS:
        person = _person(spec.person)
        if person is None:
            continue
        listing, created = Listing.objects.get_or_create(
            person=person,
            defaults={
                "languages": list(spec.languages),
                "areas": list(spec.areas),
                "ways_to_talk": list(spec.ways),
                "availability": spec.availability,
                "paused": spec.paused,
            },
        )
        if created:
            listing.specialisms.set([themes[slug] for slug in spec.specialisms if slug in themes])
            made += 1
        for slug, covered in spec.trained_for.items():
            noted += (
                Membership.objects.trained()
                .filter(person=person, organisation__slug=slug, trained_for="")
                .update(trained_for=covered)
            )
    return made, noted


def _request(spec: DemoRequest, now: datetime.datetime) -> SupportRequest | None:
    """The request, as it would be after the members and helpers did what its state says."""
    member = _person(spec.member)
    advisor = _person(spec.advisor) if spec.advisor else None
    if member is None or (spec.advisor and advisor is None):
        return None
    existing = SupportRequest.objects.filter(member=member, body=spec.body).first()
    if existing is not None:
        return existing
    organisation = _organisation_for(spec, advisor)
    created = uk_time(spec.days_ago, _ASKED_AT[len(spec.body) % len(_ASKED_AT)], now=now)
    expires = created + datetime.timedelta(days=settings.SUPPORT_REQUEST_EXPIRES_DAYS)
    handed_over = bool(spec.handed_over)
    taken = spec.state in (State.ACCEPTED, State.CLOSED)
    request = SupportRequest.objects.create(
        member=member,
        advisor=None if handed_over else advisor,
        organisation=organisation,
        specialism=Theme.objects.filter(slug=spec.specialism).first(),
        wants=spec.wants,
        way_to_talk=spec.way,
        area=spec.area,
        language=spec.language,
        access_needs=spec.access_needs,
        body=spec.body,
        state=spec.state,
        expires_at=expires if spec.state != State.OPEN else max(expires, now),
        accepted_at=created + datetime.timedelta(hours=3) if taken else None,
        ended_at=_ended(spec, created, expires),
        room=_room(member, advisor, organisation) if taken else None,
        helped=spec.helped,
        helped_note=spec.helped_note,
        handed_over=spec.handed_over,
        handed_over_by=advisor if handed_over else None,
        handed_over_note=spec.handed_over_note,
        handed_over_at=created + datetime.timedelta(days=1) if handed_over else None,
    )
    # `created` is stamped on insert: give the request the day it was "sent".
    SupportRequest.objects.filter(pk=request.pk).update(created=created)
    return request


# When people asked, UK time: varied, and never the minute the demo was loaded.
_ASKED_AT = tuple(
    datetime.time(hour, minute)
    for hour, minute in ((9, 20), (11, 45), (14, 10), (16, 35), (19, 50), (21, 15), (8, 5))
)


def _organisation_for(spec: DemoRequest, advisor: User | None) -> Organisation | None:
    """The team it went to, or the organisation of the helper's first trained role."""
    if spec.organisation:
        return Organisation.objects.filter(slug=spec.organisation).first()
    role = (
        Membership.objects.trained()
        .filter(person=advisor)
        .select_related("organisation")
        .order_by("granted_at", "pk")
        .first()
    )
    return role.organisation if role else None


def _ended(spec: DemoRequest, created, expires) -> datetime.datetime | None:
    if spec.state == State.CLOSED:
        return created + datetime.timedelta(days=5)
    if spec.state == State.WITHDRAWN:
        return created + datetime.timedelta(days=1)
    if spec.state == State.EXPIRED:
        return expires
    return None


def _room(member: User, advisor: User | None, organisation: Organisation | None):
    """The private conversation accepting opened (the one they already had, if any)."""
    if advisor is None:
        return None
    room = existing_conversation(member, advisor)
    if room is None:
        room = open_private_room(
            people=[member, advisor], created_by=advisor, organisation=organisation
        )
    return room


def _plan(request: SupportRequest | None, now: datetime.datetime) -> int:
    """Kestrel's plan with Geoff: four sections written, two comments (one resolved), and a
    planning session next week. Returns 1 when it was made now."""
    if request is None:
        return 0
    partner = request.advisor
    if partner is None:
        return 0
    member = request.member
    if Plan.objects.filter(owner=member, request=request).exists():
        return 0
    plan = Plan.objects.create(
        owner=member,
        partner=partner,
        request=request,
        organisation=request.organisation,
        title="My support plan",
    )
    sections: dict[str, PlanSection] = {
        part: PlanSection.objects.create(
            plan=plan,
            part=part,
            position=position,
            body=PLAN_SECTIONS.get(part, ""),
            body_html=render_markdown(PLAN_SECTIONS.get(part, "")),
        )
        for position, part in enumerate(PlanSection.Part)
    }
    PlanRevision.objects.bulk_create(
        PlanRevision(section=sections[part], body=body, edited_by=member)
        for part, body in PLAN_SECTIONS.items()
    )
    for body, part, resolved in PLAN_COMMENTS:
        PlanComment.objects.create(
            plan=plan,
            section=sections.get(part) if part else None,
            author=partner,
            body=body,
            body_html=render_markdown(body),
            resolved_at=now if resolved else None,
            resolved_by=member if resolved else None,
        )
    starts = _next_weekday_morning(now)
    appointment = Appointment.objects.create(
        title=f"Planning session: {plan.title}",
        starts=starts,
        ends=starts + datetime.timedelta(hours=1),
        way=Appointment.Way.IN_PERSON,
        where="Calder Valley office, Halifax (step-free)",
        organiser=partner,
        guest=member,
    )
    PlanningSession.objects.create(plan=plan, appointment=appointment)
    feeds_changed(person_ids=[member.pk, partner.pk])
    return 1


def _next_weekday_morning(now: datetime.datetime) -> datetime.datetime:
    """10:30 UK time on a weekday a week or so ahead."""
    day = timezone.localtime(now, LONDON).date() + datetime.timedelta(days=7)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(10, 30), LONDON)


@register_demo("support")
@transaction.atomic
def seed() -> str:
    now = timezone.now()
    listings, noted = _listings()
    before = SupportRequest.objects.count()
    made = {spec.member: _request(spec, now) for spec in REQUESTS}
    requests = SupportRequest.objects.count() - before
    plans = _plan(made.get(PLAN_MEMBER), now)
    if not (listings or noted or requests or plans):
        return "the demo advisors, requests and plan are already there: nothing to add."
    return (
        f"added {listings} directory listings, {noted} notes of what training covered, "
        f"{requests} support requests and {plans} support plan."
    )
