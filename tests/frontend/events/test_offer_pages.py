"""The offer page: a place held from the waiting list (offer mode) with its deadline in words,
Accept and Decline buttons, and what it says once the offer has passed. "Your bookings" lists open
offers first."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from events.models import Booking, Event, WaitingListEntry
from events.services.bookings import book_place, cancel_booking
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text, signed_in

# Wednesday 6 January 2027, 09:00 UK time (GMT).
NOW = datetime.datetime(2027, 1, 6, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def offered(now, drop_in, member):
    """Rosa was next on a full date's waiting list; a place came free, so it is held for her."""
    drop_in.waiting_list_mode = Event.WaitingListMode.OFFER
    drop_in.offer_hours = 9
    drop_in.save()
    date = OccurrenceFactory(
        event=drop_in,
        start=NOW + datetime.timedelta(days=6),
        end=NOW + datetime.timedelta(days=6, hours=2),
        capacity=1,
    )
    first = PersonFactory()
    booking = book_place(person=first, occurrence=date)
    entry = book_place(person=member, occurrence=date, for_person_name="Mum", wait_if_full=True)
    cancel_booking(canceller=first, booking=booking)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    return entry


@pytest.fixture
def rosa(offered, member):
    """Rosa signed in at the pinned time (a session made before it would have expired)."""
    return signed_in(member)


def offer_url(entry):
    return reverse("events_offer", args=[entry.pk])


def test_the_offer_page_shows_the_held_place_and_its_deadline_in_words(rosa, offered):
    response = rosa.get(offer_url(offered))
    assert response.status_code == 200
    text = page_text(response)
    assert "A place has come free for you" in text
    assert "Accept by 6pm on Wednesday 6 January" in text
    assert "Place for Mum" in text
    assert "Accept the place" in text and "Decline" in text
    # Opening the page decides nothing.
    offered.refresh_from_db()
    assert offered.status == WaitingListEntry.Status.OFFERED


def test_accepting_the_offer_books_the_place(rosa, member, offered):
    response = rosa.post(offer_url(offered), {"decision": "accept"})
    assert response.status_code == 302
    booking = Booking.objects.get(person=member, status=Booking.Status.CONFIRMED)
    assert booking.for_person_name == "Mum"
    assert "Mum has a place at Carers' drop-in" in page_text(rosa.get(response["Location"]))


def test_declining_the_offer_passes_it_on(rosa, member, offered):
    response = rosa.post(offer_url(offered), {"decision": "decline"})
    assert response.status_code == 302
    offered.refresh_from_db()
    assert offered.status == WaitingListEntry.Status.OFFER_PASSED
    assert not Booking.objects.filter(person=member).exists()
    text = page_text(rosa.get(offer_url(offered)))
    assert "This offer has ended" in text
    assert "Accept the place" not in text


def test_an_expired_offer_says_so_and_cannot_be_accepted(rosa, member, offered):
    with time_machine.travel(NOW + datetime.timedelta(hours=10), tick=False):
        text = page_text(rosa.get(offer_url(offered)))
        assert "This offer has ended" in text
        assert "it was open until 6pm on Wednesday 6 January" in text
        assert "Accept the place" not in text
        response = rosa.post(offer_url(offered), {"decision": "accept"})
        assert response.status_code == 400
        assert "the time to accept this place has passed" in page_text(response)
    assert not Booking.objects.filter(person=member).exists()


def test_my_bookings_lists_open_offers_first(rosa, member, offered, date):
    book_place(person=member, occurrence=date)
    page = page_text(rosa.get(reverse("events_my_bookings")))
    assert "Places offered to you" in page
    assert page.index("Places offered to you") < page.index("Coming up")
    assert "Accept by 6pm on Wednesday 6 January" in page
    assert offer_url(offered) in rosa.get(reverse("events_my_bookings")).content.decode()


def test_nobody_else_can_see_or_take_my_offer(offered):
    other = signed_in(PersonFactory())
    assert other.get(offer_url(offered)).status_code == 404
    assert other.post(offer_url(offered), {"decision": "accept"}).status_code == 404
    offered.refresh_from_db()
    assert offered.status == WaitingListEntry.Status.OFFERED


def test_the_offer_page_needs_signing_in(client, offered):
    response = client.get(offer_url(offered))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
