"""The events journey in a real browser, with axe-core on every page: find a drop-in by its
filters, book it with an access need, see it in "Your bookings" and in the personal calendar
feed, cancel, and the first person waiting gets the place and an e-mail."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from events.models import Booking, Event, ImportJob, WaitingListEntry
from events.services.bookings import book_place
from tests.browser.accessibility import check_accessibility
from tests.browser.support import fill_date, outside_event_loop
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, PersonFactory


def log_in(page, *, email: str) -> None:
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Log in").click()
    check_accessibility(page)
    page.get_by_label(re.compile(r"^e-?mail", re.I)).fill(email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=re.compile("^log in", re.I)).click()
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()
    check_accessibility(page)


def test_find_book_feed_cancel_and_the_first_person_waiting_gets_the_place(page, live_server):
    organisation = OrganisationFactory(
        name="Leeds Carers Together", slug="leeds-carers-together", area="leeds"
    )
    drop_in = EventFactory(
        organisation=organisation,
        kind=Event.Kind.DROP_IN,
        title="Carers' drop-in",
        slug="carers-drop-in",
        summary="Bring any question about direct payments.",
        area="leeds",
        step_free=True,
        capacity=1,
    )
    date = OccurrenceFactory(event=drop_in, start=uk_time(6, 10), end=uk_time(6, 12), capacity=1)
    # A workshop with no step-free access, which the filters must leave out.
    EventFactory(organisation=organisation, title="Becoming an employer", step_free=False)
    OccurrenceFactory(event=EventFactory(organisation=organisation, title="Stairs workshop",
                                         step_free=False, kind=Event.Kind.DROP_IN))  # fmt: skip
    member = PersonFactory(email="ros@example.org", display_name="Ros")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    waiting = PersonFactory(email="wait@example.org", display_name="Waiting Wendy")

    page.goto("/")
    check_accessibility(page)
    log_in(page, email=member.email)

    # Find a step-free drop-in.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshops and drop-ins")
    check_accessibility(page)
    # The filters are folded under the line that says what is chosen.
    page.get_by_role("main").locator("summary", has_text="Filters:").click()
    page.get_by_label("Kind of event").select_option(label="Drop-in")
    page.get_by_label("Step-free venue").check()
    page.get_by_role("button", name="Show events").click()
    expect(page.get_by_role("heading", name="1 event found")).to_be_visible()
    check_accessibility(page)
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("Stairs workshop")
    expect(main).not_to_contain_text("Becoming an employer")

    # The month calendar keeps the filters and shows the date too.
    page.get_by_role("link", name="Month calendar").click()
    check_accessibility(page)
    if timezone.localtime(date.start).month != timezone.localdate().month:
        page.get_by_role("link", name=re.compile("^Next month")).click()
        check_accessibility(page)
    expect(page.get_by_role("table")).to_contain_text("Carers' drop-in")
    page.get_by_role("link", name="List of events").click()
    check_accessibility(page)

    # Its page, and the booking form.
    page.get_by_role("main").get_by_role("link", name="Carers' drop-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carers' drop-in")
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Step-free access")
    page.get_by_role("link", name=re.compile("^Book a place")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a place")
    check_accessibility(page)
    page.get_by_role("checkbox", name="Hearing loop").check()
    page.get_by_label("Anything else the organisers should know").fill("I use a wheelchair")
    page.get_by_role("main").get_by_role("button", name="Book a place").click()

    # Your bookings: the place, the access need, and the calendar address.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bookings")
    check_accessibility(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Booked: Carers' drop-in")
    expect(main).to_contain_text("Hearing loop. I use a wheelchair")
    booking = Booking.objects.get(person=member, status="confirmed")
    assert booking.access_needs == ["hearing_loop"]

    # The personal feed: fetched as a calendar app would, with no session.
    address = page.get_by_label("Your calendar address").input_value()
    feed = page.request.get(live_server.url + urlsplit(address).path)
    assert feed.ok, feed.status
    assert feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.body())
    entries = [c for c in calendar.walk("VEVENT") if "Carers' drop-in" in str(c.get("summary"))]
    assert len(entries) == 1
    assert entries[0].decoded("dtstart") == timezone.localtime(date.start)

    # The date is now full; someone joins the waiting list.
    entry = outside_event_loop(book_place, person=waiting, occurrence=date, wait_if_full=True)
    assert isinstance(entry, WaitingListEntry)
    mail.outbox.clear()

    # Cancel, after being asked.
    page.get_by_role("link", name=re.compile("^Cancel this booking")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your booking?")
    check_accessibility(page)
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bookings")
    expect(page.get_by_role("alert").filter(has_text="is cancelled").first).to_be_visible()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("You have no bookings coming up")

    # The first person waiting has the place, and an e-mail telling them so.
    promoted = Booking.objects.get(occurrence=date, status="confirmed")
    assert promoted.person == waiting and promoted.from_waiting_list
    assert [message.to for message in mail.outbox] == [["wait@example.org"], [member.email]]
    assert "Carers' drop-in" in mail.outbox[0].subject + mail.outbox[0].body

    # And the cancelled booking stays in the personal feed, marked cancelled, until the date is
    # over, so a calendar app that copied it takes it out.
    calendar = Calendar.from_ical(page.request.get(live_server.url + urlsplit(address).path).body())
    entries = [c for c in calendar.walk("VEVENT") if "Carers' drop-in" in str(c.get("summary"))]
    assert [str(c["status"]) for c in entries] == ["CANCELLED"]


def test_organiser_pages_pass_axe_add_event_repeat_register_dashboard_import(page, live_server):
    organisation = OrganisationFactory(
        name="Riverside Living", slug="riverside-living", area="leeds"
    )
    from tests.factories import staff_of

    staff = staff_of(organisation, email="pat@riverside.example", display_name="Pat Staff")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)

    page.goto(reverse("events_dashboard", args=[organisation.slug]))
    check_accessibility(page)  # the log-in page it sends us to
    page.get_by_label(re.compile(r"^e-?mail", re.I)).fill(staff.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=re.compile("^log in", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events dashboard")
    check_accessibility(page)

    # Add an event; a mistake first.
    page.get_by_role("link", name="Add an event").click()
    check_accessibility(page)
    page.get_by_role("button", name="Save and add dates").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a title.")
    check_accessibility(page)
    page.get_by_label("Title").fill("Carers' coffee morning")
    page.get_by_role("radio", name="Drop-in").check()
    page.get_by_role("checkbox", name="Step-free access").check()
    page.get_by_role("button", name="Save and add dates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carers' coffee morning")
    # A new event is a draft until it has a date.
    expect(page.get_by_role("main")).to_contain_text("Add a date (below), then publish it")
    check_accessibility(page)

    # Repeating dates: the first Tuesday of the month, 4 times, starting tomorrow, so that the
    # first date has not started yet even when today is a first Tuesday after 10:00.
    page.get_by_role("link", name="Add repeating dates").click()
    check_accessibility(page)
    page.get_by_role("radio", name=re.compile("^Once a month")).check()
    page.get_by_label("On which day of the week?").select_option(label="Tuesday")
    page.get_by_label("Which one in the month?").select_option(label="First")
    fill_date(page, "Starting from", uk_time(1).date())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_role("radio", name="Stop after a number of times").check()
    page.get_by_label("Number of sessions").fill("4")
    page.get_by_role("button", name="Add the dates").click()
    expect(page.get_by_role("alert").filter(has_text="first Tuesday").first).to_be_visible()
    check_accessibility(page)
    event = Event.objects.get(title="Carers' coffee morning")
    assert event.occurrences.count() == 4
    assert event.status == Event.Status.DRAFT

    # With dates, it can be published.
    page.get_by_role("link", name=re.compile("^publish it from")).click()
    check_accessibility(page)
    page.get_by_role("checkbox", name=re.compile("^Publish it now")).check()
    page.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carers' coffee morning")
    check_accessibility(page)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    first = event.occurrences.order_by("start").first()
    outside_event_loop(
        book_place,
        person=PersonFactory(display_name="Booked Bea"),
        occurrence=first,
        access_needs=["bsl_interpreter"],
    )
    outside_event_loop(book_place, person=PersonFactory(display_name="Booked Bo"), occurrence=first)

    # The register of the first date shows the needs, and opens for marking when it starts.
    page.get_by_role("link", name=re.compile("^Open the register")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register")
    check_accessibility(page)
    expect(page.get_by_role("table")).to_contain_text("BSL interpreter")
    expect(page.get_by_role("main")).to_contain_text("You can take the register from 10:00")
    expect(page.get_by_role("button", name=re.compile(r"^Came"))).to_have_count(0)

    # Another drop-in's date that started a few minutes ago: Bea came, and Ali walked in.
    check_in = outside_event_loop(
        EventFactory, organisation=organisation, title="Morning check-in", slug="morning-check-in"
    )
    started = outside_event_loop(
        OccurrenceFactory,
        event=check_in,
        start=timezone.now() - datetime.timedelta(minutes=5),
        end=timezone.now() + datetime.timedelta(hours=2),
    )
    outside_event_loop(
        Booking.objects.create,
        occurrence=started,
        person=Booking.objects.get(occurrence=first, person__display_name="Booked Bea").person,
        access_needs=["bsl_interpreter"],
    )
    page.goto(reverse("events_register", args=[check_in.slug, started.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Register")
    check_accessibility(page)
    page.get_by_role("button", name=re.compile(r"^Came\W+Booked Bea")).click()
    check_accessibility(page)
    page.get_by_label("Name of the person who walked in").fill("Ali")
    page.get_by_role("button", name="Add walk-in").click()
    expect(page.get_by_role("table")).to_contain_text("Ali")
    check_accessibility(page)

    # The dashboard with its chart; from it, change the first date: too few places first.
    page.goto(reverse("events_dashboard", args=[organisation.slug]))
    check_accessibility(page)
    expect(page.locator("svg[role=img] title")).to_have_count(1)
    page.get_by_role("link", name=re.compile("^Change Carers' coffee morning")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change this date")
    check_accessibility(page)
    page.get_by_label("Places on this date").fill("1")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("alert")).to_contain_text("More places are already booked than that.")
    check_accessibility(page)
    page.get_by_label("Host for this date").select_option(label="Pat Staff")
    page.get_by_label("Places on this date").fill("12")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("alert").filter(has_text="This date is changed")).to_be_visible()
    check_accessibility(page)
    first.refresh_from_db()
    assert (first.host_id, first.capacity) == (staff.pk, 12)

    # Back to the dashboard (the event page links to it), then the import pages.
    page.get_by_role("link", name=re.compile("^Events dashboard for")).click()
    check_accessibility(page)
    page.get_by_role("link", name="Import from a calendar file").click()
    check_accessibility(page)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a calendar file")
    check_accessibility(page)
    page.get_by_label("Your calendar's web address").fill("ftp://example.org/calendar.ics")
    page.get_by_role("button", name="Read the calendar and check").click()
    expect(page.get_by_role("alert")).to_contain_text("starts with https://")
    expect(page.get_by_label("Your calendar's web address")).to_have_value(
        "ftp://example.org/calendar.ics"
    )
    check_accessibility(page)

    # A big import still running: its progress, without reloading by itself unasked.
    job = ImportJob.objects.create(
        organisation=organisation, source="", status=ImportJob.Status.RUNNING, total=8, done=2
    )
    page.goto(reverse("events_import_progress", args=[organisation.slug, job.pk]))
    check_accessibility(page)
    expect(page.get_by_role("main").get_by_text("2 of 8 done")).to_be_visible()


@pytest.mark.parametrize("where", ["list", "calendar", "event"])
def test_event_pages_fit_a_320px_screen(narrow_page, where):
    drop_in = EventFactory(title="Carers' drop-in with a rather long title", slug="drop-in")
    OccurrenceFactory(event=drop_in, start=uk_time(2, 10), end=uk_time(2, 12))
    path = {
        "list": reverse("events"),
        "calendar": reverse("events_calendar"),
        "event": reverse("events_detail", args=[drop_in.slug]),
    }[where]
    narrow_page.goto(path)
    check_accessibility(narrow_page)
    width = narrow_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{path} scrolls sideways at 320px: {width}px wide"
