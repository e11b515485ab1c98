"""Planning sessions: booked from the plan page by the member or their partner, shown on the
plan, in both people's personal calendar feeds, and cancelled from the plan."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from community.support.models import Plan, PlanningSession
from events.recurrence import LONDON
from events.selectors import feed_token_for
from tests.factories import advisor_of
from tests.frontend.conftest import page_text, signed_in

NOW = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)
SESSION = {
    "session-day": "2027-03-10",
    "session-time": "14:30",
    "session-minutes": "60",
    "session-way": "in_person",
    "session-where": "The community centre, Room 2",
}


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


def feed_events(client, person) -> list:
    response = client.get(reverse("personal_feed", args=[feed_token_for(person=person).token]))
    assert response.status_code == 200
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_a_booked_session_is_on_the_plan_and_in_both_peoples_feeds(
    member_client, member, partner, plan, client
):
    response = member_client.post(reverse("plan_session_book", args=[plan.pk]), SESSION)
    session = PlanningSession.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#session-{session.pk}")
    starts = datetime.datetime(2027, 3, 10, 14, 30, tzinfo=LONDON)
    assert session.appointment.starts == starts
    assert session.appointment.ends == starts + datetime.timedelta(hours=1)

    text = page_text(member_client.get(reverse("plan", args=[plan.pk])))
    assert "Wednesday 10 March 2027, 2:30 p.m." in text
    assert "The community centre, Room 2" in text

    for person in (member, partner):
        events = [e for e in feed_events(client, person) if "Planning session" in e["SUMMARY"]]
        assert len(events) == 1, person
        assert events[0].decoded("DTSTART") == starts


def test_the_partner_can_book_too(partner_client, plan):
    response = partner_client.post(reverse("plan_session_book", args=[plan.pk]), SESSION)
    assert response.status_code == 302
    assert PlanningSession.objects.filter(plan=plan).exists()


def test_a_time_in_the_past_comes_back_with_an_error_and_the_answers_kept(member_client, plan):
    past = {**SESSION, "session-day": "2027-02-01"}
    response = member_client.post(reverse("plan_session_book", args=[plan.pk]), past)
    content = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_session-day_day"' in content
    assert "Choose a time that has not passed yet." in content
    assert 'value="The community centre, Room 2"' in content
    assert not PlanningSession.objects.exists()


def test_missing_answers_are_each_named(member_client, plan):
    response = member_client.post(reverse("plan_session_book", args=[plan.pk]), {})
    content = response.content.decode()
    assert response.status_code == 400
    for field in ("day", "time", "way"):
        assert f'href="#id_session-{field}' in content


def test_a_reader_cannot_book(reader_client, plan):
    response = reader_client.post(reverse("plan_session_book", args=[plan.pk]), SESSION)
    assert response.status_code == 403
    assert not PlanningSession.objects.exists()


def test_cancelling_asks_first_then_marks_it_cancelled_in_the_feed(
    member_client, partner_client, partner, plan, client
):
    member_client.post(reverse("plan_session_book", args=[plan.pk]), SESSION)
    session = PlanningSession.objects.get()
    url = reverse("plan_session_cancel", args=[plan.pk, session.pk])

    assert "Cancel the planning session?" in page_text(partner_client.get(url))
    assert partner_client.post(url).status_code == 302
    session.appointment.refresh_from_db()
    assert session.appointment.cancelled_at is not None

    assert "No planning sessions booked." in page_text(
        partner_client.get(reverse("plan", args=[plan.pk]))
    )
    [event] = [e for e in feed_events(client, partner) if "Planning session" in e["SUMMARY"]]
    assert event["STATUS"] == "CANCELLED"
    # Gone from the plan, so there is nothing left to cancel.
    assert partner_client.post(url).status_code == 404


def test_only_the_two_meeting_see_where_a_session_is(
    member_client, partner_client, reader_client, staff_client, plan
):
    member_client.post(reverse("plan_session_book", args=[plan.pk]), SESSION)
    session = PlanningSession.objects.get(plan=plan)

    for client in (member_client, partner_client):
        assert "The community centre, Room 2" in page_text(
            client.get(reverse("plan", args=[plan.pk]))
        )
    for client in (reader_client, staff_client):
        text = page_text(client.get(reverse("plan", args=[plan.pk])))
        assert "Wednesday 10 March 2027, 2:30 p.m." in text  # that there is one, and when
        assert "In person" in text
        assert "community centre" not in text
        assert reverse("plan_session_cancel", args=[plan.pk, session.pk]) not in text


def test_a_new_partner_cannot_open_a_session_booked_with_the_one_before(
    member_client, member, plan, org
):
    member_client.post(reverse("plan_session_book", args=[plan.pk]), SESSION)
    session = PlanningSession.objects.get(plan=plan)
    newcomer = advisor_of(org)
    Plan.objects.filter(pk=plan.pk).update(partner=newcomer)  # the one before was erased

    newcomer_client = signed_in(newcomer)
    text = page_text(newcomer_client.get(reverse("plan", args=[plan.pk])))
    assert "community centre" not in text
    cancel = reverse("plan_session_cancel", args=[plan.pk, session.pk])
    assert newcomer_client.get(cancel).status_code == 403
    assert newcomer_client.post(cancel).status_code == 403
    session.appointment.refresh_from_db()
    assert session.appointment.cancelled_at is None
