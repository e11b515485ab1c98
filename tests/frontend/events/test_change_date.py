"""The "Change this date" page: staff give one date another host (or none but the event's own)
and another number of places; errors sit next to their fields."""

import html
import re

import pytest
from django.urls import reverse

from events.models import Occurrence
from events.notification_kinds import OCCURRENCE_CHANGED
from events.services.bookings import book_place
from events.services.occurrences import cancel_occurrence
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of
from tests.frontend.conftest import page_text
from tests.frontend.events.conftest import dates_of


def change_url(event, occurrence) -> str:
    return reverse("events_occurrence_change", args=[event.slug, occurrence.pk])


@pytest.fixture
def helper(org):
    return advisor_of(org, display_name="Hana Helper")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("client", False),
        ("member_client", False),
        ("other_staff_client", False),
        ("host_client", False),
        ("staff_client", True),
    ],
)
def test_the_change_page_is_for_the_organisations_staff(request, who, allowed, drop_in, date):
    viewer = request.getfixturevalue(who)
    refused = 302 if who == "client" else 403  # signed-out people are sent to sign in
    response = viewer.get(change_url(drop_in, date))
    assert response.status_code == (200 if allowed else refused)
    response = viewer.post(change_url(drop_in, date), {"host": "", "capacity": "50"})
    assert response.status_code == (302 if allowed else refused)
    date.refresh_from_db()
    assert date.capacity == (50 if allowed else 5)


def test_the_change_page_offers_the_organisations_people_and_shows_the_date_as_it_is(
    staff_client, drop_in, date, helper, staff
):
    PersonFactory(display_name="Stranger Danger")
    staff_of(OrganisationFactory(), display_name="Elsewhere Staff")
    page = staff_client.get(change_url(drop_in, date)).content.decode()
    options = [
        (value, html.unescape(label))
        for value, label in re.findall(r'<option value="(\d*)"[^>]*>([^<]+)</option>', page)
    ]
    assert options == [
        ("", "The event's usual hosts"),
        (str(helper.pk), "Hana Helper"),
        (str(staff.pk), "Sam from Leeds"),
    ]
    assert 'name="capacity" value="5"' in page


def test_staff_give_a_date_another_host_and_everyone_booked_is_told(
    staff_client, drop_in, date, helper, member
):
    book_place(person=member, occurrence=date)
    response = staff_client.post(
        change_url(drop_in, date), {"host": str(helper.pk), "capacity": "8"}
    )

    assert response.status_code == 302
    assert (
        response["Location"] == reverse("events_detail", args=[drop_in.slug]) + f"#date-{date.pk}"
    )
    date.refresh_from_db()
    assert date.host == helper and date.capacity == 8 and date.sequence == 1
    assert member.notifications.get(kind=OCCURRENCE_CHANGED.code).message.startswith("New host")
    text = page_text(staff_client.get(response["Location"]))
    assert "This date is changed. We have told everyone booked and waiting." in text


def test_choosing_the_usual_hosts_clears_the_dates_own_host(staff_client, drop_in, date, helper):
    Occurrence.objects.filter(pk=date.pk).update(host=helper)
    page = staff_client.get(change_url(drop_in, date)).content.decode()
    assert f'<option value="{helper.pk}" selected>' in page

    staff_client.post(change_url(drop_in, date), {"host": "", "capacity": "5"})

    date.refresh_from_db()
    assert date.host is None


def test_too_few_places_is_shown_next_to_the_field_and_keeps_what_was_typed(
    staff_client, drop_in, date, helper
):
    for _ in range(3):
        book_place(person=PersonFactory(), occurrence=date)

    data = {"host": str(helper.pk), "capacity": "2"}
    response = staff_client.post(change_url(drop_in, date), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    error = re.search(r'id="id_capacity_error">(.*?)</p>', page, re.S).group(1)
    assert "More places are already booked than that." in error
    assert 'name="capacity" value="2"' in page
    assert f'<option value="{helper.pk}" selected>' in page
    date.refresh_from_db()
    assert date.capacity == 5 and date.host is None


def test_someone_from_outside_the_organisation_cannot_be_chosen(staff_client, drop_in, date):
    outsider = PersonFactory()
    response = staff_client.post(
        change_url(drop_in, date), {"host": str(outsider.pk), "capacity": "5"}
    )
    assert response.status_code == 400
    error = re.search(r'id="id_host_error">(.*?)</p>', response.content.decode(), re.S).group(1)
    assert "Choose a host from the list." in error
    date.refresh_from_db()
    assert date.host is None


def test_a_cancelled_date_cannot_be_changed(staff_client, staff, drop_in, date):
    cancel_occurrence(canceller=staff, occurrence=date)
    response = staff_client.post(change_url(drop_in, date), {"host": "", "capacity": "9"})
    assert response.status_code == 400
    assert "A cancelled date cannot be changed." in page_text(response)


def test_the_event_page_and_the_dashboard_link_to_the_change_page_for_staff_only(
    staff_client, host_client, org, drop_in, date
):
    url = change_url(drop_in, date)
    event_page = reverse("events_detail", args=[drop_in.slug])
    assert f'href="{url}"' in staff_client.get(event_page).content.decode()
    assert f'href="{url}"' not in host_client.get(event_page).content.decode()
    dashboard = staff_client.get(reverse("events_dashboard", args=[org.slug]))
    assert f'href="{url}"' in dashboard.content.decode()


@pytest.mark.parametrize("how_many", [1, 10])
def test_the_change_page_costs_the_same_queries_however_many_people_and_bookings(
    staff_client, org, drop_in, django_assert_num_queries, how_many
):
    date = dates_of(drop_in, 1, capacity=50)[0]
    for _ in range(how_many):
        advisor_of(org)
        book_place(person=PersonFactory(), occurrence=date)
    # Session and person; the event with its themes, hosts and series; the staff check; the date
    # with its places; the possible hosts; the header's unread count.
    with django_assert_num_queries(11):
        assert staff_client.get(change_url(drop_in, date)).status_code == 200
