"""An event's page: details, access information, dates with places, calendar links, and what
only booked people (the joining link) or organisers (their tools) see."""

import pytest
from django.urls import reverse

from events.models import Event, Occurrence
from events.services.bookings import book_place
from tests.events.factories import EventFactory
from tests.factories import PersonFactory, advisor_of
from tests.frontend.conftest import page_text, signed_in
from tests.frontend.events.conftest import dates_of


def detail(event):
    return reverse("events_detail", args=[event.slug])


def test_event_page_shows_details_access_and_dates(client, drop_in, date):
    response = client.get(detail(drop_in))
    text = page_text(response)
    assert response.status_code == 200
    assert "Carers' drop-in" in text and "Drop-in run by Leeds Independent Living" in text
    # The description is stored as sanitised HTML and shown as it is.
    assert "<strong>contracts</strong>" in response.content.decode()
    assert "The venue has: Step-free access Hearing loop" in text
    assert "have not said the venue has: Accessible toilet BSL interpreter available" in text
    assert "Carers' Centre 1 Market Street, Leeds, LS1 1AA" in text
    assert "5 places left" in text
    assert "Book a place" in text


def test_event_page_offers_download_subscribe_and_google_calendar(client, drop_in, date, settings):
    settings.SITE_URL = "https://alongside.example.org"
    page = client.get(detail(drop_in)).content.decode()
    assert f'href="/events/{drop_in.slug}.ics" download' in page
    # Subscribe links use the site's public address, which calendar apps can reach.
    assert f'href="webcal://alongside.example.org/events/{drop_in.slug}.ics"' in page
    assert "https://calendar.google.com/calendar/r?cid=webcal" in page


def test_a_full_date_offers_the_waiting_list(client, drop_in):
    full = dates_of(drop_in, 1, capacity=1)[0]
    book_place(person=PersonFactory(), occurrence=full)
    text = page_text(client.get(detail(drop_in)))
    assert "Full" in text and "Join the waiting list" in text


def test_a_draft_is_only_for_its_organisation_staff(client, member_client, staff_client, org):
    draft = EventFactory(organisation=org, status=Event.Status.DRAFT, slug="draft-workshop")
    assert client.get(detail(draft)).status_code == 404
    assert member_client.get(detail(draft)).status_code == 404
    response = staff_client.get(detail(draft))
    assert response.status_code == 200
    assert "Draft: only staff can see this" in page_text(response)
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_unknown_event_is_not_found(client, db):
    assert client.get(reverse("events_detail", args=["nothing-here"])).status_code == 404


# ---- The joining link ----


@pytest.fixture
def online_date(online):
    return dates_of(online, 1)[0]


def test_joining_link_is_hidden_from_people_without_a_place(
    client, member_client, online, online_date
):
    for viewer in (client, member_client):
        page = viewer.get(detail(online)).content.decode()
        assert "secret-room" not in page
        assert "We show you how to join after you book a place" in page


def test_joining_link_is_shown_to_people_with_a_place(member_client, member, online, online_date):
    book_place(person=member, occurrence=online_date)
    page = member_client.get(detail(online)).content.decode()
    assert 'href="https://meet.example/secret-room"' in page
    # And in their bookings.
    assert "secret-room" in member_client.get(reverse("events_my_bookings")).content.decode()


def test_joining_link_is_shown_to_staff_and_hosts(staff_client, online, online_date, org):
    from tests.factories import advisor_of

    host = advisor_of(org, display_name="Online Host")
    online.hosts.add(host)
    assert "secret-room" in staff_client.get(detail(online)).content.decode()
    assert "secret-room" in signed_in(host).get(detail(online)).content.decode()


def test_a_booked_person_on_another_date_does_not_get_this_dates_link(
    member_client, member, online
):
    first, second = dates_of(online, 2)
    book_place(person=member, occurrence=first)
    page = member_client.get(detail(online)).content.decode()
    assert page.count("secret-room") == 1


def test_a_dates_own_host_gets_the_link_and_register_of_that_date_only(online, org):
    first, second = dates_of(online, 2)
    stand_in = advisor_of(org, display_name="Stand-in Host")
    Occurrence.objects.filter(pk=second.pk).update(host=stand_in)
    page = signed_in(stand_in).get(detail(online)).content.decode()
    assert page.count("secret-room") == 1
    assert reverse("events_register", args=[online.slug, second.pk]) in page
    assert reverse("events_register", args=[online.slug, first.pk]) not in page


# ---- Organisers' tools ----


def test_organiser_tools_are_for_staff_only(
    member_client, staff_client, other_staff_client, drop_in, date
):
    assert "For organisers" not in page_text(member_client.get(detail(drop_in)))
    assert "For organisers" not in page_text(other_staff_client.get(detail(drop_in)))
    text = page_text(staff_client.get(detail(drop_in)))
    assert "For organisers" in text
    assert "Open the register" in text and "Move this date" in text and "Cancel this date" in text


def test_hosts_see_the_register_and_their_date_tools_but_not_the_staff_tools(
    host_client, drop_in, date
):
    text = page_text(host_client.get(detail(drop_in)))
    assert "Open the register" in text
    assert "Move this date" in text and "Cancel this date" in text and "Add a note" in text
    assert "Change the details" not in text and "Change this date" not in text


def test_other_peoples_access_needs_never_show_on_the_event_page(member_client, drop_in, date):
    book_place(
        person=PersonFactory(display_name="Someone Else"),
        occurrence=date,
        access_needs=["bsl_interpreter"],
        access_notes="I lip-read as well",
    )
    page = member_client.get(detail(drop_in)).content.decode()
    assert "lip-read" not in page and "Someone Else" not in page


# ---- Query counts ----


@pytest.mark.parametrize("how_many", [3, 30])
def test_event_page_queries_do_not_grow_with_dates_for_the_public(
    client, drop_in, django_assert_num_queries, how_many
):
    dates_of(drop_in, how_many)
    # The event with its organisation, themes, hosts, series; the dates with places.
    with django_assert_num_queries(5):
        assert client.get(detail(drop_in)).status_code == 200


@pytest.mark.parametrize("how_many", [3, 30])
def test_event_page_queries_do_not_grow_with_dates_or_bookings_for_a_member(
    member_client, member, drop_in, django_assert_num_queries, how_many, rate_limits
):
    rate_limits(booking="1000/600")  # the member books every date
    for date in dates_of(drop_in, how_many):
        book_place(person=member, occurrence=date)
        book_place(person=PersonFactory(), occurrence=date)
    # Event, themes, hosts, series; session and person; the staff check (asked by the dates
    # selector and by the page); dates; host check; the member's bookings; their waiting-list
    # places; the header's unread count.
    with django_assert_num_queries(14):
        assert member_client.get(detail(drop_in)).status_code == 200
