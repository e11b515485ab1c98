"""The site frame and the pages with no data of their own."""

import re

import pytest
from django.urls import reverse

from tests.factories import PersonFactory
from tests.frontend.conftest import page_text, signed_in

PUBLIC_PAGES = ["home", "get_help", "forums", "events", "advisors", "organisations"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_render_for_anyone(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_page_has_one_h1_landmarks_and_a_skip_link(client, db, name):
    page = client.get(reverse(name)).content.decode()
    assert page.count("<h1") == 1
    assert '<html lang="en-GB">' in page
    assert 'href="#main"' in page and '<main id="main"' in page
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in page


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_pages_keep_to_the_content_security_policy(client, db, name):
    """No inline styles or scripts: the policy allows only files from our own origin."""
    page = client.get(reverse(name)).content.decode()
    assert " style=" not in page
    assert "<style" not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None


def test_every_page_links_to_get_help_now(client, db):
    page = client.get(reverse("organisations")).content.decode()
    assert f'href="{reverse("get_help")}"' in page
    assert "Get help now" in page


def test_header_offers_log_in_and_sign_up_to_anonymous_visitors(client, db):
    page = client.get(reverse("home")).content.decode()
    assert reverse("account_login") in page
    assert reverse("account_signup") in page
    assert 'id="unread-count"' not in page
    assert "data-live-url" not in page


def test_members_header_shows_unread_count_with_an_accessible_label(db):
    from community.services.notifications import notify

    person = PersonFactory()
    for _ in range(3):
        notify(recipient=person, kind="community.role_granted", message="Hello")
    page = signed_in(person).get(reverse("home")).content.decode()
    assert re.search(r'<span id="unread-count"[^>]*>3</span>', page)
    assert 'aria-label="Notifications, 3 unread"' in page
    assert 'data-live-url="/ws/me/"' in page
    assert "js/live.js" in page


def test_members_header_hides_the_badge_when_nothing_is_unread(member_client):
    page = member_client.get(reverse("home")).content.decode()
    assert re.search(r'<span id="unread-count"[^>]*hidden[^>]*>0</span>', page)
    assert 'aria-label="Notifications, none unread"' in page


def test_members_header_logs_out_with_a_post_form(member_client):
    page = member_client.get(reverse("home")).content.decode()
    assert re.search(rf'<form[^>]*method="post"[^>]*action="{reverse("account_logout")}"', page)
    assert "Your profile" in page


def test_get_help_page_gives_emergency_numbers_that_can_be_tapped(client, db):
    response = client.get(reverse("get_help"))
    page = response.content.decode()
    text = page_text(response)
    for number, tel in (("999", "tel:999"), ("111", "tel:111"), ("116 123", "tel:116123")):
        assert number in text
        assert f'href="{tel}"' in page
    assert "volunteers" in text and "not an emergency service" in text


def test_home_page_explains_personal_budgets_and_direct_payments(client, db):
    text = page_text(client.get(reverse("home")))
    assert "personal budget" in text
    assert "direct payment" in text
    assert "peer support" in text


def test_chat_asks_visitors_to_sign_in(client, db):
    response = client.get(reverse("chat"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_current_page_is_marked_in_the_navigation(client, db):
    page = client.get(reverse("advisors")).content.decode()
    assert f'href="{reverse("advisors")}" aria-current="page"' in page


def test_unknown_address_shows_our_page_not_found(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_messages_are_shown_in_an_alert_banner(member_client):
    response = member_client.post(reverse("notifications_mark_read"), follow=True)
    page = response.content.decode()
    assert re.search(r'<div class="messages">\s*<div class="banner [^"]*" role="alert"', page)


def test_the_crash_page_stands_alone_with_the_way_to_urgent_help():
    """Shown when the site itself is broken: still our layout, made without the database (no
    `db` fixture here, so any query would fail the test)."""
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "<title>Sorry, something went wrong – Alongside</title>" in page
    assert "<h1>Sorry, something went wrong</h1>" in page
    assert 'href="tel:999"' in page and '<main id="main"' in page
