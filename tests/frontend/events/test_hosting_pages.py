"""Hosts' pages: "Sessions I host" (coming and past dates with places and registers), the header
links to it and to the events dashboards, hosts moving, cancelling and noting their dates (the
reason reaches everyone booked), and publishing only with dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Notification
from events.models import Event
from events.services.bookings import book_place
from tests.events.factories import OccurrenceFactory, uk_time
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.frontend.conftest import page_text, signed_in
from tests.frontend.events.conftest import dates_of

HOSTING = reverse("events_hosting")


def _told(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).values_list("message", flat=True))


def test_sessions_i_host_lists_coming_and_past_dates_with_places_and_tools(
    host_client, drop_in, date
):
    book_place(person=PersonFactory(), occurrence=date, companions=1)
    OccurrenceFactory(event=drop_in, start=uk_time(-14), end=uk_time(-14, hour=12))
    response = host_client.get(HOSTING)
    assert response.status_code == 200
    text = page_text(response)
    assert "Sessions I host" in text and "Carers' drop-in" in text
    assert "Places taken 2 of 5" in text and "Places left 3" in text
    for name in ("events_register", "events_occurrence_move", "events_occurrence_cancel"):
        assert reverse(name, args=[drop_in.slug, date.pk]) in response.content.decode()
    assert reverse("events_occurrence_note", args=[drop_in.slug, date.pk]) in (
        response.content.decode()
    )
    assert "Sessions you hosted" in text and "No past sessions yet" not in text


def test_sessions_i_host_is_empty_for_someone_who_hosts_nothing(member_client):
    text = page_text(member_client.get(HOSTING))
    assert "You have no sessions to host coming up." in text and "No past sessions yet." in text


def test_sessions_i_host_needs_signing_in(client):
    assert client.get(HOSTING).status_code == 302


@pytest.mark.parametrize("how_many", [2, 20])
def test_sessions_i_host_queries_do_not_grow_with_dates(
    host, drop_in, django_assert_num_queries, how_many
):
    for date in dates_of(drop_in, how_many):
        book_place(person=PersonFactory(), occurrence=date)
    for weeks in range(1, how_many + 1):
        OccurrenceFactory(event=drop_in, start=uk_time(-7 * weeks), end=uk_time(-7 * weeks, 12))
    host_client = signed_in(host)
    # Session, person; the coming dates; the past dates; the header's unread chat and
    # notification counts.
    with django_assert_num_queries(6):
        assert host_client.get(HOSTING).status_code == 200


def test_the_header_links_sessions_i_host_for_hosts_only(host_client, member_client, drop_in):
    assert "Sessions I host" in page_text(host_client.get(reverse("events")))
    assert "Sessions I host" not in page_text(member_client.get(reverse("events")))
    my_bookings = page_text(host_client.get(reverse("events_my_bookings")))
    assert "are on Sessions I host" in my_bookings


def test_the_header_links_the_events_dashboard_of_each_organisation_for_its_staff(
    staff_client, member_client, staff, org
):
    page = staff_client.get(reverse("events")).content.decode()
    assert reverse("events_dashboard", args=[org.slug]) in page and "Events dashboard" in page
    assert "Events dashboard" not in member_client.get(reverse("events")).content.decode()

    second = OrganisationFactory(name="Bradford Carers", slug="bradford-carers")
    MembershipFactory(person=staff, organisation=second, role="staff")
    text = page_text(signed_in(staff).get(reverse("events")))
    assert "Events: Bradford Carers" in text and "Events: Leeds Independent Living" in text


def test_a_host_moves_her_session_by_30_minutes_and_the_booked_get_the_reason(
    host_client, drop_in, date, member, django_capture_on_commit_callbacks
):
    book_place(person=member, occurrence=date)
    local = timezone.localtime(date.start) + datetime.timedelta(minutes=30)
    url = reverse("events_occurrence_move", args=[drop_in.slug, date.pk])
    assert "Move a date" in page_text(host_client.get(url))
    data = {
        "date": local.date().isoformat(),
        "start_time": f"{local:%H:%M}",
        "end_time": f"{local + datetime.timedelta(hours=2):%H:%M}",
        "reason": "The hall is ours from 10:30.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client.post(url, data)
    assert response.status_code == 302 and response["Location"] == HOSTING
    date.refresh_from_db()
    assert timezone.localtime(date.start) == local
    (message,) = _told(member)
    assert message.startswith("Moved:") and "The hall is ours from 10:30." in message


def test_a_host_cancels_her_session(host_client, drop_in, date, member):
    book_place(person=member, occurrence=date)
    url = reverse("events_occurrence_cancel", args=[drop_in.slug, date.pk])
    response = host_client.post(url, {"reason": "I am unwell."})
    assert response.status_code == 302
    date.refresh_from_db()
    assert date.is_cancelled
    assert _told(member)[0].endswith("I am unwell.")


def test_a_host_adds_a_note_shown_beside_the_date_and_told_to_the_booked(
    host_client, drop_in, date, member
):
    book_place(person=member, occurrence=date)
    url = reverse("events_occurrence_note", args=[drop_in.slug, date.pk])
    assert "Add a note to a date" in page_text(host_client.get(url))
    response = host_client.post(url, {"note": "We are in room 2 this week."})
    assert response.status_code == 302
    detail = page_text(host_client.get(reverse("events_detail", args=[drop_in.slug])))
    assert "Note: We are in room 2 this week." in detail
    assert "Change the note" in detail
    assert _told(member)[0].endswith(": We are in room 2 this week.")


def test_a_note_too_long_keeps_what_was_typed(host_client, drop_in, date):
    url = reverse("events_occurrence_note", args=[drop_in.slug, date.pk])
    response = host_client.post(url, {"note": "Long " * 70})
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text and "300 characters or fewer" in text
    assert "Long Long" in text


@pytest.mark.parametrize("who", ["member_client", "other_staff_client"])
def test_people_who_do_not_host_the_date_cannot_change_it(request, who, drop_in, date):
    viewer = request.getfixturevalue(who)
    for name in ("events_occurrence_note", "events_occurrence_move", "events_occurrence_cancel"):
        url = reverse(name, args=[drop_in.slug, date.pk])
        assert viewer.get(url).status_code == 403
        assert viewer.post(url, {"note": "x", "reason": "x"}).status_code == 403
    date.refresh_from_db()
    assert not date.is_cancelled and date.note == ""


def test_a_draft_with_no_dates_cannot_be_published_from_the_edit_page(staff_client, org):
    event = Event.objects.create(
        organisation=org,
        title="Your first support plan",
        slug="your-first-support-plan",
        status=Event.Status.DRAFT,
        format=Event.Format.IN_PERSON,
        last_modified=timezone.now(),
    )
    url = reverse("events_edit", args=[event.slug])
    data = {
        "title": "Your first support plan (new)",
        "kind": "workshop",
        "audience": "everyone",
        "format": "in_person",
        "capacity": "12",
        "publish": "on",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 400
    text = page_text(response)
    assert "Add a date before you publish this event." in text
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT and event.title == "Your first support plan"


def test_staff_still_see_every_tool_for_a_date(staff_client, drop_in, date):
    text = page_text(staff_client.get(reverse("events_detail", args=[drop_in.slug])))
    assert "Change this date" in text and "Add a note" in text
