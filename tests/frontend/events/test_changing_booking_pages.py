"""Changing a booking in place from "Your bookings": access needs, notes, whom it is for and a
companion; when the date is full, the waiting list for the extra place keeps the booking."""

import datetime
import re

import time_machine
from django.urls import reverse

from events.models import Booking, WaitingListEntry
from events.services.bookings import book_place
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text, signed_in


def change_url(booking):
    return reverse("events_booking_edit", args=[booking.pk])


def test_the_change_page_shows_the_booking_as_it_is(member_client, member, date):
    booking = book_place(
        person=member,
        occurrence=date,
        for_person_name="Mum",
        access_needs=["hearing_loop"],
        access_notes="Near the door",
    )
    response = member_client.get(change_url(booking))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Change your booking" in page_text(response)
    assert 'value="Mum"' in page
    assert "Near the door</textarea>" in page
    ticked = re.search(r'<input[^>]*value="hearing_loop"[^>]*>', page).group(0)
    assert "checked" in ticked
    unticked = re.search(r'<input[^>]*value="step_free"[^>]*>', page).group(0)
    assert "checked" not in unticked


def test_adding_an_access_need_changes_the_booking_in_place(member_client, member, date):
    booking = book_place(person=member, occurrence=date)
    response = member_client.post(
        change_url(booking),
        {"for_whom": "me", "access_needs": ["bsl_interpreter"], "access_notes": "Row A"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.access_needs == ["bsl_interpreter"]
    assert booking.access_notes == "Row A"
    assert Booking.objects.filter(person=member).count() == 1  # changed, not rebooked
    follow = member_client.get(response["Location"])
    assert follow.status_code == 200


def test_bringing_a_companion_takes_a_free_place(member_client, member, date):
    booking = book_place(person=member, occurrence=date)
    response = member_client.post(change_url(booking), {"for_whom": "me", "companion": "on"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.companions == 1


def test_when_full_the_page_offers_the_waiting_list_for_the_extra_place(
    member_client, member, drop_in, date
):
    booking = book_place(person=member, occurrence=date)
    for _ in range(date.capacity - 1):
        book_place(person=PersonFactory(), occurrence=date)
    response = member_client.post(
        change_url(booking), {"for_whom": "me", "companion": "on", "access_notes": "Kept"}
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text
    assert "Join the waiting list for the extra places — you keep your place" in text
    assert "Kept</textarea>" in response.content.decode()
    booking.refresh_from_db()
    assert booking.companions == 0 and booking.status == Booking.Status.CONFIRMED

    response = member_client.post(
        change_url(booking),
        {"for_whom": "me", "companion": "on", "access_notes": "Kept", "wait_for_more": "yes"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and booking.companions == 0
    entry = WaitingListEntry.objects.get(person=member)
    assert entry.adds_to_id == booking.pk
    page = page_text(member_client.get(reverse("events_my_bookings")))
    assert "You are waiting for more places on a booking you have" in page


def test_renaming_to_a_person_already_booked_is_refused_next_to_the_name(
    member_client, member, date
):
    book_place(person=member, occurrence=date, for_person_name="Mum")
    mine = book_place(person=member, occurrence=date)
    response = member_client.post(
        change_url(mine), {"for_whom": "cared_for", "for_person_name": "Mum"}
    )
    assert response.status_code == 400
    assert "already has a place on this date" in page_text(response)
    mine.refresh_from_db()
    assert mine.for_person_name == ""


def test_saving_without_changes_says_nothing_changed(member_client, member, date):
    booking = book_place(person=member, occurrence=date, access_notes="Same")
    response = member_client.post(
        change_url(booking), {"for_whom": "me", "access_notes": "Same"}, follow=True
    )
    assert "You did not change anything" in page_text(response)


def test_nobody_else_can_open_or_change_my_booking(member, date):
    booking = book_place(person=member, occurrence=date)
    other = signed_in(PersonFactory())
    assert other.get(change_url(booking)).status_code == 404
    assert other.post(change_url(booking), {"for_whom": "me", "companion": "on"}).status_code == 404
    booking.refresh_from_db()
    assert booking.companions == 0


def test_after_bookings_close_the_change_page_says_so(member_client, member, drop_in, date):
    booking = book_place(person=member, occurrence=date)
    drop_in.booking_closes_minutes = 60
    drop_in.save()
    with time_machine.travel(date.start - datetime.timedelta(minutes=30)):
        text = page_text(member_client.get(change_url(booking)))
        assert "Bookings closed" in text
        assert "Save changes" not in text
        response = member_client.post(change_url(booking), {"for_whom": "me", "companion": "on"})
        assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.companions == 0


def test_the_change_page_needs_signing_in(client, member, date):
    booking = book_place(person=member, occurrence=date)
    response = client.get(change_url(booking))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
