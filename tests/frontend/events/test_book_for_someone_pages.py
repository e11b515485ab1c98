"""Staff book a place for someone from the register before the date (a phone call): a member
found by their exact e-mail address, or someone without an account by name; the form is staff's
only, and goes once the date has started (then the register itself opens)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from community.models import AuditLogEntry
from events.models import Booking
from events.services.booking_for_someone import LOOKUP_MISSED
from events.services.bookings import book_place
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text


def register_url(date):
    return reverse("events_register", args=[date.event.slug, date.pk])


def book_url(date):
    return reverse("events_book_for_someone", args=[date.event.slug, date.pk])


def test_staff_see_the_form_before_the_date_and_the_register_opens_at_the_start(staff_client, date):
    before = page_text(staff_client.get(register_url(date)))
    assert "Book a place for someone" in before
    assert "You can take the register from" in before and "Add walk-in" not in before
    with time_machine.travel(date.start + datetime.timedelta(minutes=1)):
        during = page_text(staff_client.get(register_url(date)))
    assert "Book a place for someone" not in during and "Add walk-in" in during


def test_hosts_take_the_register_but_do_not_book_for_people(host_client, date):
    assert "Book a place for someone" not in page_text(host_client.get(register_url(date)))
    response = host_client.post(book_url(date), {"has_account": "no", "name": "Dev"})
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_staff_book_a_member_found_by_their_exact_email(staff_client, staff, date, member):
    response = staff_client.post(
        book_url(date),
        {
            "has_account": "yes",
            "email": "ROSA@example.org",
            "access_needs": ["bsl_interpreter"],
            "access_notes": "Please face her when you speak.",
            "companion": "on",
        },
    )
    assert response.status_code == 302
    booking = Booking.objects.get(person=member)
    assert booking.booked_by == staff and booking.companions == 1
    assert booking.access_needs == ["bsl_interpreter"]
    register = page_text(staff_client.get(response["Location"]))
    assert "Booked: Rosa has a place on this date." in register
    assert "Rosa Sam from Leeds (staff)" in register


def test_staff_book_by_name_for_someone_without_an_account(staff_client, date):
    response = staff_client.post(book_url(date), {"has_account": "no", "name": "  Dev  Patel "})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.person is None and booking.walk_in_name == "Dev Patel"
    assert booking.walk_in is False and booking.attended is None
    assert "they have no account" in page_text(staff_client.get(register_url(date)))


def test_an_unknown_email_is_an_error_next_to_the_field_and_keeps_what_was_typed(
    staff_client, date
):
    response = staff_client.post(
        book_url(date),
        {"has_account": "yes", "email": "nobody@example.org", "access_notes": "Kept notes"},
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text and "No account has this e-mail address" in text
    assert 'value="nobody@example.org"' in response.content.decode() and "Kept notes" in text
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"has_account": "yes", "email": ""}, "Enter their e-mail address."),
        ({"has_account": "yes", "email": "not an address"}, "Enter an e-mail address"),
        ({"has_account": "no", "name": "  "}, "Enter their name."),
        ({}, "Choose whether they have an account."),
    ],
)
def test_what_is_missing_is_said_next_to_its_field(staff_client, date, data, error):
    response = staff_client.post(book_url(date), data)
    assert response.status_code == 400
    assert error in page_text(response)


def test_a_full_date_is_refused_with_the_services_words(staff_client, drop_in, date):
    for _ in range(date.capacity):
        book_place(person=PersonFactory(), occurrence=date)
    response = staff_client.post(book_url(date), {"has_account": "no", "name": "Dev"})
    assert response.status_code == 400
    assert "no places left" in page_text(response)


def test_booking_for_someone_after_the_start_is_refused(staff_client, date):
    with time_machine.travel(date.start + datetime.timedelta(minutes=1)):
        response = staff_client.post(book_url(date), {"has_account": "no", "name": "Dev"})
    assert response.status_code == 400
    assert "started" in page_text(response)
    assert not Booking.objects.exists()


def test_a_member_who_already_has_a_place_is_an_error_beside_the_form_that_keeps_what_was_typed(
    staff_client, date, member
):
    own = book_place(person=member, occurrence=date)
    response = staff_client.post(
        book_url(date),
        {
            "has_account": "yes",
            "email": "rosa@example.org",
            "access_needs": ["bsl_interpreter"],
            "access_notes": "Typed on the phone",
            "companion": "on",
        },
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text and "Rosa already has a place on this date" in text
    html = response.content.decode()
    assert 'id="id_email_error"' in html  # beside the address typed, linked from the summary
    assert 'value="rosa@example.org"' in html and "Typed on the phone" in text
    assert 'value="bsl_interpreter" id="id_access_needs_3" checked' in html
    own.refresh_from_db()
    assert own.companions == 0 and own.access_needs == [] and own.booked_by is None
    assert Booking.objects.count() == 1


def test_an_email_that_finds_nobody_is_in_the_audit_log_without_the_address(
    staff_client, staff, date
):
    staff_client.post(book_url(date), {"has_account": "yes", "email": "nobody@example.org"})
    entry = AuditLogEntry.objects.get(action=LOOKUP_MISSED)
    assert entry.actor == staff and entry.subject_id == date.pk
    assert "nobody" not in str(entry.data)


def test_looking_up_many_addresses_is_refused_with_429_and_keeps_the_form(
    staff_client, date, member, rate_limits
):
    rate_limits(account_lookup="2/3600")
    for address in ("one@example.org", "two@example.org"):
        response = staff_client.post(book_url(date), {"has_account": "yes", "email": address})
        assert response.status_code == 400
    response = staff_client.post(
        book_url(date), {"has_account": "yes", "email": "rosa@example.org", "access_notes": "Kept"}
    )
    assert response.status_code == 429
    text = page_text(response)
    assert "You are looking up many e-mail addresses." in text and "Kept" in text
    assert 'value="rosa@example.org"' in response.content.decode()
    assert not Booking.objects.exists()
    # Booking by name needs no look-up, so it is not held up.
    assert (
        staff_client.post(book_url(date), {"has_account": "no", "name": "Dev"}).status_code == 302
    )
