"""The pages people expect of any service: privacy notice, house rules, accessibility statement
and contact. Linked from every page's footer and from sign-up, naming the site from settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.frontend.conftest import page_text

ROOT = Path(__file__).resolve().parents[2]

# Each page's h2 headings, in the order a screen-reader user meets them.
HEADINGS = {
    "privacy": [
        "The short version",
        "Who looks after your information",
        "What we keep",
        "Why we keep it",
        "Who can see what",
        "How long we keep it",
        "Your rights",
        "How to ask",
        "If you are not happy",
        "Cookies",
    ],
    "house_rules": [
        "Be kind",
        "Keep private things private",
        "Share what you know, not orders",
        "Never post these",
        "If someone is in danger",
        "If something is wrong",
        "What moderators do",
    ],
    "accessibility": [
        "How you can use this site",
        "How we check it",
        "What does not work well yet",
        "Ask for another format",
        "Tell us about a problem",
        "If you are not happy with our reply",
        "About this statement",
    ],
    "contact": [
        "If someone is in danger now",
        "E-mail us",
        "What you can write to us about",
        "Other people who may help",
    ],
}
TITLES = {
    "privacy": "Privacy notice",
    "house_rules": "House rules",
    "accessibility": "Accessibility statement",
    "contact": "Contact us",
}
FOOTER_LINKS = {
    "house_rules": "House rules",
    "privacy": "Privacy",
    "accessibility": "Accessibility",
    "contact": "Contact us",
}


def headings(page: str, level: int) -> list[str]:
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", text).split()) for text in found]


def footer(page: str) -> str:
    return re.search(r'<footer class="site-footer">.*?</footer>', page, re.S).group(0)


@pytest.mark.parametrize("name", HEADINGS)
def test_each_page_has_one_title_and_its_sections_in_order(client, db, name):
    response = client.get(reverse(name))
    page = response.content.decode()
    assert response.status_code == 200
    assert headings(page, 1) == [TITLES[name]]
    assert f"<title>{TITLES[name]} – " in page
    assert headings(page, 2) == HEADINGS[name]


@pytest.mark.parametrize("name", HEADINGS)
def test_each_page_keeps_to_the_layout_and_the_content_security_policy(client, db, name):
    page = client.get(reverse(name)).content.decode()
    assert 'href="#main"' in page and '<main id="main"' in page
    assert " style=" not in page and "<style" not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None


@pytest.mark.parametrize("name", HEADINGS)
def test_each_page_reads_nothing_from_the_database_for_a_visitor(
    client, db, name, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", HEADINGS)
def test_each_page_costs_a_member_only_the_usual_header_queries(
    member_client, name, django_assert_max_num_queries
):
    # The session, the person and the header's two unread counts.
    with django_assert_max_num_queries(4):
        assert member_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("page_name", ["home", "forums", "events", "get_help", "account_login"])
def test_every_page_links_to_the_four_pages_from_its_footer(client, db, page_name):
    links = footer(client.get(reverse(page_name)).content.decode())
    for name, label in FOOTER_LINKS.items():
        assert f'<a href="{reverse(name)}">{label}</a>' in links


def test_a_members_pages_carry_the_same_footer_links(member_client):
    links = footer(member_client.get(reverse("my_profile")).content.decode())
    for name in FOOTER_LINKS:
        assert f'href="{reverse(name)}"' in links


def test_sign_up_says_what_happens_next_and_links_the_rules_and_the_privacy_notice(client, db):
    page = client.get(reverse("account_signup")).content.decode()
    assert "Signing up takes three steps" in page
    assert 'Open the link in it and press "Confirm"' in page
    agreement = re.search(r'<p id="signup-agreement">(.*?)</p>', page, re.S).group(1)
    assert f'<a href="{reverse("house_rules")}">house rules</a>' in agreement
    assert f'<a href="{reverse("privacy")}">privacy notice</a>' in agreement
    # Inside the form, just above the button that agrees to them.
    form = re.search(r'<form class="form".*?</form>', page, re.S).group(0)
    assert form.index('id="signup-agreement"') < form.index('type="submit"')


@override_settings(SITE_NAME="Kinship", CONTACT_EMAIL="write@kinship.example")
@pytest.mark.parametrize("name", ["privacy", "accessibility", "contact"])
def test_the_site_name_and_address_to_write_to_come_from_settings(client, db, name):
    response = client.get(reverse(name))
    text = page_text(response)
    assert "Kinship" in text
    assert 'href="mailto:write@kinship.example"' in response.content.decode()
    assert "hello@alongside.localhost" not in response.content.decode()


def test_privacy_notice_says_who_sees_access_needs_and_how_long_they_are_kept(client, db):
    text = page_text(client.get(reverse("privacy")))
    assert "Only the organisation that runs an event, and its hosts, see your access needs" in text
    assert "until 30 days after the date of the event has ended" in text
    assert "We never show your real name or your e-mail address to other members" in text
    assert '"A former member"' in text
    assert "the link works for 7 days" in text


@override_settings(ACCESS_NEEDS_KEPT_DAYS=14, DATA_EXPORT_DAYS=2)
def test_privacy_notice_states_the_periods_the_site_is_set_to_keep_things(client, db):
    text = page_text(client.get(reverse("privacy")))
    assert "until 14 days after the date of the event has ended" in text
    assert "the link works for 2 days" in text


def test_privacy_notice_links_to_the_tools_and_the_complaint_route(client, db):
    page = client.get(reverse("privacy")).content.decode()
    for name in ("my_data", "delete_account", "my_profile", "contact"):
        assert f'href="{reverse(name)}"' in page
    assert 'href="https://ico.org.uk/make-a-complaint/"' in page
    assert 'href="tel:03031231113"' in page


def test_contact_page_sends_emergencies_to_get_help_first(client, db):
    page = client.get(reverse("contact")).content.decode()
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    assert main.index(f'href="{reverse("get_help")}"') < main.index('href="mailto:')
    assert 'href="tel:999"' in main


def _contact_email(**env: str) -> str:
    """CONTACT_EMAIL as the settings module works it out from these environment variables."""
    skip = {"DEFAULT_FROM_EMAIL", "CONTACT_EMAIL", "SITE_NAME"}
    clean = {key: value for key, value in os.environ.items() if key not in skip}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.CONTACT_EMAIL)"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_contact_address_is_the_sender_address_unless_one_is_given():
    sender = "Kinship <hello@kinship.example>"
    assert _contact_email(DEFAULT_FROM_EMAIL=sender) == "hello@kinship.example"
    assert (
        _contact_email(DEFAULT_FROM_EMAIL=sender, CONTACT_EMAIL="privacy@kinship.example")
        == "privacy@kinship.example"
    )
    assert _contact_email() == "hello@alongside.localhost"
