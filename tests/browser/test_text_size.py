"""Text size and contrast in real Chromium: a visitor changes both with the keyboard only and the
root font size grows; pages stay free of axe violations in high contrast and of sideways scrolling
at 320 px; checkboxes and radios are at least 40 pixels across; the dashboard's chart labels are
at least 16 pixels on a phone."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.factories import OrganisationFactory, staff_of

ROOT_FONT_SIZE = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
OVERLAP = """([first, second]) => {
    const a = document.querySelector(first).getBoundingClientRect();
    const b = document.querySelector(second).getBoundingClientRect();
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}"""
FOCUSED_MATCHES = "selector => document.activeElement.matches(selector)"
BOX = "selector => { const r = document.querySelector(selector).getBoundingClientRect(); return [r.width, r.height]; }"  # noqa: E501


def _tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab, as a keyboard user does, until the element `selector` names has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_MATCHES, selector):
            return
    pytest.fail(f"{selector} never took focus after {limit} presses of Tab")


def _sign_in(page, person, base_url: str) -> None:
    def session_key():
        client = Client()
        client.force_login(person)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": outside_event_loop(session_key)}
    page.context.add_cookies([{**cookie, "url": base_url}])


def test_a_visitor_changes_text_size_and_contrast_with_the_keyboard_only(open_page, db):
    page = open_page({"width": 1280, "height": 900})
    page.goto(reverse("home"))
    check_accessibility(page)
    standard = page.evaluate(ROOT_FONT_SIZE)

    # From the footer's link to the page, then through the form, with no mouse.
    _tab_to(page, 'footer a[href="/text-size/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/text-size/")
    check_accessibility(page)
    _tab_to(page, "#id_text_size_0")  # the ticked choice of the group takes focus
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_MATCHES, "#id_contrast_0")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_MATCHES, "button[type=submit]")
    with page.expect_navigation(url="**/text-size/"):
        page.keyboard.press("Enter")

    assert page.evaluate("document.documentElement.className") == "text-largest contrast-high"
    assert page.evaluate(ROOT_FONT_SIZE) == standard * 1.5
    assert page.locator("#id_text_size_2").is_checked()
    assert page.locator("#id_contrast_1").is_checked()
    assert "Your text size and contrast are saved" in page.locator("main").inner_text()
    check_accessibility(page)  # in high contrast

    # Every page after that, from the first paint; still whole at 320 px.
    page.set_viewport_size({"width": 320, "height": 640})
    for name in ("home", "events", "text_size"):
        page.goto(reverse(name))
        assert page.evaluate(ROOT_FONT_SIZE) == standard * 1.5
        assert not page.evaluate(SIDEWAYS), f"{name} scrolls sideways at 320 px in largest text"
        assert not page.evaluate(OVERLAP, [".menu-button", ".help-now"]), "Menu is covered"
        check_accessibility(page)


def test_the_device_s_wish_for_more_contrast_is_honoured(page, db):
    page.emulate_media(contrast="more")
    page.goto(reverse("text_size"))

    hint = page.locator("#id_text_size_helptext")
    assert hint.evaluate("element => getComputedStyle(element).color") == "rgb(0, 0, 0)"
    check_accessibility(page)


def test_checkboxes_and_radios_are_at_least_40_pixels_and_show_their_state(page, db):
    page.goto(reverse("account_login"))
    check_accessibility(page)
    checkbox = "input[type=checkbox]"
    width, height = page.evaluate(BOX, checkbox)
    assert width >= 40 and height >= 40

    _tab_to(page, checkbox)
    page.keyboard.press("Space")
    tick = page.evaluate(
        "selector => getComputedStyle(document.querySelector(selector), '::before').opacity",
        checkbox,
    )
    assert page.locator(checkbox).is_checked() and tick == "1"
    # Focus is shown by more than colour: the box's edge thickens.
    assert (
        page.evaluate(
            "selector => getComputedStyle(document.querySelector(selector)).borderTopWidth",
            checkbox,
        )
        == "4px"
    )

    page.goto(reverse("text_size"))
    check_accessibility(page)
    width, height = page.evaluate(BOX, "#id_contrast_1")
    assert width >= 40 and height >= 40


def test_the_attendance_chart_labels_are_at_least_16_pixels_on_a_phone(narrow_page, live_server):
    organisation = OrganisationFactory(slug="leeds-il", name="Leeds Independent Living")
    _sign_in(narrow_page, staff_of(organisation), live_server.url)

    narrow_page.goto(reverse("events_dashboard", args=["leeds-il"]))
    check_accessibility(narrow_page)

    labels = narrow_page.evaluate(
        """() => {
            const chart = document.querySelector('svg.chart').getBoundingClientRect();
            return [...document.querySelectorAll('svg.chart text')].map(text => {
                const box = text.getBoundingClientRect();
                return {
                    size: parseFloat(getComputedStyle(text).fontSize),
                    inside: box.left >= chart.left - 1 && box.right <= chart.right + 1
                        && box.top >= chart.top - 1 && box.bottom <= chart.bottom + 1,
                };
            });
        }"""
    )
    assert len(labels) >= 12 + 5  # a row a month, and the scale
    assert all(label["size"] >= 16 for label in labels)
    assert all(label["inside"] for label in labels), "a chart label runs outside the chart"
    assert not narrow_page.evaluate(SIDEWAYS)
