"""Reporting an event, and an event hidden by moderation, as the pages show it: a Report link on
the page for people signed in; a hidden event gone from the lists, the calendar and the feeds,
its page 404 for everyone but its organisation's staff and moderators, who see it marked."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from events.services.bookings import book_place
from tests.events.factories import EventFactory
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text, signed_in
from tests.frontend.events.conftest import dates_of

KIND = reportable_kind("event")


def detail(event):
    return reverse("events_detail", args=[event.slug])


@pytest.fixture
def moderator_client(db):
    return signed_in(PersonFactory(display_name="Mo Moderator", is_moderator=True))


def hide(event, visibility=Visibility.HIDDEN):
    KIND.set_visibility(event.pk, visibility, None)


def test_the_event_page_has_a_report_link_for_people_signed_in(member_client, client, drop_in):
    page = member_client.get(detail(drop_in)).content.decode()
    report = reverse("report_concern", args=["event", drop_in.pk])
    assert f'href="{report}"' in page
    assert 'Report<span class="visually-hidden"> this event</span>' in page
    assert report not in client.get(detail(drop_in)).content.decode()


def test_a_hidden_event_page_is_not_found_for_visitors_members_and_people_booked(
    client, member, member_client, drop_in, date
):
    book_place(person=member, occurrence=date)
    hide(drop_in)
    assert client.get(detail(drop_in)).status_code == 404
    assert member_client.get(detail(drop_in)).status_code == 404
    assert client.get(f"/events/{drop_in.slug}.ics").status_code == 404
    # Their place stays on their own bookings page, without a link to the hidden page.
    bookings = member_client.get(reverse("events_my_bookings"))
    assert "Carers' drop-in" in page_text(bookings)
    assert "A moderator has hidden this event's page for now." in page_text(bookings)
    assert detail(drop_in) not in bookings.content.decode()


@pytest.mark.parametrize(
    "visibility, words",
    [
        (Visibility.HIDDEN, "Hidden by a moderator."),
        (Visibility.HELD, "Hidden while a moderator looks at it."),
    ],
)
def test_staff_and_moderators_see_a_hidden_event_marked_with_its_dates(
    staff_client, moderator_client, drop_in, date, visibility, words
):
    hide(drop_in, visibility)
    for client in (staff_client, moderator_client):
        response = client.get(detail(drop_in))
        text = page_text(response)
        assert response.status_code == 200
        assert words in text
        assert "People booked keep their places." in text
        assert f'id="date-{date.pk}"' in response.content.decode()
        assert "Add to your calendar" not in text  # its feed is gone
        assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_a_hidden_event_leaves_the_find_page_and_the_month_calendar(client, drop_in, date):
    month = f"{timezone.localtime(date.start):%Y-%m}"
    assert "Carers' drop-in" in page_text(client.get(reverse("events")))
    hide(drop_in)
    assert "Carers' drop-in" not in page_text(client.get(reverse("events")))
    calendar = client.get(reverse("events_calendar"), {"month": month})
    assert "Carers' drop-in" not in page_text(calendar)


def test_the_find_page_costs_the_same_with_hidden_events(
    client, org, django_assert_max_num_queries
):
    shown = EventFactory(organisation=org, title="Shown workshop")
    dates_of(shown, 2)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("events")).status_code == 200
    for number in range(5):
        hidden = EventFactory(organisation=org, title=f"Hidden {number}")
        dates_of(hidden, 2)
        hide(hidden)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("events"))
    assert "Shown workshop" in page_text(response)
    assert "Hidden 0" not in page_text(response)


def test_the_staff_dashboard_still_lists_a_hidden_events_dates(staff_client, drop_in, date):
    hide(drop_in)
    response = staff_client.get(reverse("events_dashboard", args=[drop_in.organisation.slug]))
    assert "Carers' drop-in" in page_text(response)
