"""Booking rules organisers set on the event form (cost, when bookings close, online places on a
hybrid event, automatic or offered waiting-list places) and what the event page says of them."""

import re

import pytest
from django.urls import reverse

from events.errors import EventError
from events.models import Event
from events.services.events import update_event
from events.services.occurrences import add_occurrence
from tests.events.factories import uk_time
from tests.frontend.conftest import page_text
from tests.frontend.events.test_manage import event_form_data


def test_the_event_form_asks_for_the_booking_rules(staff_client, org):
    text = page_text(staff_client.get(reverse("events_create", args=[org.slug])))
    assert "Booking rules" in text
    assert "Cost" in text and "Leave this empty if it is free" in text
    assert "When do bookings close?" in text
    for choice in ("When the date starts", "1 hour before", "2 hours before", "48 hours before"):
        assert choice in text
    assert "Online places on each date" in text
    assert "Offer the place, and pass it on if not taken in time" in text
    assert "Hours to accept an offered place" in text


def test_staff_set_cost_close_time_online_places_and_offers(staff_client, org):
    data = event_form_data(
        format="hybrid",
        joining_link="https://meet.example/room",
        capacity="12",
        online_capacity="4",
        cost="£5, free for carers",
        booking_closes_minutes="120",
        waiting_list_mode="offer",
        offer_hours="12",
    )
    response = staff_client.post(reverse("events_create", args=[org.slug]), data)
    assert response.status_code == 302
    event = Event.objects.get(title="Your first support plan")
    assert event.cost == "£5, free for carers"
    assert event.booking_closes_minutes == 120
    assert event.online_capacity == 4
    assert event.waiting_list_mode == Event.WaitingListMode.OFFER
    assert event.offer_hours == 12

    text = page_text(staff_client.get(response["Location"]))
    assert "Cost £5, free for carers" in text
    assert "Bookings close 2 hours before each date." in text


def test_the_edit_form_keeps_the_rules_as_they_are(staff_client, drop_in):
    drop_in.cost = "£3"
    drop_in.booking_closes_minutes = 24 * 60
    drop_in.waiting_list_mode = Event.WaitingListMode.OFFER
    drop_in.offer_hours = 6
    drop_in.save()
    page = staff_client.get(reverse("events_edit", args=[drop_in.slug])).content.decode()
    assert 'value="£3"' in page
    chosen = re.search(r'<input[^>]*name="booking_closes_minutes"[^>]*value="1440"[^>]*>', page)
    assert chosen is not None and "checked" in chosen.group(0)
    offer = re.search(r'<input[^>]*name="waiting_list_mode"[^>]*value="offer"[^>]*>', page)
    assert offer is not None and "checked" in offer.group(0)
    assert 'name="offer_hours" value="6"' in page


def test_a_free_event_says_free_and_bookings_stay_open_until_the_start(client, drop_in, date):
    text = page_text(client.get(reverse("events_detail", args=[drop_in.slug])))
    assert "Cost Free" in text
    assert "Bookings close" not in text


def test_online_places_must_be_fewer_than_all_the_places(staff_client, org):
    data = event_form_data(
        format="hybrid",
        joining_link="https://meet.example/room",
        capacity="10",
        online_capacity="10",
        cost="Kept cost",
    )
    response = staff_client.post(reverse("events_create", args=[org.slug]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Online places must be fewer than all the places (10)" in page
    assert 'href="#id_online_capacity"' in page
    assert 'value="Kept cost"' in page
    assert not Event.objects.filter(title="Your first support plan").exists()


def test_online_places_on_an_event_that_is_not_hybrid_are_left_out(staff_client, org):
    data = event_form_data(format="in_person", online_capacity="3")
    assert staff_client.post(reverse("events_create", args=[org.slug]), data).status_code == 302
    assert Event.objects.get(title="Your first support plan").online_capacity is None


def test_hours_to_accept_an_offer_are_between_one_and_a_week(staff_client, org):
    data = event_form_data(waiting_list_mode="offer", offer_hours="200")
    response = staff_client.post(reverse("events_create", args=[org.slug]), data)
    assert response.status_code == 400
    assert "Give people at most 168 hours (a week)." in page_text(response)


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"online_capacity": 3}, "online_places_not_hybrid", "online_capacity"),
        ({"format": "hybrid", "online_capacity": 5}, "online_places_too_many", "online_capacity"),
        ({"offer_hours": 0}, "offer_hours", "offer_hours"),
        ({"booking_closes_minutes": 31 * 24 * 60}, "booking_closes", "booking_closes_minutes"),
    ],
)
def test_the_service_refuses_rules_that_cannot_work(staff, drop_in, changes, code, field):
    with pytest.raises(EventError) as refused:
        update_event(editor=staff, event=drop_in, **changes)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_a_new_online_split_reaches_the_dates_to_come(staff, drop_in, date):
    update_event(
        editor=staff,
        event=drop_in,
        format="hybrid",
        joining_link="https://meet.example/x",
        online_capacity=2,
    )
    date.refresh_from_db()
    assert date.online_capacity == 2
    update_event(editor=staff, event=drop_in, format="in_person")
    date.refresh_from_db()
    drop_in.refresh_from_db()
    assert drop_in.online_capacity is None and date.online_capacity is None


def test_dates_added_to_a_hybrid_event_take_its_online_places(staff, drop_in):
    hybrid = update_event(
        editor=staff,
        event=drop_in,
        format="hybrid",
        joining_link="https://meet.example/x",
        online_capacity=2,
    )
    added = add_occurrence(creator=staff, event=hybrid, start=uk_time(9), end=uk_time(9, 12))
    assert added.online_capacity == 2
