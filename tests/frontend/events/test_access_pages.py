"""The access to-do pages (issue 12, point 4): staff see "To arrange" on their events dashboard
and a page of every need, answer each one (arranged, or it cannot be, with a message), and the
booker sees the answer on My bookings. Query counts do not grow with the number of items."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Notification
from events.models import AccessRequest, Booking
from events.notification_kinds import ACCESS_ANSWERED
from events.services.access_requests import answer_access_request
from tests.events.test_access_to_arrange import NOW, TUESDAY, booked, budget_basics, date_of
from tests.factories import OrganisationFactory, PersonFactory, staff_of
from tests.frontend.conftest import page_text, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def workshop(org):
    return budget_basics(org)


@pytest.fixture
def tuesday(workshop):
    return date_of(workshop)


@pytest.fixture
def sam(db):
    return PersonFactory(display_name="Sam")


def access_page(org, **query) -> str:
    url = reverse("events_access_requests", args=[org.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def answer_page(item: AccessRequest) -> str:
    organisation = item.booking.occurrence.event.organisation
    return reverse("events_access_answer", args=[organisation.slug, item.pk])


def carer_booking(occurrence, capture, sam, **fields) -> Booking:
    fields.setdefault("needs", ["bsl_interpreter"])
    return booked(occurrence, capture, person=sam, for_person_name="Mary", **fields)


# ---- The dashboard ----


def test_staff_see_what_is_to_arrange_on_their_dashboard_soonest_first(
    staff_client, org, workshop, tuesday, sam, django_capture_on_commit_callbacks
):
    later = date_of(workshop, TUESDAY + datetime.timedelta(days=7))
    booked(later, django_capture_on_commit_callbacks, person=sam, needs=["large_print"])
    carer_booking(tuesday, django_capture_on_commit_callbacks, sam)

    response = staff_client.get(reverse("events_dashboard", args=[org.slug]))

    text = page_text(response)
    assert "To arrange" in text
    assert "2 access needs to arrange" in text
    assert text.index("BSL interpreter for Mary") < text.index("Large print for Sam")
    assert "See all access needs to arrange (2)" in text


def test_the_dashboard_says_when_nothing_is_to_arrange(staff_client, org):
    text = page_text(staff_client.get(reverse("events_dashboard", args=[org.slug])))
    assert "To arrange Nothing to arrange." in text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dashboard_and_the_list_cost_the_same_queries_for_one_item_or_six(
    staff_client, org, workshop, django_capture_on_commit_callbacks
):
    dashboard = reverse("events_dashboard", args=[org.slug])

    def add_items(how_many):
        for n in range(how_many):
            date = date_of(workshop, TUESDAY + datetime.timedelta(days=n))
            booked(
                date,
                django_capture_on_commit_callbacks,
                person=PersonFactory(),
                for_person_name=f"Guest {n}" if n % 2 else "",
                needs=["bsl_interpreter", "easy_read"],
                notes="Please face me." if n % 3 == 0 else "",
            )

    add_items(1)
    first = {url: _queries(staff_client, url) for url in (dashboard, access_page(org))}
    add_items(5)
    assert {url: _queries(staff_client, url) for url in (dashboard, access_page(org))} == first
    booked(
        date_of(workshop),
        django_capture_on_commit_callbacks,
        booked_by=org.memberships.first().person,
        name="Ken Phone",
        needs=["large_print"],
    )
    assert _queries(staff_client, access_page(org)) == first[access_page(org)]


# ---- The list ----


def test_the_list_shows_each_need_with_its_date_whom_it_is_for_and_an_answer_form(
    staff_client, org, tuesday, sam, django_capture_on_commit_callbacks
):
    carer_booking(
        tuesday, django_capture_on_commit_callbacks, sam, notes="Mum needs a chair with arms."
    )
    response = staff_client.get(access_page(org))
    text = page_text(response)
    assert "BSL interpreter for Mary" in text
    assert "Budget basics , Tuesday 5 January at 10:00" in text
    assert "Place for Mary (booked by Sam)" in text
    assert "What they wrote Mum needs a chair with arms." in text
    page = response.content.decode()
    item = AccessRequest.objects.get(need="bsl_interpreter")
    assert f'action="{answer_page(item)}"' in page
    assert f'id="id_access-{item.pk}-status_0"' in page
    assert "Save answer" in text


def test_a_place_booked_by_name_says_to_tell_them_by_phone(
    staff_client, org, staff, tuesday, django_capture_on_commit_callbacks
):
    booked(
        tuesday,
        django_capture_on_commit_callbacks,
        booked_by=staff,
        name="Ken Phone",
        needs=["large_print"],
    )
    text = page_text(staff_client.get(access_page(org)))
    assert "Large print for Ken Phone" in text
    assert "Tell them by phone." in text


def test_the_answered_list_shows_the_answer_and_a_link_to_change_it(
    staff_client, org, staff, tuesday, sam, django_capture_on_commit_callbacks
):
    booking = carer_booking(tuesday, django_capture_on_commit_callbacks, sam)
    item = booking.access_requests.get()
    answer_access_request(staff=staff, request=item, status="arranged", reply="Jo will sign.")

    assert "Nothing to arrange." in page_text(staff_client.get(access_page(org)))
    text = page_text(staff_client.get(access_page(org, show="done")))
    assert "Answer Arranged, by Sam from Leeds" in text
    assert "Message sent Jo will sign." in text
    assert "Change the answer" in text


# ---- Answering ----


def test_answering_marks_it_arranged_tells_the_booker_and_goes_back_to_the_list(
    staff_client, org, tuesday, sam, django_capture_on_commit_callbacks
):
    booking = carer_booking(tuesday, django_capture_on_commit_callbacks, sam)
    item = booking.access_requests.get()
    prefix = f"access-{item.pk}"

    response = staff_client.post(
        answer_page(item),
        {f"{prefix}-status": "arranged", f"{prefix}-reply": "An interpreter will meet you."},
    )

    assert response.status_code == 302
    assert response.url == access_page(org)
    item.refresh_from_db()
    assert item.status == "arranged" and item.reply == "An interpreter will meet you."
    assert Notification.objects.get(kind=ACCESS_ANSWERED.code).recipient == sam
    follow = page_text(staff_client.get(response.url))
    assert "BSL interpreter for Mary: arranged. We have told Sam." in follow


def test_an_answer_without_a_choice_is_shown_at_the_field_and_keeps_the_message(
    staff_client, tuesday, sam, django_capture_on_commit_callbacks
):
    booking = carer_booking(tuesday, django_capture_on_commit_callbacks, sam)
    item = booking.access_requests.get()
    prefix = f"access-{item.pk}"

    response = staff_client.post(answer_page(item), {f"{prefix}-reply": "Half written"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose Arranged or Cannot be arranged." in page_text(response)
    assert f'href="#id_{prefix}-status_0"' in page
    assert ">\nHalf written</textarea>" in page
    assert page_text(response).startswith("Error:") or "<title>Error:" in page
    item.refresh_from_db()
    assert item.status == "to_arrange"


def test_the_answer_page_shows_one_need_with_its_form(
    staff_client, tuesday, sam, django_capture_on_commit_callbacks
):
    booking = carer_booking(tuesday, django_capture_on_commit_callbacks, sam)
    response = staff_client.get(answer_page(booking.access_requests.get()))
    assert response.status_code == 200
    text = page_text(response)
    assert "BSL interpreter for Mary" in text
    assert "Can you arrange it? Arranged Cannot be arranged" in text
    assert "We send your answer and message to Sam." in text


def test_a_cancelled_bookings_need_has_no_form(
    staff_client, tuesday, sam, django_capture_on_commit_callbacks
):
    booking = carer_booking(tuesday, django_capture_on_commit_callbacks, sam)
    item = booking.access_requests.get()
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)
    response = staff_client.get(answer_page(item))
    assert "This booking was cancelled, so there is nothing to arrange." in page_text(response)
    assert "Save answer" not in page_text(response)
    prefix = f"access-{item.pk}"
    refused = staff_client.post(answer_page(item), {f"{prefix}-status": "arranged"})
    assert refused.status_code == 400
    assert "This booking was cancelled" in page_text(refused)


def test_only_the_organisations_staff_reach_the_pages(
    org, workshop, tuesday, sam, django_capture_on_commit_callbacks
):
    booking = carer_booking(tuesday, django_capture_on_commit_callbacks, sam)
    item = booking.access_requests.get()
    host = PersonFactory()
    workshop.hosts.add(host)
    for person in (sam, host, PersonFactory(is_moderator=True)):
        client = signed_in(person)
        assert client.get(access_page(org)).status_code == 403
        assert client.get(answer_page(item)).status_code == 403
        assert client.post(answer_page(item), {}).status_code == 403
    other = OrganisationFactory()
    other_staff = signed_in(staff_of(other))
    elsewhere = reverse("events_access_answer", args=[other.slug, item.pk])
    assert other_staff.get(elsewhere).status_code == 404
    item.refresh_from_db()
    assert item.status == "to_arrange"


def test_signed_out_people_are_sent_to_sign_in(client, org):
    response = client.get(access_page(org))
    assert response.status_code == 302 and "login" in response.url


# ---- The booker ----


def test_my_bookings_shows_what_the_organisers_said(
    org, staff, tuesday, sam, django_capture_on_commit_callbacks
):
    booking = carer_booking(
        tuesday,
        django_capture_on_commit_callbacks,
        sam,
        needs=["bsl_interpreter", "large_print"],
        notes="A chair with arms.",
    )
    items = {item.need: item for item in booking.access_requests.all()}
    answer_access_request(
        staff=staff, request=items["bsl_interpreter"], status="arranged", reply="Jo will sign."
    )
    answer_access_request(staff=staff, request=items["notes"], status="not_possible")

    text = page_text(signed_in(sam).get(reverse("events_my_bookings")))

    assert "What the organisers said" in text
    assert "BSL interpreter: arranged . “Jo will sign.”" in text
    assert "Large print: the organisers have been told and will reply." in text
    assert "What you wrote: cannot be arranged ." in text
