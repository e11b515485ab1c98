"""Changing a repeating event from a date on, ending it early, skipping dates and bank holidays:
what happens to stored dates, bookings, messages, and the daily fill afterwards."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from community.errors import NotAllowed
from community.models import Notification
from events.errors import EventError
from events.models import Booking, Event, Occurrence
from events.series_plans import NewRule, coming_dates, plan_series_change
from events.services.bookings import book_place
from events.services.occurrences import cancel_occurrence
from events.services.series import create_series, fill_occurrences
from events.services.series_changes import change_series, end_series, skip_dates
from tests.events.factories import EventFactory
from tests.factories import PersonFactory, staff_of

UK = ZoneInfo("Europe/London")
# Wednesday 2 December 2026, midday: the drop-in below runs on Mondays from 7 December.
NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=UK)
FIRST_MONDAY = datetime.date(2026, 12, 7)
JANUARY = datetime.date(2027, 1, 4)  # a Monday


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def drop_in(db):
    event = EventFactory(kind=Event.Kind.DROP_IN, title="Monday drop-in", capacity=5)
    staff = staff_of(event.organisation)
    series = create_series(
        creator=staff,
        event=event,
        rule="FREQ=WEEKLY;BYDAY=MO",
        start_date=FIRST_MONDAY,
        start_time=datetime.time(10, 0),
        duration_minutes=120,
    )
    return staff, series


def _on(series, day: datetime.date) -> Occurrence:
    (found,) = [o for o in series.occurrences.all() if o.start.astimezone(UK).date() == day]
    return found


def _uk(occurrences) -> list[tuple[datetime.date, datetime.time, str]]:
    return [
        (o.start.astimezone(UK).date(), o.start.astimezone(UK).time(), o.status)
        for o in occurrences.order_by("start")
    ]


def _booked(person, occurrence, capture) -> Booking:
    with capture(execute=True):
        return book_place(person=person, occurrence=occurrence)


def _half_past_ten(**changes) -> NewRule:
    fields = {
        "from_date": JANUARY,
        "rule": "FREQ=WEEKLY;BYDAY=MO",
        "start_time": datetime.time(10, 30),
        "duration_minutes": 120,
    }
    return NewRule(**{**fields, **changes})


def test_a_new_time_from_a_date_on_moves_the_later_dates_and_keeps_the_earlier_ones(
    drop_in, django_capture_on_commit_callbacks
):
    staff, series = drop_in
    stored = series.occurrences.count()

    with django_capture_on_commit_callbacks(execute=True):
        plan = change_series(editor=staff, series=series, new_rule=_half_past_ten())

    dates = _uk(series.occurrences)
    assert len(dates) == stored  # moved in place, none added or lost
    assert {time for day, time, _ in dates if day < JANUARY} == {datetime.time(10, 0)}
    assert {time for day, time, _ in dates if day >= JANUARY} == {datetime.time(10, 30)}
    # 10:30 in summer too: the rule runs in UK time.
    summer = _on(series, datetime.date(2027, 6, 7))
    assert summer.start == datetime.datetime(2027, 6, 7, 9, 30, tzinfo=datetime.UTC)
    assert summer.end - summer.start == datetime.timedelta(hours=2)
    assert len(plan.moved) == stored - 4 and plan.cancelled == []
    series.refresh_from_db()
    assert (series.start_date, series.start_time) == (JANUARY, datetime.time(10, 30))


def test_people_booked_on_a_date_that_moves_keep_their_place_and_are_told_the_new_time(
    drop_in, django_capture_on_commit_callbacks
):
    staff, series = drop_in
    member = PersonFactory(email="sam@example.org")
    booking = _booked(
        member, _on(series, datetime.date(2027, 1, 11)), django_capture_on_commit_callbacks
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        plan = change_series(editor=staff, series=series, new_rule=_half_past_ten())

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.occurrence.start.astimezone(UK).time() == datetime.time(10, 30)
    assert plan.people_affected == 1
    told = [m for m in mail.outbox if m.to == ["sam@example.org"]]
    assert told and all("10:30" in m.subject + m.body for m in told)


def test_a_new_weekday_cancels_the_old_days_and_offers_the_nearest_new_date_to_book(
    drop_in, django_capture_on_commit_callbacks
):
    staff, series = drop_in
    member = PersonFactory()
    booking = _booked(
        member, _on(series, datetime.date(2027, 1, 11)), django_capture_on_commit_callbacks
    )

    with django_capture_on_commit_callbacks(execute=True):
        plan = change_series(
            editor=staff, series=series, new_rule=_half_past_ten(rule="FREQ=WEEKLY;BYDAY=TU")
        )

    later = [d for d in _uk(series.occurrences) if d[0] >= JANUARY]
    assert {d[2] for d in later if d[0].weekday() == 0} == {Occurrence.Status.CANCELLED}
    assert {(d[1], d[2]) for d in later if d[0].weekday() == 1} == {
        (datetime.time(10, 30), Occurrence.Status.SCHEDULED)
    }
    assert len(plan.cancelled) == len(plan.added) > 40
    # The booking stays on the cancelled date (nobody is moved to a date they did not choose)...
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and booking.occurrence.is_cancelled
    # ...and they are offered the Tuesday after, one form away.
    tuesday = _on(series, datetime.date(2027, 1, 12))
    offer = Notification.objects.get(recipient=member, url__endswith=f"/dates/{tuesday.pk}/book/")
    assert "Tuesday 12 January at 10:30" in offer.message


def test_the_daily_fill_does_not_bring_back_moved_skipped_or_cancelled_dates(
    drop_in, django_capture_on_commit_callbacks
):
    staff, series = drop_in
    with django_capture_on_commit_callbacks(execute=True):
        cancel_occurrence(canceller=staff, occurrence=_on(series, datetime.date(2027, 2, 1)))
        change_series(editor=staff, series=series, new_rule=_half_past_ten())
        skip_dates(editor=staff, series=series, dates=[datetime.date(2027, 3, 1)])
    before = _uk(series.occurrences)

    series.refresh_from_db()
    assert fill_occurrences(series=series) == 0
    with time_machine.travel(NOW + datetime.timedelta(days=40), tick=False):
        series.refresh_from_db()
        added = fill_occurrences(series=series)

    after = _uk(series.occurrences)
    assert after[: len(before)] == before
    assert added == len(after) - len(before) > 0
    assert all(time == datetime.time(10, 30) for _, time, _ in after[len(before) :])
    # The date cancelled by hand stays cancelled, and is not made again at the new time.
    assert [d for d in after if d[0] == datetime.date(2027, 2, 1)] == [
        (datetime.date(2027, 2, 1), datetime.time(10, 0), Occurrence.Status.CANCELLED)
    ]
    assert [d[2] for d in after if d[0] == datetime.date(2027, 3, 1)] == ["cancelled"]


def test_the_preview_is_what_the_change_then_does(drop_in):
    staff, series = drop_in
    new_rule = _half_past_ten(rule="FREQ=WEEKLY;BYDAY=MO,WE", duration_minutes=90)

    preview = plan_series_change(viewer=staff, series=series, new_rule=new_rule)
    stored = series.occurrences.count()
    done = change_series(editor=staff, series=series, new_rule=new_rule)

    assert [c.occurrence.pk for c in preview.moved] == [c.occurrence.pk for c in done.moved]
    assert len(preview.added) == len(done.added) > 40
    assert series.occurrences.count() == stored + len(done.added)
    assert _on(series, datetime.date(2027, 1, 6)).end.astimezone(UK).time() == datetime.time(12)


def test_an_end_after_a_number_of_times_counts_from_the_change(drop_in):
    staff, series = drop_in

    plan = change_series(editor=staff, series=series, new_rule=_half_past_ten(count=3))

    kept = [d for d in _uk(series.occurrences) if d[2] != Occurrence.Status.CANCELLED]
    assert [d[0] for d in kept] == [
        FIRST_MONDAY + datetime.timedelta(weeks=n) for n in range(4)
    ] + [datetime.date(2027, 1, 4), datetime.date(2027, 1, 11), datetime.date(2027, 1, 18)]
    assert len(plan.moved) == 3 and len(plan.cancelled) > 40


def test_ending_a_series_early_cancels_the_later_dates_and_the_fill_adds_none(
    drop_in, django_capture_on_commit_callbacks
):
    staff, series = drop_in
    member = PersonFactory()
    _booked(member, _on(series, datetime.date(2027, 2, 8)), django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        ended = end_series(editor=staff, series=series, last_date=datetime.date(2027, 1, 31))

    assert ended.series.until == datetime.date(2027, 1, 31)
    coming = [d for d in _uk(series.occurrences) if d[2] != Occurrence.Status.CANCELLED]
    assert coming[-1][0] == datetime.date(2027, 1, 25)
    assert Notification.objects.filter(recipient=member, message__startswith="Cancelled").exists()
    with time_machine.travel(NOW + datetime.timedelta(days=60), tick=False):
        series.refresh_from_db()
        assert fill_occurrences(series=series) == 0
    with pytest.raises(EventError) as error:
        end_series(editor=staff, series=series, last_date=datetime.date(2027, 3, 1))
    assert error.value.code == "already_ends"


def test_skipping_bank_holidays_cancels_them_now_and_leaves_them_out_next_year(drop_in):
    staff, series = drop_in
    assert [d.bank_holiday for d in coming_dates(series=series)][3] == "Boxing Day (observed)"

    skipped = skip_dates(editor=staff, series=series, dates=[], bank_holidays_too=True)

    # Mondays in the next 400 days that are bank holidays in England.
    expected = [
        datetime.date(2026, 12, 28),
        datetime.date(2027, 3, 29),
        datetime.date(2027, 5, 3),
        datetime.date(2027, 5, 31),
        datetime.date(2027, 8, 30),
        datetime.date(2027, 12, 27),
        datetime.date(2028, 1, 3),  # New Year's Day falls on a Saturday
    ]
    assert [o.start.astimezone(UK).date() for o in skipped.cancelled] == expected
    assert "bank holiday" in skipped.cancelled[0].change_reason
    with time_machine.travel(datetime.datetime(2027, 12, 1, 12, tzinfo=UK), tick=False):
        series.refresh_from_db()
        fill_occurrences(series=series)
    days = {d[0] for d in _uk(series.occurrences)}
    assert datetime.date(2028, 4, 17) not in days  # Easter Monday 2028
    assert datetime.date(2028, 4, 24) in days


def test_several_dates_are_skipped_at_once_and_only_those(drop_in):
    staff, series = drop_in
    christmas_weeks = [datetime.date(2026, 12, 21), datetime.date(2026, 12, 28)]

    skipped = skip_dates(editor=staff, series=series, dates=christmas_weeks, reason="Closed")

    assert [o.start.astimezone(UK).date() for o in skipped.cancelled] == christmas_weeks
    assert {o.change_reason for o in skipped.cancelled} == {"Closed"}
    cancelled = series.occurrences.filter(status=Occurrence.Status.CANCELLED)
    assert cancelled.count() == 2
    series.refresh_from_db()
    assert series.skipped_dates == ["2026-12-21", "2026-12-28"]


@pytest.mark.parametrize(
    ("new_rule", "code"),
    [
        (_half_past_ten(from_date=datetime.date(2026, 12, 1)), "from_date_past"),
        (_half_past_ten(until=datetime.date(2027, 1, 1)), "until_before_start"),
        (_half_past_ten(until=datetime.date(2027, 3, 1), count=2), "until_or_count"),
        (_half_past_ten(duration_minutes=2), "bad_duration"),
        (_half_past_ten(rule="FREQ=HOURLY"), "bad_rule"),
        (_half_past_ten(start_time=datetime.time(10, 0)), "nothing_changes"),
    ],
)
def test_a_change_that_cannot_be_made_is_refused_with_a_code_and_changes_nothing(
    drop_in, new_rule, code
):
    staff, series = drop_in
    before = _uk(series.occurrences)

    with pytest.raises(EventError) as error:
        change_series(editor=staff, series=series, new_rule=new_rule)

    assert error.value.code == code
    assert _uk(series.occurrences) == before


def test_only_the_organisations_staff_change_skip_or_end_a_series(drop_in):
    _, series = drop_in
    member = PersonFactory()

    with pytest.raises(NotAllowed):
        change_series(editor=member, series=series, new_rule=_half_past_ten())
    with pytest.raises(NotAllowed):
        plan_series_change(viewer=member, series=series, new_rule=_half_past_ten())
    with pytest.raises(NotAllowed):
        skip_dates(editor=member, series=series, dates=[datetime.date(2026, 12, 21)])
    with pytest.raises(NotAllowed):
        end_series(editor=member, series=series, last_date=datetime.date(2027, 1, 31))


def test_skipping_nothing_or_a_past_date_is_refused(drop_in):
    staff, series = drop_in

    with pytest.raises(EventError) as nothing:
        skip_dates(editor=staff, series=series, dates=[])
    with pytest.raises(EventError) as past:
        skip_dates(editor=staff, series=series, dates=[datetime.date(2026, 11, 30)])

    assert (nothing.value.code, past.value.code) == ("nothing_to_skip", "skip_past")


def test_a_change_beyond_the_stored_dates_keeps_the_old_time_up_to_it_and_the_fill_follows(
    drop_in,
):
    staff, series = drop_in
    from_date = datetime.date(2028, 3, 6)  # a Monday, past the 400 days stored today

    change_series(editor=staff, series=series, new_rule=_half_past_ten(from_date=from_date))

    dates = _uk(series.occurrences)
    assert dates[-1] == (datetime.date(2028, 2, 28), datetime.time(10, 0), "scheduled")
    with time_machine.travel(datetime.datetime(2027, 3, 1, 12, tzinfo=UK), tick=False):
        series.refresh_from_db()
        fill_occurrences(series=series)
    later = [d for d in _uk(series.occurrences) if d[0] >= from_date]
    assert [d[0] for d in later] == [from_date + datetime.timedelta(weeks=n) for n in range(5)]
    assert {d[1] for d in later} == {datetime.time(10, 30)}


def test_a_fortnightly_change_counts_its_weeks_from_the_chosen_date(drop_in):
    staff, series = drop_in

    change_series(
        editor=staff,
        series=series,
        new_rule=_half_past_ten(
            from_date=datetime.date(2027, 1, 11), rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
        ),
    )

    kept = [d[0] for d in _uk(series.occurrences) if d[2] != "cancelled"]
    assert kept[4:8] == [
        datetime.date(2027, 1, 4),
        datetime.date(2027, 1, 11),
        datetime.date(2027, 1, 25),
        datetime.date(2027, 2, 8),
    ]
