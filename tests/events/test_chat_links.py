"""Dates held in the site's chat room link straight to their room, for the people who may join:
in the booking e-mails, the reminder, the personal calendar feed and the date's pages; never in
a public feed, and never for events that do not use the chat room."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from events.feeds import event_feed, organisation_feed, personal_feed
from events.links import absolute, chat_room_path
from events.models import Event, Occurrence
from events.selectors import feed_token_for
from events.services.bookings import book_place
from events.services.reminders import send_due_reminders
from tests.events.factories import EventFactory, OccurrenceFactory, online_event
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)


def chat_drop_in(**fields) -> Event:
    return EventFactory(
        kind=Event.Kind.DROP_IN,
        format=Event.Format.ONLINE,
        title="Ask a peer advisor",
        venue_name="",
        address="",
        postcode="",
        use_site_chat_room=True,
        **fields,
    )


@pytest.fixture
def chat_date():
    event = chat_drop_in()
    return OccurrenceFactory(event=event, start=START, end=START + datetime.timedelta(hours=2))


@pytest.fixture
def video_date():
    event = online_event(title="Payroll on a video call")
    return OccurrenceFactory(event=event, start=START, end=START + datetime.timedelta(hours=2))


def _booked(person, occurrence, capture):
    with time_machine.travel(START - datetime.timedelta(days=10)), capture(execute=True):
        # A hybrid date asks how the person joins (ignored for the other formats).
        book_place(person=person, occurrence=occurrence, attendance_mode="in_person")


def _room_url(occurrence: Occurrence) -> str:
    return absolute(chat_room_path(occurrence))


def test_the_chat_room_address_is_the_frontends_chat_drop_in_page():
    # events writes the address out (it may not import the frontend); this keeps the two in step.
    assert reverse("chat_drop_in", kwargs={"occurrence_id": 5}) == chat_room_path(Occurrence(pk=5))


def test_the_booking_e_mail_links_to_the_dates_chat_room(
    person, chat_date, django_capture_on_commit_callbacks
):
    _booked(person, chat_date, django_capture_on_commit_callbacks)

    (confirmation,) = mail.outbox
    assert confirmation.to == [person.email]
    assert f"Join in the chat room: {_room_url(chat_date)}" in confirmation.body
    assert _room_url(chat_date).startswith("http")


def test_the_booking_e_mail_has_no_chat_room_for_an_event_on_a_video_call(
    person, video_date, django_capture_on_commit_callbacks
):
    _booked(person, video_date, django_capture_on_commit_callbacks)

    (confirmation,) = mail.outbox
    assert "Join online: https://meet.example/secret-room" in confirmation.body
    assert "/chat/drop-ins/" not in confirmation.body
    assert "chat room" not in confirmation.body


def test_an_in_person_event_that_ticked_the_chat_room_gets_no_room_link(
    person, django_capture_on_commit_callbacks
):
    event = EventFactory(use_site_chat_room=True)  # in person: there is no room to go to
    occurrence = OccurrenceFactory(
        event=event, start=START, end=START + datetime.timedelta(hours=2)
    )
    _booked(person, occurrence, django_capture_on_commit_callbacks)

    assert "/chat/drop-ins/" not in mail.outbox[0].body


def test_the_reminder_links_to_the_dates_chat_room_and_not_for_other_events(
    people, chat_date, video_date, django_capture_on_commit_callbacks
):
    chatter, watcher = people(2)
    _booked(chatter, chat_date, django_capture_on_commit_callbacks)
    _booked(watcher, video_date, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with time_machine.travel(START - datetime.timedelta(hours=23)):
        assert send_due_reminders() == 2

    reminders = {message.to[0]: message.body for message in mail.outbox}
    assert f"Join in the chat room: {_room_url(chat_date)}" in reminders[chatter.email]
    assert "/chat/drop-ins/" not in reminders[watcher.email]


def _vevents(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk("VEVENT")]


def test_the_personal_feed_carries_the_chat_rooms_address(
    person, chat_date, video_date, django_capture_on_commit_callbacks
):
    _booked(person, chat_date, django_capture_on_commit_callbacks)
    _booked(person, video_date, django_capture_on_commit_callbacks)

    with time_machine.travel(START - datetime.timedelta(days=1)):
        feed = personal_feed(token=feed_token_for(person=person).token)
        by_title = {str(v["summary"]): v for v in _vevents(feed.body)}

    in_chat = by_title["Ask a peer advisor"]
    assert str(in_chat["location"]) == _room_url(chat_date)
    assert _room_url(chat_date) in str(in_chat["description"])
    on_video = by_title["Payroll on a video call"]
    assert str(on_video["location"]) == "Online"
    assert "/chat/drop-ins/" not in str(on_video["description"])


def test_a_hybrid_dates_personal_feed_keeps_the_venue_and_adds_the_room(
    person, django_capture_on_commit_callbacks
):
    event = EventFactory(format=Event.Format.HYBRID, use_site_chat_room=True)
    occurrence = OccurrenceFactory(
        event=event, start=START, end=START + datetime.timedelta(hours=2)
    )
    _booked(person, occurrence, django_capture_on_commit_callbacks)

    with time_machine.travel(START - datetime.timedelta(days=1)):
        (vevent,) = _vevents(personal_feed(token=feed_token_for(person=person).token).body)

    assert str(vevent["location"]).startswith("Carers' Centre")
    assert _room_url(occurrence) in str(vevent["description"])


def test_public_feeds_never_carry_the_chat_rooms_address(
    person, chat_date, django_capture_on_commit_callbacks
):
    _booked(person, chat_date, django_capture_on_commit_callbacks)
    event = chat_date.event

    with time_machine.travel(START - datetime.timedelta(days=1)):
        bodies = [
            event_feed(event=event).body,
            organisation_feed(organisation=event.organisation).body,
        ]

    for body in bodies:
        (vevent,) = _vevents(body)
        assert str(vevent["location"]) == "Online"
        assert b"/chat/drop-ins/" not in body.replace(b"\r\n ", b"")


def test_the_booked_dates_pages_link_to_its_chat_room_only_for_the_booked(
    people, chat_date, django_capture_on_commit_callbacks
):
    booked, other = people(2)
    _booked(booked, chat_date, django_capture_on_commit_callbacks)
    room = chat_room_path(chat_date)
    detail = reverse("events_detail", args=[chat_date.event.slug])

    with time_machine.travel(START - datetime.timedelta(days=1)):
        mine, theirs, bookings = Client(), Client(), Client()
        mine.force_login(booked)
        theirs.force_login(other)
        bookings.force_login(booked)
        booked_page = mine.get(detail).content.decode()
        other_page = theirs.get(detail).content.decode()
        anonymous_page = Client().get(detail).content.decode()
        my_bookings = bookings.get(reverse("events_my_bookings")).content.decode()

    assert f'href="{room}"' in booked_page
    assert "Go to the chat room" in booked_page
    assert f'href="{room}"' in my_bookings
    assert room not in other_page
    assert room not in anonymous_page


def test_the_dates_host_sees_the_chat_room_link(chat_date):
    host = PersonFactory()
    MembershipFactory(person=host, organisation=chat_date.event.organisation)
    chat_date.host = host
    chat_date.save(update_fields=["host"])
    client = Client()
    client.force_login(host)

    with time_machine.travel(START - datetime.timedelta(days=1)):
        page = client.get(reverse("events_detail", args=[chat_date.event.slug])).content.decode()

    assert f'href="{chat_room_path(chat_date)}"' in page
