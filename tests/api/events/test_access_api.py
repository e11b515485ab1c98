"""Access needs to arrange through the API (issue 12, point 4): an organisation's staff list
what is to arrange and answer each need; the booker sees the answers on their bookings."""

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
def mary_needs(tuesday, member, django_capture_on_commit_callbacks) -> Booking:
    """Sam books a place for Mary, who needs a BSL interpreter and large print."""
    return booked(
        tuesday,
        django_capture_on_commit_callbacks,
        person=member,
        for_person_name="Mary",
        needs=["bsl_interpreter", "large_print"],
    )


def to_arrange(org, **query):
    return reverse("api:access-request-list"), {"organisation": org.slug, **query}


def answer_url(item: AccessRequest) -> str:
    return reverse("api:access-request-answer", args=[item.pk])


def test_staff_list_what_is_to_arrange_with_whom_and_when(signed_in, staff, org, mary_needs):
    url, query = to_arrange(org)
    response = signed_in(staff).get(url, query)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["need"] for row in results] == ["bsl_interpreter", "large_print"]
    first = results[0]
    assert first["need_label"] == "BSL interpreter"
    assert first["status"] == "to_arrange"
    assert first["place_for"] == "Mary"
    assert first["booked_by"] == "Sam Member"
    assert first["event_title"] == "Budget basics"
    assert first["booking"] == mary_needs.pk
    assert first["occurrence"] == mary_needs.occurrence_id
    assert first["tell_by_phone"] is False
    assert first["their_words"] == ""
    assert first["handled_by"] is None
    assert datetime.datetime.fromisoformat(first["start"]) == TUESDAY


def test_the_answered_needs_are_listed_by_their_status(signed_in, staff, org, mary_needs):
    bsl = mary_needs.access_requests.get(need="bsl_interpreter")
    answer_access_request(staff=staff, request=bsl, status="arranged", reply="Jo will sign.")
    api = signed_in(staff)
    url, query = to_arrange(org, status="arranged")
    (row,) = api.get(url, query).json()["results"]
    assert (row["id"], row["reply"], row["handled_by"]) == (bsl.pk, "Jo will sign.", "Pat Staff")
    url, query = to_arrange(org)
    assert [row["need"] for row in api.get(url, query).json()["results"]] == ["large_print"]


def test_only_the_organisations_staff_may_list_them(signed_in, org, workshop, member, mary_needs):
    url, query = to_arrange(org)
    host = PersonFactory()
    workshop.hosts.add(host)
    for person in (member, host, PersonFactory(is_moderator=True), staff_of(OrganisationFactory())):
        response = signed_in(person).get(url, query)
        assert response.status_code == 403
        assert response.json()["code"] == "not_allowed"


def test_listing_signed_out_is_401(client, org):
    url, query = to_arrange(org)
    assert client.get(url, query).status_code == 401


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({}, 400, "invalid"),
        ({"organisation": "nobody-here"}, 404, "not_found"),
        ({"organisation": "leeds-il", "status": "maybe"}, 400, "invalid"),
    ],
)
def test_a_list_asked_for_wrongly_gets_a_clear_answer(signed_in, staff, query, status, code):
    response = signed_in(staff).get(reverse("api:access-request-list"), query)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_the_list_costs_the_same_queries_for_one_need_or_six(
    signed_in, staff, org, workshop, django_capture_on_commit_callbacks
):
    api = signed_in(staff)
    url, query = to_arrange(org)

    def add(how_many):
        for n in range(how_many):
            booked(
                date_of(workshop, TUESDAY + datetime.timedelta(days=n)),
                django_capture_on_commit_callbacks,
                person=PersonFactory(),
                for_person_name=f"Guest {n}" if n % 2 else "",
                needs=["easy_read"],
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url, query).status_code == 200
        return len(queries)

    add(1)
    first = count()
    add(5)
    assert count() == first


# ---- Answering ----


def test_staff_answer_a_need_and_the_booker_is_told(signed_in, staff, member, mary_needs):
    item = mary_needs.access_requests.get(need="bsl_interpreter")
    response = signed_in(staff).post(
        answer_url(item),
        {"status": "arranged", "reply": "An interpreter will meet you at the door."},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "arranged"
    assert body["reply"] == "An interpreter will meet you at the door."
    assert body["handled_by"] == "Pat Staff"
    note = Notification.objects.get(kind=ACCESS_ANSWERED.code)
    assert note.recipient == member
    assert note.message == (
        "Budget basics on Tuesday 5 January: BSL interpreter for Mary — arranged. "
        "'An interpreter will meet you at the door.'"
    )


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({}, "status"),
        ({"status": "to_arrange"}, "status"),
        ({"status": "arranged", "reply": "x" * 1001}, "reply"),
    ],
)
def test_an_answer_that_is_not_a_choice_is_400_with_the_field(
    signed_in, staff, mary_needs, sent, field
):
    item = mary_needs.access_requests.get(need="bsl_interpreter")
    response = signed_in(staff).post(answer_url(item), sent, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]


def test_only_the_organisations_staff_may_answer(signed_in, member, mary_needs):
    item = mary_needs.access_requests.get(need="bsl_interpreter")
    for person in (member, PersonFactory(is_moderator=True), staff_of(OrganisationFactory())):
        response = signed_in(person).post(answer_url(item), {"status": "arranged"}, format="json")
        assert response.status_code == 403
        assert response.json()["code"] == "not_allowed"
    item.refresh_from_db()
    assert item.status == "to_arrange"


def test_answering_a_need_that_does_not_exist_is_404(signed_in, staff):
    response = signed_in(staff).post(
        reverse("api:access-request-answer", args=[999999]), {"status": "arranged"}, format="json"
    )
    assert response.status_code == 404


def test_answering_a_cancelled_bookings_need_is_400_not_booked(signed_in, staff, mary_needs):
    item = mary_needs.access_requests.get(need="bsl_interpreter")
    Booking.objects.filter(pk=mary_needs.pk).update(status=Booking.Status.CANCELLED)
    response = signed_in(staff).post(answer_url(item), {"status": "arranged"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "not_booked"


# ---- The booker ----


def test_the_booker_sees_each_need_and_its_answer_on_their_bookings(
    signed_in, staff, member, mary_needs
):
    bsl = mary_needs.access_requests.get(need="bsl_interpreter")
    answer_access_request(staff=staff, request=bsl, status="arranged", reply="Jo will sign.")
    response = signed_in(member).get(reverse("api:booking-list"))
    (booking,) = response.json()["results"]
    assert booking["access_requests"] == [
        {
            "need": "bsl_interpreter",
            "need_label": "BSL interpreter",
            "status": "arranged",
            "reply": "Jo will sign.",
        },
        {"need": "large_print", "need_label": "Large print", "status": "to_arrange", "reply": ""},
    ]
