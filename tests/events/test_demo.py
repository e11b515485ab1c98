"""The demo programme loads through the services, is idempotent, and feels like a real community:
hosts, carers booking for the people they look after, themed dates, the organiser's rules, past
dates with marked registers, sensible UK times, and bookers who live near the venue."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from community.demo import data
from community.demo.seed import seed_demo
from community.models import Notification, Organisation, User
from community.support.models import SupportRequest
from events.demo import EVENTS, seed
from events.models import AccessRequest, Booking, Event, Occurrence, WaitingListEntry
from events.models.bookings import AttendanceMode, attendee_key
from events.recurrence import LONDON
from events.selectors import attendance_by_month, organisation_dashboard, with_places
from forums.models import Post

pytestmark = pytest.mark.django_db

# 09:33 on a Tuesday: a demo that took its times from "now" would put everything at :33.
NOW = datetime.datetime(2026, 3, 10, 9, 33, 20, tzinfo=datetime.UTC)
CHAT_DROP_IN = "ask-a-peer-advisor-online"  # the chat demo's drop-in, starting soon
YORKSHIRE = {"calderdale", "kirklees", "leeds", "sheffield", "rotherham", "kingston-upon-hull"}
NEAR = {"calderdale": YORKSHIRE, "sheffield": YORKSHIRE, "norfolk": {"norfolk"}}


class _Discard:
    def write(self, text):
        pass

    def flush(self):
        pass


@pytest.fixture
def demo():
    with time_machine.travel(NOW, tick=True):
        call_command("seed_demo", stdout=_Discard())
        yield


def test_the_demo_programme_loads_once_with_a_full_date_and_a_waiting_list():
    with time_machine.travel(NOW, tick=True):
        seed_demo()
        first = seed()
        assert first.startswith(f"created {len(EVENTS)} events")
        assert seed() == "the demo programme is already there: nothing to add."
        assert set(Event.objects.values_list("status", flat=True)) == {"published"}
        workshop = Event.objects.get(slug="becoming-an-employer")
        dates = organisation_dashboard(organisation=workshop.organisation)
        full = next(o for o in dates if o.event_id == workshop.pk and o.places_left == 0)
    assert full.waiting_count == 2
    assert WaitingListEntry.objects.filter(occurrence=full, companions=1).count() == 1


def test_every_demo_date_is_within_its_capacity(demo):
    for occurrence in with_places(Occurrence.objects.all()):
        assert occurrence.places_taken <= occurrence.capacity, occurrence


def test_the_drop_ins_that_posts_and_organisation_pages_mention_exist(demo):
    calder = Event.objects.get(slug="calder-valley-drop-in")
    assert calder.organisation.slug == data.CALDER
    assert calder.series.rule == "FREQ=MONTHLY;BYDAY=1TU"  # "every first Tuesday"
    coffee = Event.objects.get(slug="carers-coffee-morning")
    assert coffee.organisation.slug == data.DON
    assert coffee.series.rule == "FREQ=WEEKLY;BYDAY=WE"  # "our Wednesday coffee morning"
    bsl = Event.objects.get(slug="bsl-direct-payments-drop-in")
    assert bsl.series.rule == "FREQ=MONTHLY;BYDAY=2TH"  # Lark's "Thursday drop-ins in BSL"
    assert Event.objects.filter(status="published", themes__slug="mental-health").exists()
    assert calder.occurrences.filter(start__gt=NOW).count() >= 12


def test_dates_are_at_sensible_uk_times_not_the_minute_of_loading(demo):
    starts = Occurrence.objects.exclude(event__slug=CHAT_DROP_IN).values_list("start", flat=True)
    local = {start.astimezone(LONDON).time() for start in starts}
    assert {minute.minute for minute in local} <= {0, 30}
    assert {datetime.time(10, 0), datetime.time(13, 30), datetime.time(18, 0)} <= local
    for created in Post.objects.values_list("created", flat=True):
        assert created <= NOW + datetime.timedelta(minutes=5)
    post_minutes = {created.minute for created in Post.objects.values_list("created", flat=True)}
    assert 33 not in post_minutes and len(post_minutes) > 5
    asked = {created.minute for created in SupportRequest.objects.values_list("created", flat=True)}
    assert 33 not in asked


def test_past_dates_have_marked_registers_so_the_attendance_chart_shows_something(demo):
    calder = Organisation.objects.get(slug=data.CALDER)
    with time_machine.travel(NOW, tick=False):
        months = attendance_by_month(organisation=calder)
    # The chart's twelve months end with the last whole month.
    assert sum(month["attended"] for month in months) >= 6
    assert sum(month["no_shows"] for month in months) >= 1
    assert sum(month["walk_ins"] for month in months) >= 1
    assert len([month for month in months if month["attended"]]) >= 2
    assert not Booking.objects.filter(occurrence__start__gt=NOW, attended__isnull=False).exists()
    staff_booked = Booking.objects.get(walk_in_name="Maureen Dyson")
    assert staff_booked.person is None and staff_booked.booked_by.email == "helen@alongside.example"


def test_advisors_host_events_and_some_dates(demo):
    bev = User.objects.get(email="bev@alongside.example")
    calder = Event.objects.get(slug="calder-valley-drop-in")
    assert bev in calder.hosts.all()
    assert Event.objects.filter(hosts__isnull=True).count() == 0
    guest_hosted = Occurrence.objects.filter(host__isnull=False).select_related("host")
    assert {o.host.email for o in guest_hosted} >= {"geoff@alongside.example"}


def test_themed_dates_and_the_rules_organisers_expect(demo):
    themed = Occurrence.objects.exclude(theme="")
    assert themed.count() >= 3
    assert themed.filter(event__slug="calder-valley-drop-in", theme="Employing a PA").exists()
    assert all(o.theme_description for o in themed)

    hybrid = Event.objects.get(format=Event.Format.HYBRID, slug="carers-coffee-morning")
    assert hybrid.online_capacity == 6
    assert set(hybrid.occurrences.values_list("online_capacity", flat=True)) == {6}
    assert Event.objects.get(slug="becoming-an-employer").cost == "£5, lunch included"
    assert Event.objects.filter(booking_closes_minutes=120).exists()


def test_carers_book_for_the_people_they_look_after(demo):
    for_someone = Booking.objects.exclude(for_person_name="")
    assert for_someone.count() >= 3
    for booking in for_someone:
        assert booking.attendee_key == attendee_key(booking.for_person_name)
    marigold = User.objects.get(email="marigold@alongside.example")
    date = Booking.objects.filter(person=marigold, for_person_name="Sam (my son)").get().occurrence
    assert date.bookings.filter(person=marigold, status="confirmed").count() == 2


def test_people_who_come_in_person_live_near_the_venue(demo):
    in_person = (
        Booking.objects.filter(person__isnull=False, occurrence__event__area__in=list(NEAR))
        .exclude(attendance_mode=AttendanceMode.ONLINE)
        .select_related("person__profile", "occurrence__event")
    )
    assert in_person.count() >= 15
    for booking in in_person:
        assert booking.person.profile.area in NEAR[booking.occurrence.event.area], booking
    waiting = WaitingListEntry.objects.select_related("person__profile", "occurrence__event")
    for entry in waiting.filter(occurrence__event__area__in=list(NEAR)):
        assert entry.person.profile.area in NEAR[entry.occurrence.event.area], entry


def test_access_needs_to_arrange_are_on_the_organisations_list(demo):
    to_arrange = AccessRequest.objects.filter(status="to_arrange")
    assert {"large_print", "notes", "easy_read"} <= set(to_arrange.values_list("need", flat=True))
    # The venue has a quiet room: nothing to arrange for Sam.
    assert not AccessRequest.objects.filter(need="quiet_space").exists()


def test_seeding_sends_no_email_and_tells_nobody_about_bookings(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(NOW, tick=True), django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=_Discard())
    assert mail.outbox == []
    assert Booking.objects.count() > 50
    assert not Notification.objects.filter(kind__startswith="events.").exists()
