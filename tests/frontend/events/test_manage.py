"""Organisers' pages: adding and changing events, repeating dates from the plain-English
picker, one-off dates, moving and cancelling a date, cancelling an event."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Occurrence, Series
from events.services.bookings import book_place
from tests.factories import advisor_of
from tests.frontend.conftest import page_text


def event_form_data(**changes):
    data = {
        "title": "Your first support plan",
        "kind": "workshop",
        "summary": "Write your plan with people who have done it.",
        "description": "Bring **your questions**.",
        "audience": "budget_holders",
        "format": "in_person",
        "capacity": "12",
        "venue_name": "Town Hall",
        "address": "1 The Headrow",
        "postcode": "LS1 3AD",
        "area": "leeds",
        "access": ["step_free", "hearing_loop"],
        "transport_notes": "Bus 1 stops outside.",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("who", "status"),
    [("client", 302), ("member_client", 403), ("other_staff_client", 403), ("staff_client", 200)],
)
def test_organiser_pages_are_for_the_organisations_staff(request, who, status, org, drop_in, date):
    viewer = request.getfixturevalue(who)
    for url in (
        reverse("events_create", args=[org.slug]),
        reverse("events_import", args=[org.slug]),
        reverse("events_edit", args=[drop_in.slug]),
        reverse("events_series", args=[drop_in.slug]),
        reverse("events_add_date", args=[drop_in.slug]),
        reverse("events_cancel", args=[drop_in.slug]),
        reverse("events_occurrence_move", args=[drop_in.slug, date.pk]),
        reverse("events_occurrence_cancel", args=[drop_in.slug, date.pk]),
    ):
        assert viewer.get(url).status_code == status, url


@pytest.mark.parametrize(
    ("who", "status"),
    [("client", 302), ("member_client", 403), ("other_staff_client", 403), ("staff_client", 200)],
)
def test_dashboard_is_for_the_organisations_staff(request, who, status, org):
    viewer = request.getfixturevalue(who)
    assert viewer.get(reverse("events_dashboard", args=[org.slug])).status_code == status


def test_hosts_cannot_use_the_staff_tools(host_client, drop_in, date):
    # Hosts move, cancel and add notes to their dates (tests/frontend/events/
    # test_hosting_pages.py); the event itself, a date's host and its places are staff's.
    assert host_client.get(reverse("events_edit", args=[drop_in.slug])).status_code == 403
    url = reverse("events_occurrence_change", args=[drop_in.slug, date.pk])
    assert host_client.post(url, {"host": "", "capacity": "50"}).status_code == 403
    date.refresh_from_db()
    assert date.capacity != 50


def test_staff_add_an_event_as_a_draft_with_venue_access(staff_client, org):
    host = advisor_of(org, display_name="Hosting Hal")
    data = event_form_data(hosts=[str(host.pk)])
    response = staff_client.post(reverse("events_create", args=[org.slug]), data)
    assert response.status_code == 302
    event = Event.objects.get(title="Your first support plan")
    assert response["Location"] == reverse("events_detail", args=[event.slug])
    assert event.status == Event.Status.DRAFT
    assert event.step_free and event.hearing_loop and not event.parking
    assert list(event.hosts.all()) == [host]
    assert "<strong>your questions</strong>" in event.description_html


def test_a_new_event_is_saved_as_a_draft_until_it_has_dates(staff_client, org):
    form_page = page_text(staff_client.get(reverse("events_create", args=[org.slug])))
    assert "Publish it now" not in form_page
    staff_client.post(reverse("events_create", args=[org.slug]), event_form_data(publish="on"))
    assert Event.objects.get(title="Your first support plan").status == Event.Status.DRAFT


def test_a_wrong_event_form_keeps_what_was_typed(staff_client, org):
    data = event_form_data(title="", capacity="0", summary="Kept summary")
    response = staff_client.post(reverse("events_create", args=[org.slug]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a title." in page and "There must be at least 1 place." in page
    assert 'value="Kept summary"' in page
    assert not Event.objects.filter(summary="Kept summary").exists()


def test_a_published_online_event_needs_a_joining_link(staff_client, drop_in, date):
    drop_in.status = Event.Status.DRAFT
    drop_in.save()
    data = event_form_data(format="online", publish="on", title="Online without link")
    response = staff_client.post(reverse("events_edit", args=[drop_in.slug]), data)
    assert response.status_code == 400
    assert "Online events need a joining link" in page_text(response)
    drop_in.refresh_from_db()
    assert drop_in.status == Event.Status.DRAFT and drop_in.title == "Carers' drop-in"


def test_staff_change_an_event(staff_client, drop_in):
    url = reverse("events_edit", args=[drop_in.slug])
    form_page = staff_client.get(url).content.decode()
    assert 'value="Carers&#x27; drop-in"' in form_page
    data = event_form_data(title="Carers' drop-in (new room)", kind="drop_in", access=[])
    assert staff_client.post(url, data).status_code == 302
    drop_in.refresh_from_db()
    assert drop_in.title == "Carers' drop-in (new room)"
    assert drop_in.step_free is False


# ---- Dates ----


def series_data(**changes):
    data = {
        "repeats": "monthly",
        "weekday": "1",
        "week": "1",
        "starts_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "ends": "count",
        "count": "6",
    }
    data.update(changes)
    return data


def test_first_tuesday_of_the_month_series(staff_client, drop_in):
    response = staff_client.post(reverse("events_series", args=[drop_in.slug]), series_data())
    assert response.status_code == 302
    series = Series.objects.get(event=drop_in)
    assert series.rule == "FREQ=MONTHLY;BYDAY=1TU"
    assert series.count == 6 and series.until is None
    dates = list(drop_in.occurrences.order_by("start"))
    assert len(dates) == 6
    for occurrence in dates:
        local = timezone.localtime(occurrence.start)
        assert local.weekday() == 1 and local.day <= 7
        assert (local.hour, local.minute) == (10, 0)
    text = page_text(staff_client.get(reverse("events_series", args=[drop_in.slug])))
    assert "The first Tuesday of every month, 6 times" in text


def test_every_two_weeks_until_a_date(staff_client, drop_in):
    start = timezone.localdate() + datetime.timedelta(days=1)
    until = start + datetime.timedelta(days=60)
    data = series_data(
        repeats="fortnightly", weekday=str(start.weekday()), week="", ends="until",
        until=until.isoformat(), count="",
    )  # fmt: skip
    assert staff_client.post(reverse("events_series", args=[drop_in.slug]), data).status_code == 302
    series = Series.objects.get(event=drop_in)
    day_code = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.weekday()]
    assert series.rule == f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day_code}"
    assert series.until == until
    assert drop_in.occurrences.count() == 5


def test_a_wrong_series_keeps_what_was_typed(staff_client, drop_in):
    data = series_data(ends="until", until="", count="", end_time="09:00")
    response = staff_client.post(reverse("events_series", args=[drop_in.slug]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the last date, or choose another way to stop." in page
    assert "The end time must be after the start time." in page
    assert 'value="10:00"' in page
    assert not Series.objects.exists()


def test_adding_one_date(staff_client, drop_in):
    day = timezone.localdate() + datetime.timedelta(days=10)
    data = {"date": day.isoformat(), "start_time": "14:00", "end_time": "15:30"}
    response = staff_client.post(reverse("events_add_date", args=[drop_in.slug]), data)
    assert response.status_code == 302
    occurrence = drop_in.occurrences.get()
    assert timezone.localtime(occurrence.start).hour == 14
    assert (occurrence.end - occurrence.start) == datetime.timedelta(minutes=90)


def test_moving_a_date_tells_the_people_booked(staff_client, drop_in, date, member):
    book_place(person=member, occurrence=date)
    day = timezone.localdate() + datetime.timedelta(days=20)
    url = reverse("events_occurrence_move", args=[drop_in.slug, date.pk])
    data = {"date": day.isoformat(), "start_time": "11:00", "end_time": "13:00", "reason": "Room"}
    assert staff_client.post(url, data).status_code == 302
    date.refresh_from_db()
    assert date.status == Occurrence.Status.MOVED
    assert timezone.localtime(date.start).date() == day
    assert member.notifications.filter(message__startswith="Moved:").exists()


def test_cancelling_a_date_asks_then_cancels(staff_client, drop_in, date):
    url = reverse("events_occurrence_cancel", args=[drop_in.slug, date.pk])
    assert "Cancel this date?" in page_text(staff_client.get(url))
    assert staff_client.post(url, {"reason": "The venue is closed"}).status_code == 302
    date.refresh_from_db()
    assert date.is_cancelled and date.change_reason == "The venue is closed"
    text = page_text(staff_client.get(reverse("events_detail", args=[drop_in.slug])))
    assert "Cancelled The venue is closed" in text


def test_cancelling_the_event(staff_client, drop_in, date):
    url = reverse("events_cancel", args=[drop_in.slug])
    assert staff_client.post(url, {"reason": ""}).status_code == 302
    drop_in.refresh_from_db()
    date.refresh_from_db()
    assert drop_in.status == Event.Status.CANCELLED and date.is_cancelled
    assert "This event is cancelled." in page_text(
        staff_client.get(reverse("events_detail", args=[drop_in.slug]))
    )
