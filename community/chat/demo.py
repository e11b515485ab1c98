"""The demo chat: an online drop-in whose chat room is open (or opens in a few minutes) when the
demo is loaded, a community room where members and advisors talk about employing a PA, and a
private conversation between a member and a peer advisor.

The drop-in event, its date and the rooms come from the services (so the rules hold); bookings
and messages are written straight to the tables, like the forum and events demos, so loading
the demo sends nobody notifications or e-mails about talk that "happened" earlier. Idempotent:
the event is found by slug, its date by "not over yet", rooms by their date, name or people, and a
room that already has messages gets no more. Run it again after the drop-in has ended and it adds
a new date (with its room), so the demo always has a drop-in to walk into.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from community.chat.models import Message, Participant, Room
from community.chat.permissions import opens_at
from community.chat.services.rooms import (
    create_community_room,
    drop_in_room,
    existing_conversation,
    start_conversation,
)
from community.content import render_markdown
from community.demo import data
from community.demo.registry import register_demo
from community.models import Organisation, Theme, User
from events.demo import first_staff
from events.feeds import feeds_changed
from events.models import Booking, Event, Occurrence
from events.recurrence import LONDON
from events.services.events import create_event, publish_event
from events.services.occurrences import add_occurrence


@dataclass(frozen=True)
class Line:
    author: str  # e-mail local part of a demo person
    body: str
    minutes: int  # after the conversation began


# --- The drop-in ------------------------------------------------------------------------------

DROP_IN_SLUG = "ask-a-peer-advisor-online"
DROP_IN_MINUTES = 90
DROP_IN_HOSTS = ("bev", "olu")
DROP_IN_BOOKED = ("kestrel", "tom", "nightjar", "dev")

# Said in the room since it opened, a minute or so apart (it opened 15 minutes before the start).
DROP_IN_LINES = (
    Line(
        "bev",
        "Hello and welcome! I'm Bev, a peer advisor with Calder Valley. We start in a few "
        "minutes. Say hello if you like, and ask whatever is on your mind: there are no silly "
        "questions here.",
        1,
    ),
    Line(
        "kestrel",
        "Hi Bev. I've just started on a direct payment and I'm a bit nervous. Is it all right "
        "if I mostly read for a while?",
        2,
    ),
    Line(
        "bev",
        "Of course, read for as long as you like. If you would rather talk on your own, press "
        "**Ask to talk privately** and one of us will open a private chat with you.",
        3,
    ),
    Line(
        "tom",
        "Morning all. My wife and I have a carer's direct payment that we haven't used yet. "
        "I'd like to ask where to start, when you're ready.",
        4,
    ),
)

# --- The community room ---------------------------------------------------------------------

COMMUNITY_ROOM = "Employing a PA"
COMMUNITY_ROOM_THEME = "employing-a-pa"
COMMUNITY_ROOM_DESCRIPTION = (
    "Recruiting a personal assistant (PA), payroll, holiday pay, rotas and cover: talk it "
    "through with people who employ their own PAs."
)
COMMUNITY_LINES = (
    Line(
        "kestrel",
        "Hello everyone. I've just switched to a direct payment and I'm about to take on my "
        "first PA. Did you all use a payroll service, or do the wages yourselves?",
        0,
    ),
    Line(
        "chris",
        "Welcome, Kestrel! I've used a payroll service for six years. They do the payslips and "
        "tell me what to pay HMRC each month, so I only check it and pay. Some councils pay "
        "for one or can suggest one, so it's worth asking yours what they will cover.",
        7,
    ),
    Line(
        "jas",
        "Ours is paid for out of the direct payment itself. It's a separate line in my support "
        "plan, so it doesn't come out of my PA's hours.",
        16,
    ),
    Line(
        "kestrel",
        "That's useful, thank you. What about holiday pay? I've heard PAs get paid holiday, but "
        "I've no idea how to work it out.",
        25,
    ),
    Line(
        "fen",
        "They do: PAs are employees, so they get paid holiday like anyone else. My payroll "
        "service works out how much each year, and I keep a simple calendar of who is off "
        "when. If your PA's hours change from week to week, ask the payroll service or an "
        "advice line to check the sums with you, because it can be fiddly.",
        41,
    ),
    Line(
        "nightjar",
        "And think about cover for when your PA is on holiday! I learnt that the hard way. Now "
        "I have a second PA who does a few hours a month, so she knows my routine.",
        53,
    ),
    Line(
        "tom",
        "Can the direct payment pay for that cover, or does it have to come from somewhere else?",
        70,
    ),
    Line(
        "chris",
        "In my experience it depends on what your support plan says. Mine has a line for "
        "holiday and sickness cover. If yours doesn't, ask the council about it at your next "
        "review, or ask for a review sooner if you need one. Keep a note of the weeks you "
        "needed cover: it helps them see why.",
        88,
    ),
    Line(
        "dev",
        "Keeping notes really works. At my review I showed them a year of rotas, and they "
        "agreed the hours my PA spends with me at band practice.",
        131,
    ),
    Line(
        "kestrel",
        "This is so reassuring. I'm going to ring the council about a payroll service "
        "tomorrow. Thank you all.",
        164,
    ),
    Line(
        "fen",
        "Good luck! Severnside has a **Payroll for PA employers** session coming up if you'd "
        "like to go through it with an adviser. Come back and tell us how you get on.",
        180,
    ),
)

# --- The private conversation -----------------------------------------------------------------

PRIVATE_MEMBER = "marigold"
PRIVATE_ADVISOR = "maggie"
PRIVATE_LINES = (
    Line(
        "marigold",
        "Hello Maggie. Priya at the carers' hub said you might be able to help. My son's "
        "direct payment review is next month and I'm worried they'll cut his hours.",
        0,
    ),
    Line(
        "maggie",
        "Hello Marigold, I'm glad you got in touch. Reviews can feel worrying. I can't tell you "
        "what the council will decide, but I can help you get ready. Would it help to go "
        "through what your son uses his hours for now?",
        9,
    ),
    Line(
        "marigold",
        "Yes please. He has a PA three afternoons a week, mostly for going out: swimming, the "
        "library, the shops.",
        14,
    ),
    Line(
        "maggie",
        "Those sound like the things his support plan is there for. It can help to keep a "
        "simple diary for a few weeks: what he did, and what would have happened without "
        "support. Ask him what matters most to him, too. If he'd like to, he can say it "
        "himself at the review.",
        22,
    ),
    Line(
        "marigold",
        "I hadn't thought of asking him to speak at the review. Thank you, that really helps.",
        30,
    ),
    Line(
        "maggie",
        "You're welcome. If you'd like more help, Rosa, our planning partner, can sit down with "
        "you both before the review. Just say and I'll ask her.",
        36,
    ),
)


# --- Loading ----------------------------------------------------------------------------------


def _person(local_part: str) -> User | None:
    return User.objects.filter(email=f"{local_part}@{data.DEMO_DOMAIN}").first()


def _uk(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), LONDON)


def _write(room: Room, lines: tuple[Line, ...], *, began: datetime.datetime) -> int:
    """The conversation, oldest first, each line at its own time; everyone in it has read it."""
    written: list[int] = []
    authors: dict[str, User] = {}
    for line in lines:
        author = authors.get(line.author) or _person(line.author)
        if author is None:
            continue
        authors[line.author] = author
        message = Message.objects.create(
            room=room,
            author=author,
            body=line.body,
            body_html=render_markdown(line.body),
            client_id=uuid.uuid4(),
        )
        # `created` is stamped on insert: give each message the moment it was "said".
        Message.objects.filter(pk=message.pk).update(
            created=began + datetime.timedelta(minutes=line.minutes)
        )
        written.append(message.pk)
    for author in authors.values():
        Participant.objects.update_or_create(
            room=room, person=author, defaults={"last_read_id": written[-1]}
        )
    Room.objects.filter(pk=room.pk, created__gt=began).update(created=began)
    return len(written)


def _drop_in_event() -> Event | None:
    """Calder Valley's online drop-in, held in the site's chat room (made once, published)."""
    event = Event.objects.filter(slug=DROP_IN_SLUG).first()
    if event is not None:
        return event
    organisation = Organisation.objects.filter(slug=data.CALDER).first()
    staff = first_staff(organisation) if organisation else None
    if organisation is None or staff is None:
        return None
    event = create_event(
        creator=staff,
        organisation=organisation,
        title="Ask a peer advisor: online drop-in",
        slug=DROP_IN_SLUG,
        kind=Event.Kind.DROP_IN,
        format=Event.Format.ONLINE,
        summary="Questions about direct payments, answered in the Alongside chat room by people "
        "who manage one. No video, no microphone: you type, and so do we.",
        description="Drop in to our chat room with any question about personal budgets and "
        "direct payments: getting started, employing a **personal assistant (PA)**, or what to "
        "say at a review.\n\nYou can read along without writing anything. If you would rather "
        "talk on your own, ask to talk privately and a peer advisor will open a private chat "
        "with you.",
        use_site_chat_room=True,
        capacity=20,
        themes=list(Theme.objects.filter(slug__in=("getting-started", "employing-a-pa"))),
        hosts=[host for host in map(_person, DROP_IN_HOSTS) if host is not None],
    )
    return event  # published once it has its first date


def _starts_soon(now: datetime.datetime) -> datetime.datetime:
    """Five to ten minutes from now, on a five-minute mark: the room opened a little while ago,
    so the people in it have already said hello."""
    mark = now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=now.minute % 5)
    return mark + datetime.timedelta(minutes=10)


def _drop_in(now: datetime.datetime) -> tuple[int, int, int]:
    """(dates added, places booked, messages written)."""
    event = _drop_in_event()
    if event is None or event.status == Event.Status.CANCELLED:
        return 0, 0, 0  # an organiser who cancelled the demo drop-in keeps it cancelled
    occurrence = (
        event.occurrences.filter(end__gt=now)
        .exclude(status=Occurrence.Status.CANCELLED)
        .order_by("start")
        .first()
    )
    added = 0
    staff = first_staff(event.organisation)
    if staff is None:
        return 0, 0, 0
    if occurrence is None:  # first run, or the last demo date is over: a new one, starting soon
        start = _starts_soon(now)
        occurrence = add_occurrence(
            creator=staff,
            event=event,
            start=start,
            end=start + datetime.timedelta(minutes=DROP_IN_MINUTES),
        )
        added = 1
    if event.status == Event.Status.DRAFT:
        event = publish_event(publisher=staff, event=event)
    booked = []
    # Booked only with the date it adds: a later run never brings back a place someone gave up.
    for person in filter(None, map(_person, DROP_IN_BOOKED if added else ())):
        Booking.objects.create(occurrence=occurrence, person=person)
        booked.append(person.pk)
    if booked:
        feeds_changed(person_ids=booked)
    room = drop_in_room(occurrence=occurrence)
    began = opens_at(occurrence)
    said_by_now = began + datetime.timedelta(minutes=DROP_IN_LINES[-1].minutes) <= now
    written = 0
    if said_by_now and not room.messages.exists():
        written = _write(room, DROP_IN_LINES, began=began)
    return added, len(booked), written


def _community_room(now: datetime.datetime) -> tuple[int, int]:
    """(rooms opened, messages written)."""
    room = Room.objects.filter(kind=Room.Kind.COMMUNITY, name__iexact=COMMUNITY_ROOM).first()
    opened = 0
    if room is None:
        moderator = User.objects.filter(email=data.MODERATOR_EMAIL).first()
        if moderator is None:
            return 0, 0
        room = create_community_room(
            creator=moderator,
            name=COMMUNITY_ROOM,
            description=COMMUNITY_ROOM_DESCRIPTION,
            theme=Theme.objects.filter(slug=COMMUNITY_ROOM_THEME).first(),
        )
        opened = 1
    if room.messages.exists():
        return opened, 0
    began = _uk(timezone.localdate(now) - datetime.timedelta(days=2), 10, 12)
    return opened, _write(room, COMMUNITY_LINES, began=began)


def _private_conversation(now: datetime.datetime) -> tuple[int, int]:
    """(conversations started, messages written)."""
    member, advisor = _person(PRIVATE_MEMBER), _person(PRIVATE_ADVISOR)
    if member is None or advisor is None:
        return 0, 0
    room = existing_conversation(member, advisor)
    started = 0
    if room is None:
        room = start_conversation(
            starter=member,
            other=advisor,
            organisation=Organisation.objects.filter(slug=data.DON).first(),
        )
        started = 1
    if room.messages.exists():
        return started, 0
    began = _uk(timezone.localdate(now) - datetime.timedelta(days=1), 19, 5)
    written = _write(room, PRIVATE_LINES, began=began)
    # Maggie's last answer is still unread for Marigold, so the demo shows an unread badge.
    her_last = room.messages.filter(author=member).order_by("-pk").values_list("pk", flat=True)
    Participant.objects.filter(room=room, person=member).update(last_read_id=her_last[0])
    return started, written


@register_demo("chat")
@transaction.atomic
def seed() -> str:
    now = timezone.now()
    dates, bookings, drop_in_messages = _drop_in(now)
    community_rooms, community_messages = _community_room(now)
    conversations, private_messages = _private_conversation(now)
    messages = drop_in_messages + community_messages + private_messages
    if not (dates or bookings or community_rooms or conversations or messages):
        return "the demo chat is already there: nothing to add."
    return (
        f"added {dates} drop-in date in the chat room, {bookings} bookings, "
        f"{community_rooms} community room, {conversations} private conversation and "
        f"{messages} messages."
    )
