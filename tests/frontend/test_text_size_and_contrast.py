"""The "Text size and contrast" page: a member's choice saved on their account, a visitor's in a
cookie, the choice drawn as classes on <html> by the server, a form that needs no JavaScript, and a
clear error for a value that is not on the list."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import User
from community.safety.account_data import export_account
from frontend.shared.text_size import COOKIE_NAME
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text, signed_in

URL = reverse("text_size")


def _html_tag(response) -> str:
    match = re.search(r"<html[^>]*>", response.content.decode())
    assert match, "no <html> tag"
    return match.group(0)


def _checked(response, name: str) -> list[str]:
    """The values of the radios of this name that are ticked."""
    return re.findall(
        rf'<input type="radio" name="{name}" value="([a-z]+)"[^>]*\bchecked\b',
        response.content.decode(),
    )


def test_a_member_s_choice_is_saved_on_their_account(member_client, member):
    response = member_client.post(URL, {"text_size": "largest", "contrast": "high"})

    assert response.status_code == 302
    assert response.url == URL
    member.refresh_from_db()
    assert (member.text_size, member.contrast) == ("largest", "high")

    page = member_client.get(URL)
    assert 'class="text-largest contrast-high"' in _html_tag(page)
    assert "Your text size and contrast are saved" in page_text(page)
    assert _checked(page, "text_size") == ["largest"]
    assert _checked(page, "contrast") == ["high"]


def test_a_member_s_setting_follows_them_to_another_device(member):
    User.objects.filter(pk=member.pk).update(text_size="larger")

    page = signed_in(member).get(reverse("home"))

    assert 'class="text-larger"' in _html_tag(page)


def test_a_member_s_saved_setting_wins_over_an_old_cookie_on_the_device(member):
    User.objects.filter(pk=member.pk).update(contrast="high")
    client = signed_in(member)
    client.cookies[COOKIE_NAME] = "largest.standard"

    assert 'class="contrast-high"' in _html_tag(client.get(reverse("home")))


def test_a_visitor_s_choice_is_kept_in_a_cookie_for_a_year(client, db):
    response = client.post(URL, {"text_size": "larger", "contrast": "standard"})

    assert response.status_code == 302
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "larger.standard"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    # Every page after that is drawn larger, from the first byte.
    assert 'class="text-larger"' in _html_tag(client.get(reverse("events")))
    assert _checked(client.get(URL), "text_size") == ["larger"]


def test_a_member_s_choice_is_also_remembered_on_the_device_for_after_they_log_out(
    member_client,
):
    response = member_client.post(URL, {"text_size": "largest", "contrast": "standard"})
    member_client.post(reverse("account_logout"))

    home = member_client.get(reverse("home"))

    assert response.cookies[COOKIE_NAME].value == "largest.standard"
    assert "Log in" in page_text(home)
    assert 'class="text-largest"' in _html_tag(home)


def test_the_cookie_is_secure_when_sessions_are(client, db, settings):
    settings.SESSION_COOKIE_SECURE = True

    response = client.post(URL, {"text_size": "larger", "contrast": "high"}, secure=True)

    assert response.cookies[COOKIE_NAME]["secure"]


def test_the_cookie_is_not_marked_secure_when_sessions_are_not(client, db, settings):
    settings.SESSION_COOKIE_SECURE = False

    response = client.post(URL, {"text_size": "larger", "contrast": "high"})

    assert not response.cookies[COOKIE_NAME]["secure"]


def test_the_standard_setting_puts_no_class_on_html(client, db):
    assert _html_tag(client.get(reverse("home"))) == '<html lang="en-GB">'

    client.post(URL, {"text_size": "standard", "contrast": "standard"})

    assert _html_tag(client.get(reverse("home"))) == '<html lang="en-GB">'


@pytest.mark.parametrize(
    ("cookie", "classes"),
    [
        ("huge.neon", None),
        ("largest", "text-largest"),
        (".high", "contrast-high"),
        ('"><script>', None),
        ("", None),
    ],
)
def test_a_cookie_we_cannot_read_counts_as_standard(client, db, cookie, classes):
    client.cookies[COOKIE_NAME] = cookie

    response = client.get(reverse("home"))

    assert response.status_code == 200
    expected = f'<html lang="en-GB" class="{classes}">' if classes else '<html lang="en-GB">'
    assert _html_tag(response) == expected


def test_the_form_works_without_javascript(db):
    client = Client(enforce_csrf_checks=True)
    page = client.get(URL)
    content = page.content.decode()

    assert page.status_code == 200
    assert re.search(r"<h1>Text size and contrast</h1>", content)
    assert f'<form class="form" method="post" action="{URL}" novalidate>' in content
    # Two questions, each a fieldset whose legend asks it, each choice with its own label.
    assert re.search(r'<legend class="label">Text size</legend>', content)
    assert re.search(r'<legend class="label">Contrast</legend>', content)
    for value in ("standard", "larger", "largest"):
        assert re.search(rf'<input type="radio" name="text_size" value="{value}"[^>]*id=', content)
    assert '<label class="choice-label" for="id_text_size_2">Largest' in content
    assert _checked(page, "text_size") == ["standard"]
    assert _checked(page, "contrast") == ["standard"]
    assert "in a small file called a cookie" in page_text(page)

    # Without the form's token the post is refused; with it, it works.
    refused = client.post(URL, {"text_size": "larger", "contrast": "standard"})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
    saved = client.post(
        URL, {"text_size": "larger", "contrast": "standard", "csrfmiddlewaretoken": token}
    )

    assert refused.status_code == 403
    assert saved.status_code == 302


def test_a_value_not_on_the_list_gives_a_clear_error_and_keeps_the_other_choice(
    member_client, member
):
    response = member_client.post(URL, {"text_size": "huge", "contrast": "high"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "<title>Error: Text size and contrast – Alongside</title>" in content
    assert (
        '<a href="#id_text_size_0">Choose a text size: standard, larger or largest.</a>' in content
    )
    assert 'id="id_text_size_error"' in content
    assert _checked(response, "contrast") == ["high"]
    member.refresh_from_db()
    assert (member.text_size, member.contrast) == ("standard", "standard")
    assert COOKIE_NAME not in response.cookies


def test_sending_nothing_names_both_questions(client, db):
    response = client.post(URL, {})

    assert response.status_code == 400
    text = page_text(response)
    assert "Choose a text size: standard, larger or largest." in text
    assert "Choose a contrast: standard or high." in text


def test_the_page_is_linked_from_the_footer_and_the_account_menu(client, member_client):
    visitor_page = client.get(reverse("home")).content.decode()
    member_page = member_client.get(reverse("home")).content.decode()

    footer = visitor_page[visitor_page.index('<footer class="site-footer">') :]
    assert f'<a href="{URL}">Text size and contrast</a>' in footer
    account_menu = member_page[member_page.index('aria-label="Your account"') :]
    account_menu = account_menu[: account_menu.index("</nav>")]
    assert f'<a href="{URL}">Text size and contrast</a>' in account_menu


def test_the_setting_costs_no_query_on_a_page(member):
    """A signed-in person's setting is on their account, which every request loads anyway."""
    standard = signed_in(member)
    larger = signed_in(PersonFactory(text_size="largest", contrast="high"))
    standard.get(reverse("home"))  # warm the header's caches for both
    larger.get(reverse("home"))

    with CaptureQueriesContext(connection) as plain:
        standard.get(reverse("forums"))
    with CaptureQueriesContext(connection) as chosen:
        page = larger.get(reverse("forums"))

    assert 'class="text-largest contrast-high"' in _html_tag(page)
    assert len(chosen) == len(plain)


def test_the_setting_is_in_the_person_s_own_data_export(member):
    User.objects.filter(pk=member.pk).update(text_size="larger", contrast="high")
    member.refresh_from_db()

    (account,) = export_account(member)

    assert (account["text_size"], account["contrast"]) == ("Larger", "High contrast")
