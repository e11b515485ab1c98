"""Printing, in real headless Chromium: an event with 13 weekly dates prints on one A4 page, its
dates summed up in a sentence in place of the 13 Book buttons, and without the Get help now
button; a support plan and a date's register print with no navigation and no buttons, their
tables whole.

The clock is pinned (ticking) to a Wednesday in December 2026, so the 13 dates are always the
Tuesdays from 5 January to 30 March 2027 (across the change to summer time)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.support.models import SupportRequest
from community.support.services.plans import start_plan
from events.services.bookings import book_place
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of

UK = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=UK)  # a Wednesday
FIRST_TUESDAY = datetime.date(2027, 1, 5)
SUMMARY = "Every Tuesday, 10:00 to 12:00, from 5 January to 30 March 2027 — 13 dates"
# A PDF has one /Type /Page object per page (and /Type /Pages for the tree that holds them).
PDF_PAGE = re.compile(rb"/Type\s*/Page\b")
# What paper cannot use, and what a print must leave out.
NOT_ON_PAPER = "nav, form, button, .button, input, select, textarea, .help-now, .skip-link"
VISIBLE = """selector => [...document.querySelectorAll(selector)]
    .filter(element => element.checkVisibility())
    .map(element => element.outerHTML.slice(0, 120))"""


@pytest.fixture
def pinned_clock(settings):
    # The browser keeps real time: a cookie that expired by the pinned clock would be dropped.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(NOW, tick=True):
        yield


def _sign_in(page, person, base_url: str) -> None:
    """The person's session cookie in the tab (logging in is the account journeys' business)."""

    def session_key():
        client = Client()
        client.force_login(person)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": outside_event_loop(session_key)}
    page.context.add_cookies([{**cookie, "url": base_url}])


def _weekly_event():
    event = EventFactory(title="Employing a PA: a weekly drop-in", capacity=12)
    for week in range(13):
        start = datetime.datetime.combine(
            FIRST_TUESDAY + datetime.timedelta(weeks=week), datetime.time(10), tzinfo=UK
        )
        OccurrenceFactory(event=event, start=start, end=start + datetime.timedelta(hours=2))
    return event


def _shown_on_paper(page, selector: str) -> list[str]:
    page.emulate_media(media="print")
    try:
        return page.evaluate(VISIBLE, selector)
    finally:
        page.emulate_media(media="screen")


def _pdf_pages(page) -> int:
    """Pages of A4 the page prints on (page.pdf prints with whatever media is emulated)."""
    page.emulate_media(media="print")
    return len(PDF_PAGE.findall(page.pdf(format="A4")))


def test_an_event_with_13_dates_prints_on_one_page_with_its_dates_summed_up(
    page, live_server, pinned_clock
):
    event = _weekly_event()
    page.goto(reverse("events_detail", args=[event.slug]))
    check_accessibility(page)
    book = page.get_by_role("link", name=re.compile("^Book a place"))
    assert book.count() == 13
    # On screen the list with its buttons; the summary is for paper only.
    assert not page.get_by_text(SUMMARY).is_visible()
    assert page.locator(".help-now").first.is_visible()

    page.emulate_media(media="print")
    assert page.get_by_text(SUMMARY).is_visible()
    assert page.locator(".help-now").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.evaluate(VISIBLE, ".help-now, .site-footer, .button, nav, .skip-link") == []
    assert page.evaluate(VISIBLE, ".occurrence") == []
    assert page.get_by_text(f"To book a place, go to {live_server.url}").is_visible()
    assert _pdf_pages(page) == 1


def test_a_support_plan_prints_without_navigation_or_buttons(page, live_server, pinned_clock):
    organisation = OrganisationFactory()
    member = PersonFactory(display_name="Mo Member")
    request = SupportRequest.objects.create(
        member=member,
        advisor=advisor_of(organisation, display_name="Priya the Planner"),
        organisation=organisation,
        wants=SupportRequest.Wants.PLAN,
        body="Can someone help me write my support plan?",
        state=SupportRequest.State.ACCEPTED,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    plan = outside_event_loop(start_plan, owner=member, request=request)
    _sign_in(page, member, live_server.url)
    page.goto(reverse("plan", args=[plan.pk]))
    check_accessibility(page)
    assert page.get_by_role("button").count() > 0  # a comment form and the header's Log out

    assert _shown_on_paper(page, NOT_ON_PAPER) == []
    assert _shown_on_paper(page, ".plan-tools, .plan-section-links") == []
    assert _shown_on_paper(page, "h1") != []


def test_a_register_prints_its_whole_table_without_navigation_or_buttons(
    page, live_server, pinned_clock
):
    organisation = OrganisationFactory()
    event = EventFactory(organisation=organisation, title="Payroll for beginners")
    start = NOW - datetime.timedelta(minutes=30)  # started: the Came buttons are on the page
    occurrence = OccurrenceFactory(
        event=event, start=start, end=start + datetime.timedelta(hours=2)
    )
    with time_machine.travel(NOW - datetime.timedelta(days=3)):
        for name in ("Ada Attendee", "Ben Booker", "Cat Carer"):
            outside_event_loop(
                book_place, person=PersonFactory(display_name=name), occurrence=occurrence
            )
    _sign_in(page, staff_of(organisation), live_server.url)
    page.goto(reverse("events_register", args=[event.slug, occurrence.pk]))
    check_accessibility(page)
    assert page.get_by_role("button", name=re.compile("^Came")).count() == 3

    assert _shown_on_paper(page, NOT_ON_PAPER) == []
    page.emulate_media(media="print")
    table = page.locator(".table-wrapper")
    assert table.evaluate("e => getComputedStyle(e).overflowX") == "visible"
    rows = page.locator(".table tbody tr")
    assert rows.count() == 3
    assert all(rows.nth(n).is_visible() for n in range(3))
    # The table fits the paper: no column cut off at the right.
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth")
    page.emulate_media(media="screen")
