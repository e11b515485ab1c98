"""Whole journeys in a real browser, through the pages people see, with axe-core on every page.

Locators go by role and label, as a screen reader would find things: a missing label fails here.
"""

import datetime
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from community.models import User
from tests.browser.accessibility import check_accessibility
from tests.browser.support import fill_date, outside_event_loop
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, PersonFactory, staff_of

NEW_PASSWORD = "kettle-on-by-the-window-73"
CONFIRM_LINK = re.compile(r"https?://[^\s/]+(/accounts/confirm-email/[^\s]+)")


def email_field(page):
    return page.get_by_label(re.compile(r"^e-?mail", re.IGNORECASE))


def account_nav(page):
    """The "Your account" links. On a phone they are folded behind Menu: open it first."""
    menu = page.locator("details.site-menu:not([open]) > summary")
    if menu.is_visible():
        menu.click()
    return page.get_by_role("navigation", name="Your account")


def log_in(page, *, email: str, password: str) -> None:
    """From any page: the Log in link, the form, and back to a signed-in page."""
    account_nav(page).get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("log in", re.I))
    check_accessibility(page)
    email_field(page).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name=re.compile("^log in", re.I)).click()
    page.wait_for_url(lambda url: "/login/" not in url)
    expect(account_nav(page).get_by_role("link", name="Your profile")).to_be_visible()
    check_accessibility(page)


def test_sign_up_verify_log_in_edit_profile_public_profile_hides_real_name(open_page):
    page = open_page()
    page.goto("/")
    check_accessibility(page)

    # Sign up.
    account_nav(page).get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("sign up", re.I))
    check_accessibility(page)
    email_field(page).fill("margaret@example.org")
    page.get_by_label("Display name").fill("Knitting Nan")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label(
        re.compile(r"password.*(again|confirm)|(again|confirm).*password", re.I)
    ).fill(NEW_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=re.compile("sign up", re.I)).click()

    # "Check your e-mail": allauth has sent the link, into the test outbox.
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("e-?mail", re.I))
    check_accessibility(page)
    assert [message.to for message in mail.outbox] == [["margaret@example.org"]]
    link = CONFIRM_LINK.search(mail.outbox[0].body)
    assert link, mail.outbox[0].body

    # Open the link and confirm.
    page.goto(link.group(1))
    check_accessibility(page)
    page.get_by_role("main").get_by_role("button", name=re.compile("confirm", re.I)).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert EmailAddress.objects.get(email="margaret@example.org").verified
    check_accessibility(page)

    # Log in from the page the confirmation left us on.
    email_field(page).fill("margaret@example.org")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=re.compile("^log in", re.I)).click()
    expect(account_nav(page).get_by_role("link", name="Your profile")).to_be_visible()
    check_accessibility(page)

    # Tell people a little, and set a real name that must stay private.
    account_nav(page).get_by_role("link", name="Your profile").click()
    expect(page).to_have_url(re.compile(r"/profile/$"))
    check_accessibility(page)
    expect(page.get_by_label("Display name")).to_have_value("Knitting Nan")
    page.get_by_label("Your real name").fill("Margaret Example")
    page.get_by_label("About you").fill("I care for my husband and manage his direct payment.")
    page.get_by_label("Your council area").select_option(label="Leeds")
    page.get_by_role("main").get_by_role("button", name=re.compile("save", re.I)).click()
    expect(page.get_by_role("alert").filter(has_text="saved").first).to_be_visible()
    check_accessibility(page)
    expect(page.get_by_label("Your real name")).to_have_value("Margaret Example")

    # The public profile, as she sees it herself: display name, bio, area, never the real name.
    person = User.objects.get(email="margaret@example.org")
    assert person.real_name == "Margaret Example"
    page.get_by_role("link", name="See your profile as others see it").click()
    expect(page).to_have_url(re.compile(rf"/people/{person.pk}/$"))
    check_accessibility(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Knitting Nan")
    expect(page.get_by_role("main")).to_contain_text("manage his direct payment")
    expect(page.get_by_role("main")).to_contain_text("Leeds")
    assert "Margaret Example" not in page.content()

    # And as a stranger who is not signed in.
    stranger = open_page()
    stranger.goto(f"/people/{person.pk}/")
    check_accessibility(stranger)
    expect(stranger.get_by_role("heading", level=1)).to_contain_text("Knitting Nan")
    assert "Margaret Example" not in stranger.content()


def test_staff_grant_advisor_role_badge_appears(page):
    organisation = OrganisationFactory(
        name="Riverside Independent Living", slug="riverside-independent-living", verified=True
    )
    staff = staff_of(organisation, email="sam@riverside.example", display_name="Sam at Riverside")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    member = PersonFactory(email="harbour@example.org", display_name="Harbour Light")

    page.goto("/")
    check_accessibility(page)
    log_in(page, email=staff.email, password=DEFAULT_PASSWORD)

    # Find the organisation the way a person would: the list, then its page.
    page.get_by_role("contentinfo").get_by_role("link", name="Organisations").click()
    expect(page).to_have_url(re.compile(r"/organisations/$"))
    check_accessibility(page)
    page.get_by_role("main").get_by_role("link", name="Riverside Independent Living").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Independent Living")
    check_accessibility(page)

    # Give the member the advisor role, with the day they finished their training.
    roles = page.get_by_role("region", name="People and roles")
    roles.get_by_label("E-mail address of the person").fill(member.email)
    roles.get_by_role("radio", name="Trained advisor").check()
    fill_date(roles, "Training date", datetime.date(2025, 3, 14))
    roles.get_by_role("button", name="Give role").click()
    expect(page.get_by_role("alert").filter(has_text="Harbour Light is now").first).to_be_visible()
    check_accessibility(page)

    # Their public profile now carries the badge, with the organisation and the month.
    page.get_by_role("main").get_by_role("link", name="Harbour Light").first.click()
    expect(page).to_have_url(re.compile(rf"/people/{member.pk}/$"))
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text(
        "Trained advisor — Riverside Independent Living, since March 2025"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/help/",
        "/organisations/",
        "/advisors/",
        "/privacy/",
        "/house-rules/",
        "/accessibility/",
        "/contact/",
    ],
    ids=lambda path: path.strip("/") or "home",
)
def test_public_pages_are_accessible_and_fit_a_320px_screen(narrow_page, path):
    # The demo community, so the lists have real-looking content to lay out.
    outside_event_loop(call_command, "seed_demo", stdout=io.StringIO())

    narrow_page.goto(path)
    check_accessibility(narrow_page)

    styled = narrow_page.evaluate(
        "() => [...document.styleSheets].some(sheet => sheet.cssRules.length > 0)"
    )
    assert styled, "the stylesheet did not load"
    scroll_width = narrow_page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path} scrolls sideways at 320px: {scroll_width}px wide"


def test_managing_e_mail_addresses_in_plain_words_fits_a_320px_screen(narrow_page):
    """A 60-character address wraps; the only address has no Remove button; a second address
    can be made the main one and the old one removed, without JavaScript."""
    long_address = "margaret.knitting.nan.from.the.allotments@example-carers.org"
    assert len(long_address) == 60
    person = PersonFactory(email=long_address)
    EmailAddress.objects.create(user=person, email=long_address, verified=True, primary=True)
    page = narrow_page
    page.goto("/accounts/login/")
    check_accessibility(page)
    email_field(page).fill(long_address)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_label("Keep me logged in on this device").check()
    page.get_by_role("main").get_by_role("button", name=re.compile("^log in", re.I)).click()
    check_accessibility(page)

    page.goto("/accounts/email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your e-mail addresses")
    check_accessibility(page)
    expect(page.get_by_role("button", name=re.compile("remove", re.I))).to_have_count(0)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"the e-mail page scrolls sideways at 320px: {scroll_width}px"

    # A second address, confirmed, then made the main one; the long one is removed.
    EmailAddress.objects.create(user=person, email="nan@example.org", verified=True)
    page.reload()
    check_accessibility(page)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"the e-mail page scrolls sideways at 320px: {scroll_width}px"
    page.get_by_role("radio", name=re.compile("nan@example.org")).check()
    page.get_by_role("button", name="Make it my main address").click()
    expect(page.get_by_text("Your main e-mail address is changed.")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("radio", name=re.compile(re.escape(long_address))).check()
    page.get_by_role("button", name="Remove the address you chose").click()
    expect(page.get_by_text(f"{long_address} is removed from your account.")).to_be_visible()
    check_accessibility(page)
    assert list(EmailAddress.objects.filter(user=person).values_list("email", flat=True)) == [
        "nan@example.org"
    ]
