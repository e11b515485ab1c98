"""The register of one date: for the organisation's staff and the hosts, with access needs;
marking who came, walk-ins, and the CSV download."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from events.models import Booking
from events.services.bookings import book_place
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text
from tests.frontend.events.conftest import dates_of


def register_url(date):
    return reverse("events_register", args=[date.event.slug, date.pk])


@pytest.fixture
def booked(date):
    return book_place(
        person=PersonFactory(display_name="Jo Booked"),
        occurrence=date,
        companions=1,
        for_person_name="Mum",
        access_needs=["bsl_interpreter"],
        access_notes="Please face me when you speak",
    )


@pytest.fixture
def started(date):
    """The date has begun: the register can be taken."""
    with time_machine.travel(date.start + datetime.timedelta(minutes=5)):
        yield


def test_register_shows_booked_people_with_their_access_needs_to_staff_and_hosts(
    staff_client, host_client, date, booked
):
    for viewer in (staff_client, host_client):
        response = viewer.get(register_url(date))
        assert response.status_code == 200
        text = page_text(response)
        assert "Place for Booked by" in text and "Mum Jo Booked" in text
        assert "BSL interpreter" in text and "Please face me when you speak" in text
        assert "Places taken 2" in text


@pytest.mark.parametrize("who", ["member_client", "other_staff_client"])
def test_register_is_forbidden_to_everyone_else(request, who, date, booked):
    viewer = request.getfixturevalue(who)
    for url in (
        register_url(date),
        reverse("events_register_csv", args=[date.event.slug, date.pk]),
    ):
        response = viewer.get(url)
        assert response.status_code == 403
        assert "Please face me" not in response.content.decode()


def test_register_sends_people_who_are_not_signed_in_to_log_in(client, date):
    response = client.get(register_url(date))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_marking_who_came_and_who_did_not(staff_client, date, booked, started):
    url = reverse("events_mark_attendance", args=[date.event.slug, date.pk, booked.pk])
    response = staff_client.post(url, {"attended": "yes"})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.attended is True
    assert "Mum came" in page_text(staff_client.get(response["Location"]))
    staff_client.post(url, {"attended": "no"})
    booked.refresh_from_db()
    assert booked.attended is False


def test_marking_needs_a_choice(staff_client, date, booked):
    url = reverse("events_mark_attendance", args=[date.event.slug, date.pk, booked.pk])
    response = staff_client.post(url, {"attended": "maybe"})
    assert response.status_code == 400
    assert "Choose Came or Did not come." in page_text(response)


def test_a_member_cannot_mark_attendance(member_client, date, booked):
    url = reverse("events_mark_attendance", args=[date.event.slug, date.pk, booked.pk])
    assert member_client.post(url, {"attended": "yes"}).status_code == 403
    booked.refresh_from_db()
    assert booked.attended is None


def test_adding_a_walk_in(host_client, date, started):
    url = reverse("events_walk_in", args=[date.event.slug, date.pk])
    response = host_client.post(url, {"name": "Ali", "companions": "1"})
    assert response.status_code == 302
    walk_in = Booking.objects.get(walk_in=True)
    assert walk_in.walk_in_name == "Ali" and walk_in.attended is True and walk_in.companions == 1


def test_a_walk_in_without_a_name_shows_the_error_on_the_register(
    staff_client, date, booked, started
):
    url = reverse("events_walk_in", args=[date.event.slug, date.pk])
    response = staff_client.post(url, {"name": "", "companions": "0"})
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text and "Enter a name for the person who walked in" in text
    assert "Jo Booked" in text


def test_register_csv_download(staff_client, date, booked):
    response = staff_client.get(reverse("events_register_csv", args=[date.event.slug, date.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert "Place for,Booked by,Companions" in body
    assert "Mum,Jo Booked,1,BSL interpreter,Please face me when you speak,no," in body


@pytest.mark.parametrize("how_many", [3, 30])
def test_register_queries_do_not_grow_with_bookings(
    staff_client, drop_in, django_assert_num_queries, how_many
):
    drop_in.capacity = 100
    drop_in.save()
    date = dates_of(drop_in, 1, capacity=how_many)[0]
    for _ in range(how_many):
        book_place(person=PersonFactory(), occurrence=date, access_needs=["step_free"])
    book_place(person=PersonFactory(), occurrence=date, wait_if_full=True)
    # Session, person; event (+themes, hosts, series); the date; the register check (staff);
    # the register; the waiting list; the booking-for-someone check (staff, before the date);
    # the header's unread count.
    with django_assert_num_queries(13):
        assert staff_client.get(register_url(date)).status_code == 200
