"""The writing toolbar in a real browser: Bold, List, Link and Quote over the reply box write the
Markdown around what is selected; it works with the keyboard alone (one Tab stop, arrow keys
between the buttons); axe finds nothing; and without JavaScript the box is the plain box it
always was, with a hint that mentions no buttons."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.factories import PersonFactory, theme
from tests.forums.factories import CategoryFactory, TopicFactory

BUTTONS_SENTENCE = "You can use the buttons to make text bold, a list or a link."


def sign_in(page, person, base_url: str) -> None:
    def session_key():
        client = Client()
        client.force_login(person)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": outside_event_loop(session_key)}
    page.context.add_cookies([{**cookie, "url": base_url}])


def open_reply_box(page, live_server):
    category = CategoryFactory(name="Employing a PA", slug="employing-a-pa", theme=theme())
    topic = TopicFactory(category=category, title="How do I pay my PA?")
    sign_in(page, PersonFactory(display_name="Wren"), live_server.url)
    page.goto(topic.get_absolute_url())
    return page.get_by_role("textbox", name="Your reply")


def select_in(box, start: int, end: int) -> None:
    box.evaluate("(box, [start, end]) => box.setSelectionRange(start, end)", [start, end])


def test_select_words_press_bold_and_they_are_wrapped_in_stars(page, live_server):
    box = open_reply_box(page, live_server)
    toolbar = page.get_by_role("toolbar", name="Formatting")
    expect(toolbar).to_be_visible()
    expect(page.get_by_text(BUTTONS_SENTENCE)).to_be_visible()
    check_accessibility(page)

    box.fill("Keep every payslip for six years.")
    select_in(box, 5, 18)  # "every payslip"
    toolbar.get_by_role("button", name="Bold").click()
    expect(box).to_have_value("Keep **every payslip** for six years.")
    # Back in the box, with the same words still selected.
    expect(box).to_be_focused()
    assert box.evaluate("box => box.value.slice(box.selectionStart, box.selectionEnd)") == (
        "every payslip"
    )
    # Pressed again, the stars go.
    toolbar.get_by_role("button", name="Bold").click()
    expect(box).to_have_value("Keep every payslip for six years.")


def test_list_quote_and_link_write_their_markdown(page, live_server):
    box = open_reply_box(page, live_server)
    toolbar = page.get_by_role("toolbar", name="Formatting")

    box.fill("You need:\nPayslips\nTimesheets")
    select_in(box, 10, 29)
    toolbar.get_by_role("button", name="List").click()
    expect(box).to_have_value("You need:\n\n- Payslips\n- Timesheets")

    box.fill("She said it was fine.")
    select_in(box, 0, 0)
    toolbar.get_by_role("button", name="Quote").click()
    expect(box).to_have_value("> She said it was fine.")

    box.fill("Read the council page.")
    select_in(box, 9, 21)  # "council page"
    toolbar.get_by_role("button", name="Link").click()
    expect(box).to_have_value("Read the [council page](https://).")
    # The address part is selected, so pasting or typing replaces it.
    page.keyboard.type("https://example.org/pay")
    expect(box).to_have_value("Read the [council page](https://example.org/pay).")
    check_accessibility(page)


def test_the_toolbar_works_with_the_keyboard_alone(page, live_server):
    box = open_reply_box(page, live_server)
    box.focus()
    page.keyboard.type("Ask for a review")
    page.keyboard.press("Shift+Home")  # select what was typed, as a keyboard user would
    # One Tab stop for the whole toolbar: Shift+Tab from the box lands on its first button.
    page.keyboard.press("Shift+Tab")
    bold = page.get_by_role("button", name="Bold")
    expect(bold).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("button", name="List")).to_be_focused()
    page.keyboard.press("End")
    expect(page.get_by_role("button", name="Quote")).to_be_focused()
    page.keyboard.press("ArrowRight")  # wraps round to the first
    expect(bold).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_have_value("**Ask for a review**")
    expect(box).to_be_focused()
    # The toolbar remembers the last button used: Shift+Tab lands on it again.
    page.keyboard.press("Shift+Tab")
    expect(bold).to_be_focused()
    assert page.get_by_role("button", name="List").get_attribute("tabindex") == "-1"
    check_accessibility(page)


def test_without_javascript_the_box_is_plain_and_the_hint_mentions_no_buttons(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        box = open_reply_box(page, live_server)
        expect(box).to_be_visible()
        expect(page.get_by_role("toolbar")).to_have_count(0)
        expect(page.get_by_text("Plain text is fine.")).to_be_visible()
        expect(page.get_by_text(BUTTONS_SENTENCE)).to_be_hidden()
    finally:
        context.close()
