"""A person who has something of every kind this product keeps about people, made through the
real services, beside another person whose data must come through untouched. Shared by the
export and erasure tests."""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from community.chat.models import Room
from community.chat.services.messages import post_message
from community.chat.services.rooms import start_conversation
from community.models import Membership, Organisation, User
from community.safety.services import block_person
from community.services.notifications import notify
from community.services.profiles import update_profile
from community.services.tokens import issue_api_token
from community.support.models import SupportRequest
from community.support.services.plans import (
    book_planning_session,
    comment_on_plan,
    edit_section,
    start_plan,
)
from community.support.services.requests import accept_request, ask_for_help
from events.models import Booking, Occurrence
from events.services.bookings import book_place
from events.services.feeds import regenerate_feed_token
from forums.models import Topic
from forums.services.posts import edit_post, post_reply
from forums.services.reactions import mark_helped
from forums.services.topics import start_topic
from tests.events.factories import OccurrenceFactory, online_event
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, advisor_of
from tests.forums.factories import CategoryFactory

EMAIL = "jo.erasable@example.org"
REAL_NAME = "Joanna Quillfeather"
DISPLAY_NAME = "Jo Erasable"


@dataclass
class World:
    person: User  # has everything
    other: User  # another member who talked with them and waited for their place
    advisor: User
    organisation: Organisation
    their_topic: Topic  # started by the person; nobody else wrote in it
    shared_topic: Topic  # started by the other person; the person replied
    upcoming: Occurrence  # one place, the person has it, the other is waiting
    past: Occurrence  # the person attended, with access needs


def person_with_everything() -> World:
    person = PersonFactory(email=EMAIL, real_name=REAL_NAME, display_name=DISPLAY_NAME)
    other = PersonFactory(display_name="Sam Stays", real_name="Samuel Stays")
    organisation = OrganisationFactory(verified=True)
    advisor = advisor_of(organisation)
    update_profile(
        editor=person,
        person=person,
        display_name=DISPLAY_NAME,
        real_name=REAL_NAME,
        i_am="carer",
        bio="I care for my mum and manage her direct payment.",
        languages=["en"],
        area="",
    )
    MembershipFactory(person=person, organisation=organisation, role=Membership.Role.ADVISOR)
    address = EmailAddress.objects.create(user=person, email=EMAIL, primary=True, verified=True)
    # A site admin once corrected the address in the admin: its history names it.
    LogEntry.objects.create(
        user=PersonFactory(is_staff=True),
        content_type=ContentType.objects.get_for_model(EmailAddress),
        object_id=str(address.pk),
        object_repr=str(address),
        action_flag=CHANGE,
        change_message=f"Changed verified for {EMAIL}.",
    )
    issue_api_token(person=person)
    regenerate_feed_token(person=person)

    category = CategoryFactory()
    their_topic = start_topic(
        author=person, category=category, title="Paying my sister as a PA", body="Is it allowed?"
    )
    edit_post(editor=person, post=their_topic.posts.get(number=1), body="Is it allowed here?")
    shared_topic = start_topic(
        author=other, category=category, title="Gym membership", body="Can I use my DP?"
    )
    post_reply(author=person, topic=shared_topic, body="Our council said yes to mine.")
    mark_helped(person=person, post=shared_topic.posts.get(number=1))
    # A notification to someone else naming them, as long as a notification can be: the name
    # swapped for a longer one must still fit.
    notify(
        recipient=other,
        kind="forums.reply",
        message=(f"{DISPLAY_NAME} replied: " + "so much to say " * 40)[:300],
    )

    event = online_event(organisation=organisation, use_site_chat_room=True, capacity=1)
    now = timezone.now().replace(microsecond=0)
    past = OccurrenceFactory(
        event=event,
        start=now - datetime.timedelta(days=3),
        end=now - datetime.timedelta(days=3, hours=-2),
    )
    Booking.objects.create(
        person=person,
        occurrence=past,
        access_needs=["bsl_interpreter"],
        access_notes="I lip-read too.",
        for_person_name="Mum",
        attended=True,
    )
    upcoming = OccurrenceFactory(event=event, start=now + datetime.timedelta(days=5), capacity=1)
    book_place(person=person, occurrence=upcoming, access_needs=["easy_read"])
    book_place(person=other, occurrence=upcoming, wait_if_full=True)

    room = Room.objects.create(kind=Room.Kind.COMMUNITY, name="Employing a PA")
    post_message(author=person, room=room, body="Hello from Jo", client_id=_uuid(1))
    conversation = start_conversation(starter=person, other=advisor)
    post_message(
        author=person, room=conversation, body="Can we talk about payroll?", client_id=_uuid(2)
    )
    block_person(blocker=person, blocked=PersonFactory(display_name="Pushy Seller"))

    # Help asked for and taken, a plan started from it with the advisor as planning partner,
    # their comment on it, and a planning session in both calendars.
    request = ask_for_help(
        member=person,
        advisor=advisor,
        body="Could you help me write Mum's support plan?",
        wants=SupportRequest.Wants.PLAN,
        access_needs="Mornings suit me best.",
    )
    accept_request(person=advisor, request=request)
    request.refresh_from_db()
    plan = start_plan(owner=person, request=request)
    edit_section(person=person, plan=plan, part="about_me", body="Mum loves her garden.")
    comment_on_plan(person=advisor, plan=plan, body="Could you say what a good day looks like?")
    book_planning_session(
        person=person,
        plan=plan,
        starts=now + datetime.timedelta(days=7),
        minutes=60,
        way="in_person",
        where="Jo's kitchen table",
    )
    return World(
        person=person,
        other=other,
        advisor=advisor,
        organisation=organisation,
        their_topic=their_topic,
        shared_topic=shared_topic,
        upcoming=upcoming,
        past=past,
    )


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"
