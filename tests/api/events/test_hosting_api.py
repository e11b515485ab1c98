"""The API for hosts and staff: the dates I host, hosts moving, cancelling and noting their
dates, staff booking a place for someone, the register's rows (whom the place is for, who booked
it), the register opening at the start, and publishing only with dates."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from community.models import AuditLogEntry, Notification
from events.models import Booking, Event
from events.services.booking_for_someone import LOOKUP_MISSED
from events.services.bookings import book_place
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import PersonFactory, advisor_of, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(event):
    person = advisor_of(event.organisation)
    event.hosts.add(person)
    return person


def test_the_dates_i_host_coming_and_past(signed_in, event, host, occurrence):
    past = OccurrenceFactory(event=event, start=uk_time(-7), end=uk_time(-7, hour=12))
    OccurrenceFactory(event=EventFactory())
    book_place(person=PersonFactory(), occurrence=occurrence)
    client = signed_in(host)

    coming = client.get(reverse("api:hosting"))
    assert coming.status_code == 200
    assert [row["id"] for row in coming.json()["results"]] == [occurrence.pk]
    assert coming.json()["results"][0]["places_left"] == occurrence.capacity - 1
    before = client.get(reverse("api:hosting"), {"past": "1"}).json()["results"]
    assert [row["id"] for row in before] == [past.pk]


def test_the_dates_i_host_need_signing_in(client):
    assert client.get(reverse("api:hosting")).status_code in (401, 403)


def test_a_host_moves_cancels_and_notes_her_dates_through_the_api(signed_in, event, host):
    first = OccurrenceFactory(event=event, start=uk_time(5), end=uk_time(5, hour=12))
    second = OccurrenceFactory(event=event, start=uk_time(12), end=uk_time(12, hour=12))
    booked = PersonFactory()
    book_place(person=booked, occurrence=first)
    client = signed_in(host)

    later = first.start + datetime.timedelta(minutes=30)
    moved = client.post(
        reverse("api:occurrence-move", args=[first.pk]),
        {
            "start": later.isoformat(),
            "end": (later + datetime.timedelta(hours=2)).isoformat(),
            "reason": "The hall opens late.",
        },
    )
    assert moved.status_code == 200 and moved.json()["change_reason"] == "The hall opens late."
    noted = client.post(reverse("api:occurrence-note", args=[first.pk]), {"note": "Room 2."})
    assert noted.status_code == 200 and noted.json()["note"] == "Room 2."
    messages = Notification.objects.filter(recipient=booked).values_list("message", flat=True)
    assert any(m.endswith("The hall opens late.") for m in messages)
    assert any(m.endswith(": Room 2.") for m in messages)

    cancelled = client.post(reverse("api:occurrence-cancel", args=[second.pk]), {"reason": "Ill"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_a_note_too_long_is_a_400_with_its_code(signed_in, host, occurrence):
    response = signed_in(host).post(
        reverse("api:occurrence-note", args=[occurrence.pk]), {"note": "x" * 301}
    )
    assert response.status_code == 400 and response.json()["code"] == "note_too_long"


def test_people_who_do_not_host_cannot_note_move_or_cancel(signed_in, event, occurrence):
    client = signed_in(advisor_of(event.organisation))
    assert (
        client.post(reverse("api:occurrence-note", args=[occurrence.pk]), {"note": "x"}).status_code
        == 403
    )
    assert client.post(reverse("api:occurrence-cancel", args=[occurrence.pk])).status_code == 403


def test_staff_book_a_member_by_email_or_someone_by_name(signed_in, event, occurrence):
    staff = staff_of(event.organisation, display_name="Pat Staff")
    member = PersonFactory(display_name="Meg", email="meg@example.org")
    client = signed_in(staff)
    url = reverse("api:occurrence-bookings", args=[occurrence.pk])

    by_email = client.post(
        url, {"email": "Meg@Example.org", "access_needs": ["step_free"]}, format="json"
    )
    assert by_email.status_code == 201, by_email.json()
    assert by_email.json()["place_for"] == "Meg"
    assert by_email.json()["booked_by"] == "Pat Staff" and by_email.json()["booked_by_staff"]
    assert Booking.objects.get(person=member).booked_by == staff

    by_name = client.post(url, {"name": "Dev", "companions": 1}, format="json")
    assert by_name.status_code == 201 and by_name.json()["place_for"] == "Dev"

    unknown = client.post(url, {"email": "nobody@example.org"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "no_account"
    nameless = client.post(url, {}, format="json")
    assert nameless.status_code == 400 and nameless.json()["code"] == "name_needed"

    rows = client.get(reverse("api:register", args=[occurrence.pk])).json()
    assert {(row["place_for"], row["booked_by"]) for row in rows} == {
        ("Meg", "Pat Staff"),
        ("Dev", "Pat Staff"),
    }


def test_hosts_cannot_book_for_people_nor_learn_whether_an_address_has_an_account(
    signed_in, host, occurrence
):
    PersonFactory(email="meg@example.org")
    response = signed_in(host).post(
        reverse("api:occurrence-bookings", args=[occurrence.pk]),
        {"email": "meg@example.org"},
        format="json",
    )
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"


def test_a_member_who_already_has_a_place_is_400_already_booked_and_keeps_their_booking(
    signed_in, event, occurrence
):
    member = PersonFactory(display_name="Meg", email="meg@example.org")
    own = book_place(person=member, occurrence=occurrence)
    response = signed_in(staff_of(event.organisation)).post(
        reverse("api:occurrence-bookings", args=[occurrence.pk]),
        {"email": "meg@example.org", "companions": 2, "access_notes": "Phoned in"},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "already_booked"
    assert "Meg already has a place on this date" in response.json()["detail"]
    assert list(response.json()["fields"]) == ["email"]  # the field the client sent
    own.refresh_from_db()
    assert (own.companions, own.access_notes, own.booked_by) == (0, "", None)


def test_email_look_ups_are_limited_per_staff_member_and_misses_audited_without_the_address(
    signed_in, event, occurrence, rate_limits
):
    rate_limits(account_lookup="2/3600")
    staff = staff_of(event.organisation)
    PersonFactory(email="meg@example.org")
    client = signed_in(staff)
    url = reverse("api:occurrence-bookings", args=[occurrence.pk])
    for address in ("one@example.org", "two@example.org"):
        miss = client.post(url, {"email": address}, format="json")
        assert miss.status_code == 400 and miss.json()["code"] == "no_account"
    refused = client.post(url, {"email": "meg@example.org"}, format="json")
    assert refused.status_code == 429 and refused.json()["code"] == "too_fast"
    assert int(refused["Retry-After"]) > 0
    assert not Booking.objects.exists()
    misses = AuditLogEntry.objects.filter(action=LOOKUP_MISSED)
    assert [entry.actor for entry in misses] == [staff, staff]
    assert all("example.org" not in str(entry.data) for entry in misses)


def test_the_register_opens_at_the_start_of_the_date(signed_in, host, occurrence):
    booking = book_place(person=PersonFactory(), occurrence=occurrence)
    client = signed_in(host)
    url = reverse("api:register-attendance", args=[occurrence.pk, booking.pk])
    early = client.patch(url, {"attended": True}, format="json")
    assert early.status_code == 400 and early.json()["code"] == "not_started"
    walk_in = client.post(reverse("api:register-walk-in", args=[occurrence.pk]), {"name": "Bea"})
    assert walk_in.status_code == 400 and walk_in.json()["code"] == "not_started"
    with time_machine.travel(occurrence.start):
        assert client.patch(url, {"attended": True}, format="json").status_code == 200


def test_an_event_with_no_dates_cannot_be_published(signed_in, organisation):
    event = EventFactory(organisation=organisation, status=Event.Status.DRAFT)
    response = signed_in(staff_of(organisation)).post(
        reverse("api:event-publish", args=[event.slug])
    )
    assert response.status_code == 400 and response.json()["code"] == "no_dates"
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
