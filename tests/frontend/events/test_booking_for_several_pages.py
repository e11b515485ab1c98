"""The book page for a carer booking one date for several people, each with their own access
needs; "Your bookings" grouping a date's places; hybrid events asking how people join; and a
date whose bookings have closed."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Booking, Event, WaitingListEntry
from events.services.bookings import book_place
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text
from tests.frontend.events.conftest import dates_of


def book_url(date):
    return reverse("events_book", args=[date.event.slug, date.pk])


@pytest.fixture
def hybrid(org):
    event = EventFactory(
        organisation=org,
        title="Hybrid PA workshop",
        slug="hybrid-pa-workshop",
        format=Event.Format.HYBRID,
        joining_link="https://meet.example/pa",
        capacity=6,
        online_capacity=2,
    )
    return OccurrenceFactory(
        event=event, start=uk_time(5), end=uk_time(5, 12), capacity=6, online_capacity=2
    )


def test_a_carer_books_for_his_mother_and_for_himself_on_one_date(member_client, member, date):
    response = member_client.post(
        book_url(date),
        {"for_whom": "cared_for", "for_person_name": "Mum", "access_needs": ["bsl_interpreter"]},
    )
    assert response.status_code == 302
    assert "Booked for Mum: Carers' drop-in" in page_text(member_client.get(response["Location"]))

    page = page_text(member_client.get(book_url(date)))
    assert "Book another place" in page
    assert "You already have a place on this date: for Mum" in page
    response = member_client.post(book_url(date), {"for_whom": "me", "access_needs": ["step_free"]})
    assert response.status_code == 302

    bookings = Booking.objects.filter(person=member, occurrence=date).order_by("pk")
    assert [(b.for_person_name, b.access_needs) for b in bookings] == [
        ("Mum", ["bsl_interpreter"]),
        ("", ["step_free"]),
    ]


def test_my_bookings_groups_a_dates_places_and_says_whom_each_is_for(member_client, member, date):
    book_place(
        person=member, occurrence=date, for_person_name="Mum", access_needs=["bsl_interpreter"]
    )
    book_place(person=member, occurrence=date)
    page = member_client.get(reverse("events_my_bookings")).content.decode()
    # The date's entry: from its anchor to the next section of the page.
    group = page.split(f'id="date-{date.pk}"')[1].split('<h2 id="waiting"')[0]
    text = re.sub(r"<[^>]+>", " ", group).replace("&#x27;", "'")
    text = " ".join(text.split())
    assert "Place for Mum" in text and "Place for You" in text
    assert group.count("<h3>") == 1  # one entry for the date, two places in it
    assert "Book another place on this date" in text
    # Each place has its own Change and Cancel links.
    for booking in Booking.objects.filter(person=member):
        assert reverse("events_booking_edit", args=[booking.pk]) in page
        assert reverse("events_booking_cancel", args=[booking.pk]) in page


def test_booking_the_same_person_twice_is_refused_and_keeps_what_was_typed(
    member_client, member, date
):
    book_place(person=member, occurrence=date, for_person_name="Mum")
    response = member_client.post(
        book_url(date),
        {"for_whom": "cared_for", "for_person_name": " mum ", "access_notes": "Needs a ramp"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "already has a place on this date" in page_text(response)
    assert "Needs a ramp</textarea>" in page
    assert Booking.objects.filter(person=member).count() == 1


def test_the_event_page_lists_each_of_my_places_with_change_links(member_client, member, date):
    mum = book_place(person=member, occurrence=date, for_person_name="Mum")
    mine = book_place(person=member, occurrence=date, companions=1)
    response = member_client.get(reverse("events_detail", args=[date.event.slug]))
    text = page_text(response)
    assert "You have 2 places on this date" in text
    assert "For Mum" in text and "For you, with a companion" in text
    page = response.content.decode()
    assert reverse("events_booking_edit", args=[mum.pk]) in page
    assert reverse("events_booking_edit", args=[mine.pk]) in page
    assert "Book another place on this date" in text


def test_a_hybrid_event_asks_how_you_will_join_with_places_left_of_each(
    member_client, member, hybrid
):
    book_place(person=PersonFactory(), occurrence=hybrid, attendance_mode="online")
    text = page_text(member_client.get(book_url(hybrid)))
    assert "How will you join?" in text
    assert "In person (4 places left)" in text
    assert "Online (1 place left)" in text

    response = member_client.post(book_url(hybrid), {"for_whom": "me", "access_notes": "Hi"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose whether you will join in person or online" in page
    assert 'href="#id_attendance_mode' in page  # the summary links to the question
    assert "Hi</textarea>" in page

    response = member_client.post(book_url(hybrid), {"for_whom": "me", "attendance_mode": "online"})
    assert response.status_code == 302
    assert Booking.objects.get(person=member).attendance_mode == "online"


def test_online_places_full_on_a_hybrid_date_puts_you_on_the_waiting_list_for_online(
    member_client, member, hybrid
):
    for _ in range(2):
        book_place(person=PersonFactory(), occurrence=hybrid, attendance_mode="online")
    assert "Online (no places left)" in page_text(member_client.get(book_url(hybrid)))
    response = member_client.post(book_url(hybrid), {"for_whom": "me", "attendance_mode": "online"})
    assert response.status_code == 302
    assert "you are on the waiting list" in page_text(member_client.get(response["Location"]))
    assert not Booking.objects.filter(person=member).exists()
    assert WaitingListEntry.objects.get(person=member).attendance_mode == "online"


def test_the_event_page_shows_in_person_and_online_places_left(client, hybrid):
    book_place(person=PersonFactory(), occurrence=hybrid, attendance_mode="in_person")
    text = page_text(client.get(reverse("events_detail", args=[hybrid.event.slug])))
    assert "(in person: 3, online: 2)" in text


def test_a_date_whose_bookings_closed_shows_it_and_no_book_button(member_client, drop_in, date):
    drop_in.booking_closes_minutes = 120
    drop_in.save()
    with time_machine.travel(date.start - datetime.timedelta(minutes=90)):
        detail = member_client.get(reverse("events_detail", args=[drop_in.slug])).content.decode()
        assert "Bookings closed" in detail
        assert book_url(date) not in detail
        page = member_client.get(book_url(date))
        text = page_text(page)
        assert "Bookings closed" in text and "<form" not in page.content.decode().split("<main")[-1]
        response = member_client.post(book_url(date), {"for_whom": "me"})
        assert response.status_code == 400
        assert "Bookings for this date closed at" in page_text(response)
    assert not Booking.objects.exists()


def test_before_the_close_time_the_date_can_be_booked(member_client, drop_in, date):
    drop_in.booking_closes_minutes = 120
    drop_in.save()
    with time_machine.travel(date.start - datetime.timedelta(minutes=150)):
        detail = member_client.get(reverse("events_detail", args=[drop_in.slug])).content.decode()
        assert book_url(date) in detail
        assert member_client.post(book_url(date), {"for_whom": "me"}).status_code == 302


def test_my_bookings_and_the_book_page_queries_do_not_grow_with_bookings(
    member_client, member, drop_in, rate_limits
):
    rate_limits(booking="100/600")
    first, *others = dates_of(drop_in, 5)
    book_place(person=member, occurrence=first)
    member_client.get(reverse("events_my_bookings"))  # makes the feed token and reminder choice

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as my_page:
            assert member_client.get(reverse("events_my_bookings")).status_code == 200
        with CaptureQueriesContext(connection) as book_page:
            assert member_client.get(book_url(first)).status_code == 200
        return len(my_page.captured_queries), len(book_page.captured_queries)

    with_one = counts()
    book_place(person=member, occurrence=first, for_person_name="Mum")
    for date in others:
        book_place(person=member, occurrence=date)
        book_place(
            person=member, occurrence=date, for_person_name="Mum", access_needs=["bsl_interpreter"]
        )
    assert counts() == with_one


def test_a_hybrid_event_page_counts_places_of_each_kind_in_a_fixed_number_of_queries(
    member_client, member, hybrid, rate_limits
):
    rate_limits(booking="100/600")
    event = hybrid.event
    book_place(person=member, occurrence=hybrid, attendance_mode="online")
    url = reverse("events_detail", args=[event.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(url).status_code == 200
        return len(queries.captured_queries)

    with_one = count()
    for day in range(6, 10):
        date = OccurrenceFactory(
            event=event, start=uk_time(day), end=uk_time(day, 12), capacity=6, online_capacity=2
        )
        book_place(person=member, occurrence=date, attendance_mode="in_person")
        book_place(person=member, occurrence=date, for_person_name="Mum", attendance_mode="online")
    assert count() == with_one
