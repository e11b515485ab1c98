"""Phone first, in real headless Chromium at 375 × 812 (a common phone): the page's heading
starts within the first 200 pixels because the navigation folds behind "Menu"; the Menu opens
and its links work from the keyboard, with JavaScript and without; the events page shows its
first event on the first screen, its filters folded under a line that says what is chosen. At
desktop width the navigation shows as before, with no Menu button."""

import datetime
import os
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from events.models import Event
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import OrganisationFactory, staff_of, theme

UK = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=UK)  # a Wednesday
PHONE = {"width": 375, "height": 812}
HEADING_TOP_AT_MOST = 200


@pytest.fixture
def pinned_clock(settings):
    # The browser keeps real time: a cookie that expired by the pinned clock would be dropped.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def programme(db):
    """Staff of an organisation in Calderdale (so the header has its longest list of links),
    with an online drop-in and two in-person workshops this month."""
    organisation = OrganisationFactory(name="Calderdale Carers", slug="calderdale-carers")
    staff = staff_of(organisation, display_name="Sam Staff")
    talk = theme()
    for number, (title, kind, format) in enumerate(
        [
            ("Online drop-in: direct payments", Event.Kind.DROP_IN, Event.Format.ONLINE),
            ("Employing a PA: the basics", Event.Kind.WORKSHOP, Event.Format.IN_PERSON),
            ("Writing your support plan", Event.Kind.WORKSHOP, Event.Format.IN_PERSON),
        ]
    ):
        event = EventFactory(
            organisation=organisation,
            title=title,
            kind=kind,
            format=format,
            area="calderdale",
            joining_link="https://meet.example/room" if format == Event.Format.ONLINE else "",
        )
        event.themes.add(talk)
        start = NOW + datetime.timedelta(days=7 + number)
        OccurrenceFactory(event=event, start=start, end=start + datetime.timedelta(hours=2))
    return staff


def _sign_in(page, person, base_url: str) -> None:
    """The person's session cookie in the tab (logging in is the account journeys' business)."""

    def session_key():
        client = Client()
        client.force_login(person)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": outside_event_loop(session_key)}
    page.context.add_cookies([{**cookie, "url": base_url}])


@pytest.fixture
def phone(open_page, browser, live_server):
    """A tab 375 × 812, with JavaScript (the default) or without it. A tab without JavaScript
    cannot run axe-core, so the tests run axe on the same pages with it."""
    without = []

    def open_phone(person=None, *, javascript: bool = True):
        if javascript:
            tab = open_page(PHONE)
        else:
            context = browser.new_context(
                base_url=live_server.url,
                viewport=PHONE,
                locale="en-GB",
                timezone_id="Europe/London",
                java_script_enabled=False,
            )
            context.set_default_timeout(10_000)
            without.append(context)
            tab = context.new_page()
        if person is not None:
            _sign_in(tab, person, live_server.url)
        return tab

    yield open_phone
    for context in without:
        context.close()


def _top(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["y"]


def _keep_screenshot(page, name: str) -> None:
    """With SCREENSHOTS_DIR set, save what the phone's first screen shows. The committed ones in
    docs/screenshots/ come from `SCREENSHOTS_DIR=docs/screenshots bin/test <this file>`."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=False)


def _menu(page):
    return page.locator("summary", has_text="Menu")


def test_on_a_phone_the_signed_in_home_page_heading_starts_near_the_top(
    phone, programme, pinned_clock
):
    page = phone(programme)
    page.goto("/")
    check_accessibility(page)
    assert _top(page.get_by_role("heading", level=1)) <= HEADING_TOP_AT_MOST
    expect(page.locator("main .lead")).to_be_in_viewport(ratio=1)
    _keep_screenshot(page, "home-signed-in-375px")
    # Get help now stays in sight; the navigation waits behind Menu.
    expect(page.get_by_role("link", name="Get help now").first).to_be_in_viewport()
    expect(_menu(page)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Your account")).to_be_hidden()
    # The unread badges are folded away too, so Menu shows their sum, kept up to date as
    # live.js changes them.
    badge = _menu(page).locator("#menu-unread-count")
    expect(badge).to_be_hidden()
    page.evaluate("document.getElementById('unread-count').textContent = '2'")
    page.evaluate("document.getElementById('chat-unread-count').textContent = '1'")
    expect(badge).to_have_text("3 unread")
    expect(badge).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "no-javascript"])
def test_the_menu_opens_and_its_links_work_from_the_keyboard(
    phone, programme, pinned_clock, javascript
):
    page = phone(programme, javascript=javascript)
    page.goto("/")
    if javascript:
        check_accessibility(page)
    # Skip link, the name, Get help now, then Menu.
    for _ in range(4):
        page.keyboard.press("Tab")
    expect(_menu(page)).to_be_focused()
    page.keyboard.press("Enter")
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav).to_be_visible()
    expect(page.get_by_role("navigation", name="Your account")).to_be_visible()
    if javascript:
        check_accessibility(page)
        # Escape folds it again and puts focus back on Menu (menu.js); Enter opens it again.
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        expect(main_nav).to_be_hidden()
        expect(_menu(page)).to_be_focused()
        page.keyboard.press("Enter")
        expect(main_nav).to_be_visible()
    page.keyboard.press("Tab")
    expect(main_nav.get_by_role("link", name="Forums")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshops and drop-ins")
    if javascript:
        check_accessibility(page)
    # On the new page the menu is folded again, with Get help now still in sight.
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("link", name="Get help now").first).to_be_in_viewport()


def test_on_a_phone_the_events_page_shows_its_first_event_on_the_first_screen(
    phone, programme, pinned_clock
):
    page = phone(programme)
    page.goto("/events/")
    check_accessibility(page)
    assert _top(page.get_by_role("heading", level=1)) <= HEADING_TOP_AT_MOST
    first_card = page.locator(".card").first
    expect(first_card.get_by_role("heading")).to_be_in_viewport(ratio=1)
    expect(first_card.get_by_text("Next date")).to_be_in_viewport(ratio=1)
    expect(page.get_by_label("Council area")).to_be_hidden()
    _keep_screenshot(page, "events-375px")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "no-javascript"])
def test_the_folded_filters_say_what_is_chosen_and_can_be_changed(
    phone, programme, pinned_clock, javascript
):
    page = phone(javascript=javascript)
    page.goto("/events/?area=calderdale&format=online&date_from=2026-12-01&date_to=2026-12-31")
    if javascript:
        check_accessibility(page)
    summary = page.locator("summary", has_text="Filters:")
    expect(summary).to_have_text(
        re.compile(r"Filters:\s+Calderdale, online, this month\s+— change")
    )
    expect(page.get_by_role("heading", name="1 event found")).to_be_visible()
    expect(page.get_by_label("Council area")).to_be_hidden()

    # Open them from the keyboard, and widen the search to in person too.
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Council area")).to_have_value("calderdale")
    if javascript:
        check_accessibility(page)
    page.get_by_label("Online or in person").select_option(label="Online and in person")
    page.get_by_role("button", name="Show events").press("Enter")
    page.wait_for_url(re.compile(r"format=&"))
    expect(page.get_by_role("heading", name="3 events found")).to_be_visible()
    expect(page.locator("summary", has_text="Filters:")).to_have_text(
        re.compile(r"Filters:\s+Calderdale, this month\s+— change")
    )
    if javascript:
        check_accessibility(page)


def test_at_desktop_width_the_navigation_shows_with_no_menu_button(
    page, programme, live_server, pinned_clock
):
    _sign_in(page, programme, live_server.url)
    page.goto("/")
    check_accessibility(page)
    expect(_menu(page)).to_be_hidden()
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav).to_be_visible()
    expect(page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Your bookings")).to_be_visible()  # fmt: skip
    main_nav.get_by_role("link", name="Events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshops and drop-ins")
    check_accessibility(page)


@pytest.mark.parametrize("width", [375, 320])
def test_menu_and_get_help_now_never_cover_each_other(
    open_page, live_server, programme, pinned_clock, width
):
    page = open_page({"width": width, "height": 640})
    _sign_in(page, programme, live_server.url)
    page.goto("/")
    check_accessibility(page)
    # The widest Menu button: with its unread badge showing.
    page.evaluate("document.getElementById('unread-count').textContent = '12'")
    expect(_menu(page).locator("#menu-unread-count")).to_be_visible()
    menu = _menu(page).bounding_box()
    help_now = page.locator(".site-header .help-now").bounding_box()
    assert menu is not None and help_now is not None
    apart = (
        menu["x"] + menu["width"] <= help_now["x"]
        or menu["y"] >= help_now["y"] + help_now["height"]
        or help_now["y"] >= menu["y"] + menu["height"]
    )
    assert apart, (menu, help_now)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert _top(page.get_by_role("heading", level=1)) <= (
        HEADING_TOP_AT_MOST if width == 375 else 260
    )
