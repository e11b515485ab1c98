"""Staff pages for a repeating event: change repeats (preview, then confirm), skip dates with
bank holidays as one choice, end the series. Plain forms, errors linked to their fields, and the
same number of queries however many dates and bookings."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, Occurrence
from events.services.bookings import book_place
from events.services.series import create_series
from tests.events.factories import EventFactory
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text

UK = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=UK)  # a Wednesday


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def series(drop_in, staff):
    return create_series(
        creator=staff,
        event=drop_in,
        rule="FREQ=WEEKLY;BYDAY=MO",
        start_date=datetime.date(2026, 12, 7),
        start_time=datetime.time(10, 0),
        duration_minutes=120,
    )


def _url(name, event) -> str:
    return reverse(name, args=[event.slug])


def _times(series) -> dict[datetime.date, tuple[datetime.time, str]]:
    return {
        o.start.astimezone(UK).date(): (o.start.astimezone(UK).time(), o.status)
        for o in series.occurrences.all()
    }


def change_data(**changes) -> dict:
    data = {
        "from_date": "2027-01-04",
        "start_time": "10:30",
        "end_time": "12:30",
        "repeats": "weekly",
        "weekday": "0",
        "ends": "never",
    }
    return {**data, **changes}


def confirm(client, url: str, data: dict, **kwargs):
    """Preview, then press "Make this change" on the preview, as a person does."""
    preview = client.post(url, data)
    assert preview.status_code == 200, page_text(preview)
    return client.post(
        url, {**data, "previewed": preview.context["previewed"], "confirm": "yes"}, **kwargs
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("client", 302), ("member_client", 403), ("other_staff_client", 403), ("staff_client", 200)],
)
def test_the_repeat_pages_are_for_the_organisations_staff(request, who, status, series):
    viewer = request.getfixturevalue(who)
    for name in ("events_series_change", "events_series_skip", "events_series_end"):
        assert viewer.get(_url(name, series.event)).status_code == status, name


def test_an_event_that_does_not_repeat_has_no_repeats_to_change(staff_client, drop_in):
    assert staff_client.get(_url("events_series_change", drop_in)).status_code == 404


def test_the_event_page_and_the_repeats_page_link_to_change_skip_and_end(staff_client, series):
    for page in ("events_detail", "events_series"):
        html = staff_client.get(_url(page, series.event)).content.decode()
        for name in ("events_series_change", "events_series_skip", "events_series_end"):
            assert f'href="{_url(name, series.event)}"' in html


def test_the_change_form_starts_from_what_the_series_does_now(staff_client, series):
    response = staff_client.get(_url("events_series_change", series.event))

    form = response.context["form"]
    assert (form["repeats"].value(), form["weekday"].value()) == ("weekly", 0)
    assert form["start_time"].value() == datetime.time(10, 0)
    assert form["end_time"].value() == datetime.time(12, 0)
    assert '<option value="2027-01-04">Monday 4 January 2027</option>' in response.content.decode()


def test_the_preview_says_what_will_happen_and_changes_nothing(staff_client, series, staff):
    book_place(person=PersonFactory(), occurrence=series.occurrences.order_by("start")[5])
    before = _times(series)

    response = staff_client.post(_url("events_series_change", series.event), change_data())

    text = page_text(response)
    assert response.status_code == 200
    assert "What will happen" in text
    assert "From Monday 4 January 2027: Every Monday, 10:30 to 12:30" in text
    moved = sum(1 for day in before if day >= datetime.date(2027, 1, 4))
    assert f"{moved} dates move to the new time on the same day" in text
    assert "1 person is booked on a date that changes" in text
    assert "Monday 11 January 2027: 10:00 becomes 10:30 to 12:30 (1 booked)" in text
    assert _times(series) == before


def test_confirming_makes_the_change_and_says_what_happened(staff_client, series):
    response = confirm(
        staff_client, _url("events_series_change", series.event), change_data(), follow=True
    )

    assert response.redirect_chain[0][0].endswith("#dates")
    assert "The repeats have changed" in page_text(response)
    times = _times(series)
    assert times[datetime.date(2026, 12, 28)] == (datetime.time(10, 0), "scheduled")
    assert times[datetime.date(2027, 1, 4)] == (datetime.time(10, 30), "scheduled")
    assert times[datetime.date(2027, 7, 5)] == (datetime.time(10, 30), "scheduled")


def test_a_new_weekday_is_previewed_as_cancelled_and_new_dates(staff_client, series):
    response = staff_client.post(
        _url("events_series_change", series.event), change_data(weekday="1")
    )

    text = page_text(response)
    assert "0 dates move" in text
    assert "Monday 4 January 2027 at 10:00" in text  # in the cancelled list
    assert "Tuesday 5 January 2027 at 10:30" in text  # in the new list


def test_mistakes_are_shown_next_to_their_fields_and_what_was_typed_is_kept(staff_client, series):
    response = staff_client.post(
        _url("events_series_change", series.event),
        change_data(from_date="", end_time="09:00", confirm="yes"),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_from_date">Choose the first date to change.</a>' in html
    assert '<a href="#id_end_time">The end time must be after the start time.</a>' in html
    assert 'value="10:30"' in html
    assert "What will happen" not in html
    assert _times(series)[datetime.date(2027, 1, 4)][0] == datetime.time(10, 0)


def test_a_change_the_service_refuses_is_shown_at_the_top(staff_client, series):
    same = change_data(start_time="10:00", end_time="12:00")
    preview = staff_client.post(_url("events_series_change", series.event), same)
    assert "Nothing would change" in page_text(preview)

    response = confirm(staff_client, _url("events_series_change", series.event), same)

    assert response.status_code == 400
    assert "That is how it repeats already." in page_text(response)


def test_make_this_change_after_changing_the_answers_shows_the_new_preview_first(
    staff_client, series
):
    url = _url("events_series_change", series.event)
    preview = staff_client.post(url, change_data())

    response = staff_client.post(
        url,
        change_data(start_time="11:00", end_time="13:00", confirm="yes")
        | {"previewed": preview.context["previewed"]},
    )

    text = page_text(response)
    assert response.status_code == 200
    assert "Nothing is changed yet" in text and "Every Monday, 11:00 to 13:00" in text
    assert _times(series)[datetime.date(2027, 1, 4)][0] == datetime.time(10, 0)


def test_the_skip_page_marks_bank_holidays_and_skips_them_in_one_tick(staff_client, series):
    page = staff_client.get(_url("events_series_skip", series.event))
    assert "Monday 28 December 2026 at 10:00 (bank holiday: Boxing Day (observed))" in page_text(
        page
    )

    response = staff_client.post(
        _url("events_series_skip", series.event), {"bank_holidays": "on"}, follow=True
    )

    assert "7 dates cancelled" in page_text(response)
    times = _times(series)
    assert times[datetime.date(2026, 12, 28)][1] == "cancelled"
    assert times[datetime.date(2027, 3, 29)][1] == "cancelled"
    assert times[datetime.date(2027, 1, 4)][1] == "scheduled"
    series.refresh_from_db()
    assert series.skip_bank_holidays


def test_ticked_dates_are_skipped_and_skipping_nothing_is_an_error_by_the_dates(
    staff_client, series
):
    url = _url("events_series_skip", series.event)
    empty = staff_client.post(url, {"reason": "Closed"})
    assert empty.status_code == 400
    assert '<a href="#id_dates_0">Tick the dates to skip' in empty.content.decode()
    assert 'value="Closed"' in empty.content.decode()

    staff_client.post(url, {"dates": ["2026-12-21", "2027-01-11"], "reason": "Closed"})

    cancelled = series.occurrences.filter(status=Occurrence.Status.CANCELLED)
    assert sorted(o.start.astimezone(UK).date().isoformat() for o in cancelled) == [
        "2026-12-21",
        "2027-01-11",
    ]


def test_ending_the_series_cancels_later_dates_and_a_later_end_is_refused_by_the_field(
    staff_client, series
):
    url = _url("events_series_end", series.event)
    response = staff_client.post(url, {"last_date": "2027-01-31"}, follow=True)
    assert "The last date is 31 January 2027" in page_text(response)
    coming = [day for day, (_, status) in _times(series).items() if status == "scheduled"]
    assert max(coming) == datetime.date(2027, 1, 25)

    again = staff_client.post(url, {"last_date": "2027-03-01"})

    assert again.status_code == 400
    assert '<a href="#id_last_date_day">It already ends by 31 January 2027.</a>' in (
        again.content.decode()
    )


def _queries(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 400), response.status_code
    return len(queries)


def _book_on_dates(series, how_many: int) -> None:
    for occurrence in series.occurrences.order_by("start")[:how_many]:
        book_place(person=PersonFactory(), occurrence=occurrence)


def test_the_pages_cost_the_same_queries_however_many_dates_and_bookings(
    staff_client, series, staff
):
    small = create_series(
        creator=staff,
        event=EventFactory(organisation=series.event.organisation, kind=Event.Kind.DROP_IN),
        rule="FREQ=MONTHLY;BYDAY=1MO",
        start_date=datetime.date(2026, 12, 7),
        start_time=datetime.time(10, 0),
        until=datetime.date(2027, 2, 28),
    )
    _book_on_dates(small, 1)
    _book_on_dates(series, 12)
    counts = {}
    for each in (small, series):
        counts[each.pk] = [
            _queries(staff_client, "get", _url("events_series_change", each.event)),
            _queries(
                staff_client,
                "post",
                _url("events_series_change", each.event),
                change_data(from_date="2027-01-04", until="2027-02-28", ends="until"),
            ),
            _queries(staff_client, "get", _url("events_series_skip", each.event)),
            _queries(staff_client, "get", _url("events_series_end", each.event)),
        ]

    assert counts[small.pk] == counts[series.pk]


def test_a_weekly_session_can_move_to_several_days_and_the_form_reads_them_back(
    staff_client, series
):
    url = _url("events_series_change", series.event)

    preview = staff_client.post(url, change_data(also_on=["2"]))
    assert "Every Monday and Wednesday, 10:30 to 12:30" in page_text(preview)
    confirm(staff_client, url, change_data(also_on=["2"]))

    times = _times(series)
    assert times[datetime.date(2027, 1, 6)] == (datetime.time(10, 30), "scheduled")
    assert times[datetime.date(2027, 1, 4)] == (datetime.time(10, 30), "scheduled")
    form = staff_client.get(url).context["form"]
    assert (form["weekday"].value(), form["also_on"].value()) == (0, [2])


def test_other_days_with_a_monthly_session_are_an_error_by_that_field(staff_client, series):
    response = staff_client.post(
        _url("events_series_change", series.event),
        change_data(repeats="monthly", week="1", also_on=["2"]),
    )

    assert response.status_code == 400
    assert '<a href="#id_also_on_0">Sessions once a month are on one day.' in (
        response.content.decode()
    )


NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def new_york_series(drop_in, staff):
    """Imported from a calendar kept in New York: Mondays at 19:30 there, 00:30 on Tuesday here."""
    return create_series(
        creator=staff,
        event=drop_in,
        rule="FREQ=WEEKLY;BYDAY=MO",
        start_date=datetime.date(2026, 12, 7),
        start_time=datetime.time(19, 30),
        duration_minutes=60,
        time_zone="America/New_York",
    )


def test_the_repeat_pages_of_a_new_york_series_say_new_york_time_with_uk_time_beside_it(
    staff_client, new_york_series
):
    event = new_york_series.event
    for name in ("events_series", "events_series_change", "events_series_skip"):
        assert "This series keeps New York time" in page_text(staff_client.get(_url(name, event)))
    change = staff_client.get(_url("events_series_change", event)).content.decode()
    skip = page_text(staff_client.get(_url("events_series_skip", event)))

    # Its days are New York's: the Monday session is on Tuesday in the UK.
    assert '<option value="2026-12-07">Monday 7 December 2026</option>' in change
    assert "New York time, as the series keeps, for example 10:00." in change
    assert "Monday 7 December 2026 at 19:30 New York time (00:30 UK time on 8 December)" in skip
    # Between the two clock changes (US 14 March, UK 28 March) the gap is four hours.
    assert "Monday 15 March 2027 at 19:30 New York time (23:30 UK time on 15 March)" in skip


def test_a_uk_series_says_nothing_about_zones(staff_client, series):
    for name in ("events_series", "events_series_change", "events_series_skip"):
        assert "keeps" not in page_text(staff_client.get(_url(name, series.event)))


def test_changing_the_repeats_of_a_new_york_series_keeps_new_york_time(
    staff_client, new_york_series
):
    url = _url("events_series_change", new_york_series.event)
    data = change_data(from_date="2027-01-04", start_time="18:00", end_time="19:00")

    preview = page_text(staff_client.post(url, data))
    response = confirm(staff_client, url, data)

    assert "From Monday 4 January 2027: Every Monday, 18:00 to 19:00 New York time" in preview
    assert (
        "Monday 11 January 2027: 19:30 becomes 18:00 to 19:00 New York time "
        "(23:00 UK time on 11 January)"
    ) in preview
    assert response.status_code == 302
    starts = {
        o.start.astimezone(NEW_YORK).date(): o.start.astimezone(NEW_YORK).time()
        for o in new_york_series.occurrences.all()
    }
    assert starts[datetime.date(2026, 12, 28)] == datetime.time(19, 30)  # before the change
    assert starts[datetime.date(2027, 1, 4)] == datetime.time(18, 0)
    assert starts[datetime.date(2027, 3, 15)] == datetime.time(18, 0)  # New York summer time
    assert starts[datetime.date(2027, 7, 5)] == datetime.time(18, 0)
