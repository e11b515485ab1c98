"""Changing a repeating drop-in in a real browser, with axe-core on every page: staff move a weekly
drop-in from 10:00 to 10:30 from next month on (after a preview of who is affected), skip every
bank holiday in England, and a booked member's personal calendar feed and e-mail show it.

Time is pinned (ticking) to a Wednesday in December 2026, so "next month" and the bank holidays
are always the same. Cookies are made to last for the browser session: the browser keeps real
time, and a cookie that expired by the pinned clock would otherwise be dropped."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import expect

from events.links import personal_feed_url
from events.models import Event
from events.selectors import feed_token_for
from events.services.bookings import book_place
from events.services.series import create_series
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.events.factories import EventFactory
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, PersonFactory, staff_of

UK = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=UK)  # a Wednesday
NEXT_MONTH = datetime.date(2027, 1, 4)  # its first Monday
BOOKED = {
    "december": datetime.date(2026, 12, 14),  # before the change: stays at 10:00
    "january": datetime.date(2027, 1, 11),
    "easter_monday": datetime.date(2027, 3, 29),  # a bank holiday: skipped
    "summer": datetime.date(2027, 6, 7),  # British Summer Time: still 10:30 UK time
}


@pytest.fixture
def pinned_clock(settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(NOW, tick=True):
        yield


def _log_in(page, email: str) -> None:
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Log in").click()
    check_accessibility(page)
    page.get_by_label(re.compile(r"^e-?mail", re.I)).fill(email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=re.compile("^log in", re.I)).click()
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()
    check_accessibility(page)


def _drop_in_with_a_booked_member():
    organisation = OrganisationFactory(name="Bristol Carers Hub", slug="bristol-carers-hub")
    staff = staff_of(organisation, email="jo@carershub.example", display_name="Jo Staff")
    event = EventFactory(
        organisation=organisation,
        kind=Event.Kind.DROP_IN,
        title="Monday drop-in",
        slug="monday-drop-in",
        capacity=8,
    )
    series = create_series(
        creator=staff,
        event=event,
        rule="FREQ=WEEKLY;BYDAY=MO",
        start_date=datetime.date(2026, 12, 7),
        start_time=datetime.time(10, 0),
        duration_minutes=120,
    )
    member = PersonFactory(email="ros@example.org", display_name="Ros")
    for person in (staff, member):
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    dates = {o.start.astimezone(UK).date(): o for o in series.occurrences.all()}
    for day in BOOKED.values():
        outside_event_loop(book_place, person=member, occurrence=dates[day])
    return staff, member, event


def _feed_entries(page, live_server, member) -> dict[datetime.date, object]:
    path = personal_feed_url(feed_token_for(person=member).token)
    answer = page.request.get(live_server.url + path)  # as a calendar app: no session
    assert answer.ok, answer.status
    calendar = Calendar.from_ical(answer.body())
    return {
        entry.decoded("dtstart").astimezone(UK).date(): entry
        for entry in calendar.walk("VEVENT")
        if str(entry.get("summary")).startswith("Monday drop-in")
    }


def test_staff_move_a_weekly_drop_in_to_half_past_and_skip_bank_holidays_and_members_see_it(
    pinned_clock, page, live_server
):
    staff, member, event = _drop_in_with_a_booked_member()
    mail.outbox.clear()

    page.goto(reverse("events_detail", args=[event.slug]))
    check_accessibility(page)
    _log_in(page, staff.email)
    page.goto(reverse("events_detail", args=[event.slug]))
    check_accessibility(page)

    # Change repeats: a mistake first, kept next to its field.
    page.get_by_role("link", name="Change repeats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change repeats")
    check_accessibility(page)
    page.get_by_label("Change from which date?").select_option(label="Monday 4 January 2027")
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("End time").fill("10:00")
    page.get_by_role("button", name="Show what will happen").click()
    expect(page.get_by_role("alert")).to_contain_text("The end time must be after the start time.")
    check_accessibility(page)
    page.get_by_label("End time").fill("12:30")
    page.get_by_role("button", name="Show what will happen").click()

    # The preview: who is affected, before anything changes.
    preview = page.get_by_role("region", name="What will happen")
    expect(preview).to_contain_text("From Monday 4 January 2027: Every Monday, 10:30 to 12:30")
    expect(preview).to_contain_text("1 person is booked on a date that changes")
    check_accessibility(page)
    page.get_by_text("Dates that move").click()  # open the list (a <details>, no script)
    expect(preview).to_contain_text("Monday 11 January 2027: 10:00 becomes 10:30 to 12:30")
    page.get_by_role("button", name="Make this change").click()
    expect(page.get_by_role("alert").filter(has_text="The repeats have changed")).to_be_visible()
    check_accessibility(page)

    # Skip every bank holiday in England, in one tick.
    page.get_by_role("link", name="Skip dates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skip dates")
    check_accessibility(page)
    expect(page.get_by_role("checkbox", name=re.compile("Easter Monday"))).to_be_visible()
    page.get_by_role("checkbox", name=re.compile("^Skip all bank holidays in England")).check()
    page.get_by_role("button", name="Skip these dates").click()
    expect(page.get_by_role("alert").filter(has_text="dates cancelled")).to_be_visible()
    check_accessibility(page)

    # The member's personal feed, read back with icalendar as a calendar app would.
    entries = _feed_entries(page, live_server, member)
    assert set(entries) == set(BOOKED.values())
    start = {day: entry.decoded("dtstart").astimezone(UK) for day, entry in entries.items()}
    assert start[BOOKED["december"]].time() == datetime.time(10, 0)
    assert start[BOOKED["january"]].time() == datetime.time(10, 30)
    assert start[BOOKED["summer"]].time() == datetime.time(10, 30)
    assert start[BOOKED["summer"]].utcoffset() == datetime.timedelta(hours=1)
    assert entries[BOOKED["january"]]["dtstart"].params["TZID"] == "Europe/London"
    assert str(entries[BOOKED["easter_monday"]].get("status")) == "CANCELLED"
    assert str(entries[BOOKED["january"]].get("status")) != "CANCELLED"

    # And the e-mails: the new time for the dates that moved, and the bank holiday cancelled.
    to_member = [m for m in mail.outbox if m.to == [member.email]]
    texts = [m.subject + "\n" + m.body for m in to_member]
    assert any("11 January" in text and "10:30" in text for text in texts)
    # The moved date's invitation, as a calendar app reads the attachment: 10:30 UK time.
    (moved,) = [m for m in to_member if "11 January" in m.subject]
    invitations = [Calendar.from_ical(content) for _, content, kind in moved.attachments
                   if kind.startswith("text/calendar")]  # fmt: skip
    (invitation,) = [entry for cal in invitations for entry in cal.walk("VEVENT")]
    assert invitation.decoded("dtstart") == datetime.datetime(2027, 1, 11, 10, 30, tzinfo=UK)
    assert invitation.get("uid") == entries[BOOKED["january"]].get("uid")
    assert any("29 March" in text and "ancelled" in text for text in texts)
    assert not any("14 December" in text for text in texts)  # before the change: untouched
