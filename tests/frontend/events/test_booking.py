"""Booking a place, the waiting list, cancelling, giving a place back, and "Your bookings" with
the personal calendar feed."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from events import selectors
from events.models import Booking, CalendarFeedToken, ReminderPreference, WaitingListEntry
from events.services.bookings import book_place
from events.services.reminders import reminder_preference
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text, signed_in
from tests.frontend.events.conftest import dates_of


def book_url(date):
    return reverse("events_book", args=[date.event.slug, date.pk])


def test_booking_needs_signing_in(client, date):
    response = client.get(book_url(date))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(book_url(date), {"for_whom": "me"}).status_code == 302
    assert not Booking.objects.exists()


def test_booking_form_explains_who_sees_access_needs(member_client, date):
    text = page_text(member_client.get(book_url(date)))
    assert (
        "Only the organisation's staff and the hosts of this session see what you tell us" in text
    )
    assert "For the person I care for" in text
    assert "A companion or carer is coming too" in text
    assert "BSL interpreter" in text and "Easy Read materials" in text


def test_booking_with_access_needs_and_a_companion(member_client, member, date):
    response = member_client.post(
        book_url(date),
        {
            "for_whom": "me",
            "companion": "on",
            "access_needs": ["step_free", "hearing_loop"],
            "access_notes": "A seat near the front, please",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("events_my_bookings")
    booking = Booking.objects.get(person=member)
    assert booking.companions == 1
    assert booking.access_needs == ["step_free", "hearing_loop"]
    assert booking.access_notes == "A seat near the front, please"
    text = page_text(member_client.get(response["Location"]))
    assert "Booked: Carers' drop-in" in text and "You have a place" in text
    assert "Step-free access, Hearing loop. A seat near the front, please" in text


def test_booking_for_the_person_i_care_for(member_client, member, date):
    member_client.post(book_url(date), {"for_whom": "cared_for", "for_person_name": "Dad"})
    assert Booking.objects.get(person=member).for_person_name == "Dad"
    assert "Place for Dad" in page_text(member_client.get(reverse("events_my_bookings")))


def test_booking_for_someone_without_their_name_keeps_what_was_typed(member_client, date):
    response = member_client.post(
        book_url(date),
        {"for_whom": "cared_for", "access_needs": ["quiet_space"], "access_notes": "Gets tired"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the first name of the person you care for" in page
    assert "Gets tired</textarea>" in page
    quiet_space = re.search(r'<input[^>]*value="quiet_space"[^>]*>', page).group(0)
    assert "checked" in quiet_space
    assert page_text(response).startswith("Error:")
    assert not Booking.objects.exists()


def test_booking_twice_shows_the_services_message_on_the_page(member_client, member, date):
    book_place(person=member, occurrence=date)
    response = member_client.post(book_url(date), {"for_whom": "me", "access_notes": "again"})
    assert response.status_code == 400
    assert "You already have a place on this date." in page_text(response)
    assert "again</textarea>" in response.content.decode()


def test_booking_when_full_puts_you_on_the_waiting_list(member_client, member, drop_in):
    date = dates_of(drop_in, 1, capacity=1)[0]
    book_place(person=PersonFactory(), occurrence=date)
    form_page = page_text(member_client.get(book_url(date)))
    assert "This date is full" in form_page and "Join the waiting list" in form_page
    response = member_client.post(book_url(date), {"for_whom": "me"}, follow=True)
    assert not Booking.objects.filter(person=member, status="confirmed").exists()
    assert WaitingListEntry.objects.get(person=member).status == "waiting"
    text = page_text(response)
    assert "you are on the waiting list" in text
    assert "You are number 1 on the waiting list" in text


def test_booking_a_cancelled_date_is_refused_with_a_message(member_client, date, staff):
    from events.services.occurrences import cancel_occurrence

    cancel_occurrence(canceller=staff, occurrence=date)
    response = member_client.post(book_url(date), {"for_whom": "me"})
    assert response.status_code == 400
    assert "This date has been cancelled." in page_text(response)


def test_booking_a_date_of_another_event_is_not_found(member_client, date, online):
    url = reverse("events_book", args=[online.slug, date.pk])
    assert member_client.get(url).status_code == 404


# ---- Cancelling and the waiting list ----


@pytest.fixture
def full_date(drop_in, member):
    """One place, taken by the member; two people waiting."""
    date = dates_of(drop_in, 1, capacity=1)[0]
    book_place(person=member, occurrence=date)
    first = PersonFactory(display_name="First Waiting", email="first@example.org")
    second = PersonFactory(display_name="Second Waiting")
    book_place(person=first, occurrence=date, wait_if_full=True)
    book_place(person=second, occurrence=date, wait_if_full=True)
    return date, first, second


def test_cancel_asks_first_then_gives_the_place_to_the_first_person_waiting(
    member_client, member, full_date, django_capture_on_commit_callbacks
):
    date, first, second = full_date
    booking = Booking.objects.get(person=member, status="confirmed")
    url = reverse("events_booking_cancel", args=[booking.pk])
    confirm = member_client.get(url)
    assert confirm.status_code == 200
    assert "Cancel your booking?" in page_text(confirm)
    booking.refresh_from_db()
    assert booking.status == "confirmed"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url)
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert Booking.objects.get(occurrence=date, status="confirmed").person == first
    assert WaitingListEntry.objects.get(person=second).status == "waiting"
    # The place goes to the first person waiting; the member's calendar is told it is gone.
    assert [message.to for message in mail.outbox] == [["first@example.org"], [member.email]]
    assert "is cancelled" in page_text(member_client.get(response["Location"]))


def test_you_cannot_cancel_someone_elses_booking(full_date, member):
    booking = Booking.objects.get(person=member, status="confirmed")
    stranger = signed_in(PersonFactory())
    url = reverse("events_booking_cancel", args=[booking.pk])
    assert stranger.get(url).status_code == 404
    assert stranger.post(url).status_code == 404
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_leaving_the_waiting_list(full_date):
    date, first, second = full_date
    entry = WaitingListEntry.objects.get(person=second)
    client = signed_in(second)
    text = page_text(client.get(reverse("events_my_bookings")))
    assert "You are number 2 on the waiting list" in text
    url = reverse("events_waiting_leave", args=[entry.pk])
    assert "Leave the waiting list?" in page_text(client.get(url))
    assert client.post(url).status_code == 302
    entry.refresh_from_db()
    assert entry.status == "left"
    assert signed_in(first).post(url).status_code == 404


def test_give_back_link_asks_before_giving_the_place_back(client, full_date, member):
    booking = Booking.objects.get(person=member, status="confirmed")
    url = reverse("events_give_back", args=[booking.give_back_token])
    assert "Give your place back?" in page_text(client.get(url))
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert client.post(url).status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_give_back_with_an_unknown_link_says_so(client, db):
    response = client.post(reverse("events_give_back", args=["not-a-token"]))
    assert response.status_code == 400
    assert "This link is not valid" in page_text(response)


def test_reminders_stop_link(client, member):
    preference = ReminderPreference.objects.create(person=member)
    url = reverse("events_reminders_stop", args=[preference.unsubscribe_token])
    assert "Stop reminder e-mails?" in page_text(client.get(url))
    assert client.post(url).status_code == 302
    preference.refresh_from_db()
    assert preference.send_reminders is False


# ---- Your bookings ----


def test_my_bookings_needs_signing_in(client, db):
    response = client.get(reverse("events_my_bookings"))
    assert response.status_code == 302


def test_my_bookings_shows_the_personal_feed_and_a_new_link_replaces_it(member_client, member):
    page = member_client.get(reverse("events_my_bookings")).content.decode()
    token = CalendarFeedToken.objects.get(person=member).token
    assert f"/calendar/{token}.ics" in page
    assert "webcal://" in page and "calendar.google.com" in page
    response = member_client.post(reverse("events_feed_new_link"))
    assert response.status_code == 302
    new = CalendarFeedToken.objects.get(person=member).token
    assert new != token
    page = member_client.get(reverse("events_my_bookings")).content.decode()
    assert new in page and token not in page


def test_new_feed_link_is_post_only(member_client, db):
    assert member_client.get(reverse("events_feed_new_link")).status_code == 405


def test_my_bookings_shows_only_your_own(member_client, date):
    book_place(person=PersonFactory(), occurrence=date, access_notes="Not Rosa's")
    page = member_client.get(reverse("events_my_bookings")).content.decode()
    assert "Not Rosa" not in page
    assert "You have no bookings coming up" in page


@pytest.mark.parametrize("how_many", [3, 30])
def test_my_bookings_queries_do_not_grow_with_bookings(
    member_client, member, drop_in, django_assert_num_queries, how_many, rate_limits
):
    rate_limits(booking="100/600")  # more places than one person may book in ten minutes
    dates = dates_of(drop_in, how_many)
    for date in dates:
        book_place(person=member, occurrence=date, access_needs=["step_free"])
    full = dates_of(drop_in, how_many, capacity=1, first_day=4)
    for date in full:
        book_place(person=PersonFactory(), occurrence=date)
        book_place(person=member, occurrence=date, wait_if_full=True)
    # The feed token and reminder choice are made on the first visit and only read after that.
    selectors.feed_token_for(person=member)
    reminder_preference(person=member)
    # Session, person, bookings, what the organisers said about their access needs, the feed
    # token, the reminder choice, the header's unread count, waiting lists, places offered.
    with django_assert_num_queries(10):
        assert member_client.get(reverse("events_my_bookings")).status_code == 200


def test_booking_is_refused_without_the_csrf_token(member, date):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(book_url(date), {"for_whom": "me"}).status_code == 403
    assert not Booking.objects.exists()
    # The form itself carries the token.
    assert "csrfmiddlewaretoken" in client.get(book_url(date)).content.decode()


def test_reminders_can_be_turned_off_and_on_from_your_bookings(member_client, member):
    assert "Stop reminder e-mails" in page_text(member_client.get(reverse("events_my_bookings")))
    member_client.post(reverse("events_reminders"), {"send": "no"})
    assert reminder_preference(person=member).send_reminders is False
    assert "Send me reminder e-mails" in page_text(member_client.get(reverse("events_my_bookings")))
    member_client.post(reverse("events_reminders"), {"send": "yes"})
    assert reminder_preference(person=member).send_reminders is True


def test_each_booked_date_has_its_own_google_calendar_link(member_client, member, date):
    book_place(person=member, occurrence=date)
    page = member_client.get(reverse("events_my_bookings")).content.decode()
    # Google wants UTC: in summer that is an hour before the UK time the date was made with.
    start = f"{date.start.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert f"dates={start}%2F" in page
