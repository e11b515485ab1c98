"""What a screen-reader user hears, and journeys done with the keyboard alone, with and without
JavaScript.

Heard: after booking, posting a reply and cancelling, the page's accessibility tree (Playwright's
ARIA snapshot, what a screen reader reads) has the success banner as an alert whose heading says
what happened; focus is on that banner, and the page's title starts with the same words.

Keyboard: sign up, ask a question, book a place for someone you care for, change your text size,
and find a word in the glossary, moving only with Tab (arrow keys inside a group of radio
buttons, as a keyboard user does), typing, and Enter or Space. No mouse click anywhere. Each
journey runs twice: with JavaScript, and with JavaScript switched off.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Locator, Page, expect

from community.models import User
from events.models import Booking
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import PersonFactory
from tests.forums.factories import CategoryFactory, TopicFactory

MODES = ["keyboard", "keyboard-without-javascript"]
NEW_PASSWORD = "kettle-on-by-the-window-73"
TABS = 250  # more Tab presses than any page has stops before what a journey needs


# ---- Helpers ----


def _session_cookie(person: User) -> str:
    client = Client()
    client.force_login(person)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def sign_in(page: Page, person: User, base_url: str) -> None:
    cookie = outside_event_loop(_session_cookie, person)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )


@pytest.fixture
def tab_for(browser, live_server):
    """A tab in its own browser context, with JavaScript on or off."""
    contexts = []

    def open_tab(mode: str = "keyboard") -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
            timezone_id="Europe/London",
            java_script_enabled=mode != "keyboard-without-javascript",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.javascript = mode != "keyboard-without-javascript"
        return page

    yield open_tab
    for context in contexts:
        context.close()


def check(page: Page) -> None:
    """axe-core on the page. It is a script, so a tab without JavaScript cannot run it: there the
    journey itself is the test, and its twin with JavaScript runs axe on the same pages (the
    server cannot tell the two apart, so it sends the same HTML)."""
    if page.javascript:
        check_accessibility(page)


def _is_focused(target: Locator) -> bool:
    return target.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has focus (inside a group of radio buttons, the arrow keys move
    to the one wanted, and choose it, as they do for anyone using a keyboard).

    The target is found once, before any key is pressed, so a page that lacks it fails at once
    rather than waiting out a timeout on every press.
    """
    expect(target.first).to_be_attached()
    element = target.first.element_handle()
    radio_name = element.get_attribute("name") if element.get_attribute("type") == "radio" else None
    for _ in range(TABS):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "(el) => el === document.activeElement ? 'there'"
            " : (document.activeElement && document.activeElement.type === 'radio'"
            " ? document.activeElement.name : null)",
            element,
        )
        if where == "there":
            return
        if radio_name and where == radio_name:
            for _ in range(10):
                page.keyboard.press("ArrowDown")
                if element.evaluate("el => el === document.activeElement"):
                    return
    raise AssertionError(f"Tab never reached {target} on {page.url}")


def type_into(page: Page, field: Locator, text: str) -> None:
    tab_to(page, field)
    page.keyboard.type(text)


def press(page: Page, target: Locator, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def heard_banner(page: Page, said: str | re.Pattern) -> None:
    """The success banner as a screen reader meets it: an alert, holding a heading that says
    what happened, with focus on it, and the page's title starting with the same words."""
    banner = page.get_by_role("alert").filter(has=page.get_by_role("heading", name=said)).first
    expect(banner).to_be_visible()
    snapshot = banner.aria_snapshot().replace("''", "'")  # YAML doubles quotes inside quotes
    words = " ".join(banner.get_by_role("heading").first.inner_text().split()).rstrip(".")
    assert re.match(r"- '?alert\b", snapshot), snapshot
    assert f'heading "{words}' in snapshot and "[level=2]" in snapshot, snapshot
    assert re.search(said, words) if isinstance(said, re.Pattern) else said in words, snapshot
    expect(page).to_have_title(re.compile("^" + re.escape(words)))
    assert _is_focused(banner), f"focus is not on the banner on {page.url}"


# ---- Data (made outside Playwright's event loop: services notify) ----


def _date():
    event = EventFactory(title="Carers' drop-in", slug="carers-drop-in", capacity=10)
    return OccurrenceFactory(event=event, start=uk_time(4, 14), end=uk_time(4, 16))


def _member_and_date():
    return PersonFactory(display_name="Raj"), _date()


def _member_and_topic():
    member = PersonFactory(display_name="Raj")
    topic = TopicFactory(category=CategoryFactory(), title="Can I pay my daughter as my PA?")
    return member, topic


# ---- Heard: the banner after booking, posting and cancelling ----


def test_after_booking_and_cancelling_the_banner_says_what_happened(tab_for, live_server):
    member, date = outside_event_loop(_member_and_date)
    page = tab_for()
    sign_in(page, member, live_server.url)
    page.goto(f"/events/{date.event.slug}/")
    page.get_by_role("main").get_by_role("link", name=re.compile("^Book a place")).first.click()
    page.get_by_role("main").get_by_role("button", name="Book a place").click()
    heard_banner(page, re.compile("Carers' drop-in|place|Booked", re.I))
    check_accessibility(page)

    booking = outside_event_loop(lambda: Booking.objects.get(person=member))
    page.goto(f"/events/my-bookings/{booking.pk}/cancel/")
    page.get_by_role("main").get_by_role("button", name="Yes, cancel my booking").click()
    heard_banner(page, re.compile("cancel", re.I))
    check_accessibility(page)


def test_after_posting_a_reply_the_banner_says_what_happened(tab_for, live_server):
    member, topic = outside_event_loop(_member_and_topic)
    page = tab_for()
    sign_in(page, member, live_server.url)
    page.goto(f"/forums/t/{topic.pk}/{topic.slug}/")
    page.get_by_label("Your reply").fill("Yes, if the council agrees it is necessary.")
    page.get_by_role("button", name="Post your reply").click()
    heard_banner(page, re.compile("reply|posted", re.I))
    check_accessibility(page)


# ---- Keyboard only, with and without JavaScript ----


@pytest.mark.parametrize("mode", MODES)
def test_sign_up_with_the_keyboard(tab_for, mode):
    page = tab_for(mode)
    page.goto("/")
    press(
        page,
        page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign up"),
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("sign up", re.I))
    check(page)
    type_into(page, page.get_by_label(re.compile(r"^e-?mail", re.I)), "margaret@example.org")
    type_into(page, page.get_by_label("Display name"), "Knitting Nan")
    type_into(page, page.get_by_label("Password", exact=True), NEW_PASSWORD)
    type_into(
        page,
        page.get_by_label(re.compile(r"password.*(again|confirm)|(again|confirm).*password", re.I)),
        NEW_PASSWORD,
    )
    press(page, page.get_by_role("main").get_by_role("button", name=re.compile("sign up", re.I)))
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("e-?mail", re.I))
    check(page)


@pytest.mark.parametrize("mode", MODES)
def test_ask_a_question_with_the_keyboard(tab_for, live_server, mode):
    member, topic = outside_event_loop(_member_and_topic)
    page = tab_for(mode)
    sign_in(page, member, live_server.url)
    page.goto(f"/forums/c/{topic.category.slug}/")
    press(page, page.get_by_role("main").get_by_role("link", name=re.compile("^Ask a question")))
    expect(page.get_by_label("Your question or topic in one sentence")).to_be_visible()
    check(page)
    question = page.get_by_label("Your question or topic in one sentence")
    type_into(page, question, "Can my PA drive my car to appointments?")
    theme = page.get_by_label(re.compile("Which (theme|part of the forums)", re.I))
    if theme.count() and not theme.input_value():
        tab_to(page, theme)
        page.keyboard.press("ArrowDown")
    press(page, page.get_by_role("main").get_by_role("button", name="Continue"))
    expect(page.get_by_label("Say more")).to_be_visible()
    check(page)
    type_into(page, page.get_by_label("Say more"), "Who pays for the insurance if they do?")
    press(page, page.get_by_role("main").get_by_role("button", name="Post it"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Can my PA drive my car")
    expect(page.get_by_role("alert").first).to_contain_text(re.compile("posted|waiting", re.I))
    check(page)


@pytest.mark.parametrize("mode", MODES)
def test_book_a_place_for_someone_you_care_for_with_the_keyboard(tab_for, live_server, mode):
    member, date = outside_event_loop(_member_and_date)
    page = tab_for(mode)
    sign_in(page, member, live_server.url)
    page.goto(f"/events/{date.event.slug}/")
    press(page, page.get_by_role("main").get_by_role("link", name=re.compile("^Book a place")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a place")
    check(page)
    press(page, page.get_by_role("radio", name="For the person I care for"), "Space")
    expect(page.get_by_role("radio", name="For the person I care for")).to_be_checked()
    type_into(page, page.get_by_label("Their first name"), "Edna")
    press(page, page.get_by_role("main").get_by_role("button", name="Book a place"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bookings")
    expect(page.get_by_role("alert").filter(has_text="Edna has a place")).to_be_visible()
    check(page)
    booked = outside_event_loop(
        lambda: list(
            Booking.objects.filter(person=member).values_list("for_person_name", flat=True)
        )
    )
    assert booked == ["Edna"]


@pytest.mark.parametrize("mode", MODES)
def test_change_your_text_size_with_the_keyboard(tab_for, mode):
    page = tab_for(mode)
    page.goto("/")
    press(page, page.get_by_role("link", name="Text size and contrast"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Text size and contrast")
    check(page)
    press(page, page.get_by_role("radio", name=re.compile("^Larger")), "Space")
    expect(page.get_by_role("radio", name=re.compile("^Larger"))).to_be_checked()
    press(page, page.get_by_role("button", name="Save text size and contrast"))
    expect(page.get_by_role("alert").first).to_contain_text("saved")
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-larger\b"))
    check(page)
    page.goto("/events/")  # remembered on this device
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-larger\b"))
    check(page)


@pytest.mark.parametrize("mode", MODES)
def test_find_a_word_in_the_glossary_with_the_keyboard(tab_for, mode):
    page = tab_for(mode)
    page.goto("/")
    press(page, page.get_by_role("link", name="What the words mean").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("What the words mean")
    check(page)
    index = page.get_by_role("navigation", name="Find a word")
    press(page, index.get_by_role("link", name=re.compile("^Direct payment", re.I)).first)
    expect(page).to_have_url(re.compile(r"#"))
    entry = page.get_by_role("heading", level=2, name=re.compile("^Direct payment", re.I)).first
    expect(entry).to_be_in_viewport()
    section = page.get_by_role("region", name=re.compile("^Direct payment", re.I)).first
    expect(section).to_contain_text(re.compile("money", re.I))
    check(page)
