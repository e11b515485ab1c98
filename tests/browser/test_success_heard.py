"""Success messages are heard (issue 14 point 1), in real Chromium: after booking, cancelling and
replying, focus is on the banner that says what happened, the accessibility tree announces it
as an alert named by its headline, the title starts with it, and axe finds nothing. After a
reply the banner links on to the reply; after an address with a #part focus still goes to the
banner; without JavaScript the banner is first in <main> and the title still says it."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from events.models import Event
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import PersonFactory
from tests.forums.factories import CategoryFactory
from tests.forums.fixtures import ask

FOCUSED = """() => {
  const focused = document.activeElement;
  return {
    banner: focused.matches("[data-banner]"),
    role: focused.getAttribute("role"),
    name: document.getElementById(focused.getAttribute("aria-labelledby") || "")?.textContent,
  };
}"""


def _sign_in(page, person, base_url: str) -> None:
    """The person's session cookie in the tab (logging in is the account journeys' business)."""

    def session_key():
        client = Client()
        client.force_login(person)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": outside_event_loop(session_key)}
    page.context.add_cookies([{**cookie, "url": base_url}])


def first_in_main(snapshot: str) -> str:
    """The first thing under "- main:" in an ARIA snapshot of <main>, as a screen reader meets
    it: `alert "Booked: …"` (the YAML's quoting undone)."""
    lines = snapshot.splitlines()
    assert lines[0].strip() == "- main:", snapshot
    first = lines[1].strip().removeprefix("- ").removesuffix(":")
    if first.startswith("'") and first.endswith("'"):
        first = first[1:-1].replace("''", "'")
    return first


def assert_heard(page, headline: re.Pattern) -> None:
    """Focus is on the banner, the accessibility tree has it as an alert named by its headline
    at the top of <main>, and the page's title starts with the headline."""
    banner = page.get_by_role("alert").first
    expect(banner).to_be_focused()
    focused = page.evaluate(FOCUSED)
    assert focused["banner"] and focused["role"] == "alert"
    assert headline.match(" ".join(focused["name"].split())), focused
    expect(banner).to_have_accessible_name(headline)
    heard = page.locator("main").aria_snapshot()
    first_line = first_in_main(heard)
    assert first_line.startswith("alert "), heard
    assert headline.match(first_line.removeprefix("alert ").strip('"')), heard
    expect(page).to_have_title(re.compile("^" + headline.pattern.removeprefix("^")))


@pytest.fixture
def drop_in_date(db):
    event = EventFactory(
        kind=Event.Kind.DROP_IN, title="Carers' drop-in", slug="carers-drop-in", capacity=4
    )
    return OccurrenceFactory(event=event, start=uk_time(3, 10), end=uk_time(3, 12), capacity=4)


def test_booking_and_cancelling_are_heard(page, live_server, drop_in_date):
    member = PersonFactory(display_name="Rosa")
    _sign_in(page, member, live_server.url)
    page.goto(reverse("events_book", args=[drop_in_date.event.slug, drop_in_date.pk]))
    check_accessibility(page)
    page.get_by_role("main").get_by_role("button", name="Book a place").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your bookings")
    booked = re.compile(r"^Booked: Carers' drop-in on \w+day \d+ \w+")
    assert_heard(page, booked)
    expect(page.locator("main")).to_match_aria_snapshot(
        r"""
        - alert:
          - heading /^Booked.\sCarers' drop-in on/ [level=2]
          - paragraph: You have a place. We have sent you an e-mail with the details.
        """
    )
    check_accessibility(page)

    # Tab leaves the banner for what follows it; it does not come back into the tab order.
    page.keyboard.press("Tab")
    expect(page.get_by_role("alert")).not_to_be_focused()
    expect(page.get_by_role("alert")).not_to_have_attribute("tabindex", "-1")

    page.get_by_role("link", name=re.compile("^Cancel this booking")).click()
    check_accessibility(page)
    page.get_by_role("button", name="Yes, cancel my booking").click()
    cancelled = re.compile(r"^Cancelled: Carers' drop-in on \w+day \d+ \w+")
    assert_heard(page, cancelled)
    expect(page.get_by_role("alert")).to_contain_text("The place is cancelled.")
    check_accessibility(page)


def test_after_a_reply_the_banner_is_heard_and_links_on_to_the_reply(page, live_server):
    category = CategoryFactory(name="Employing a PA", slug="employing-a-pa")
    topic = outside_event_loop(ask, PersonFactory(display_name="Kestrel"), category)
    _sign_in(page, PersonFactory(display_name="Marigold"), live_server.url)
    page.goto(topic.get_absolute_url())
    check_accessibility(page)
    page.get_by_role("textbox", name="Your reply").fill("Ask the council for a review.")
    page.get_by_role("button", name="Post your reply").click()

    # The page opens at its top, not at #post-2 below the banner.
    expect(page).to_have_url(re.compile(r"\?page=1$"))
    assert_heard(page, re.compile("^Your reply is posted"))
    check_accessibility(page)

    # The next Tab is the banner's link, which goes on to the reply.
    page.keyboard.press("Tab")
    go_on = page.get_by_role("link", name="Go to your reply")
    expect(go_on).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?page=1#post-2$"))
    expect(page.locator("#post-2")).to_be_in_viewport()
    expect(page.locator("#post-2")).to_contain_text("Ask the council for a review")
    check_accessibility(page)


def test_after_an_address_with_a_part_focus_still_goes_to_the_banner(page, live_server):
    _sign_in(page, PersonFactory(display_name="Rosa"), live_server.url)
    page.goto(reverse("events_my_bookings"))
    check_accessibility(page)
    page.get_by_role("button", name="Stop reminder e-mails").click()
    # The address ends in #reminders, where browsers skip autofocus: the script focuses it.
    expect(page).to_have_url(re.compile("#reminders$"))
    assert_heard(page, re.compile("^We will not send you reminder e-mails"))
    check_accessibility(page)


def test_without_javascript_the_banner_is_first_in_main_and_the_title_says_it(
    browser, live_server, drop_in_date
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        _sign_in(page, PersonFactory(display_name="Rosa"), live_server.url)
        page.goto(reverse("events_book", args=[drop_in_date.event.slug, drop_in_date.pk]))
        page.get_by_role("main").get_by_role("button", name="Book a place").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your bookings")
        expect(page).to_have_title(re.compile(r"^Booked: Carers' drop-in on .* – Your bookings"))
        heard = page.locator("main").aria_snapshot()
        assert first_in_main(heard).startswith("alert "), heard
        assert "Booked: Carers' drop-in on" in first_in_main(heard)
    finally:
        context.close()
