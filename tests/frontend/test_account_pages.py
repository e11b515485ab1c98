"""The accounts pages (allauth) inside our own layout, with forms anyone can use.

These rely on frontend's templates being found before allauth's own (frontend above allauth in
INSTALLED_APPS).
"""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from community.models import User
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.frontend.conftest import page_text, signed_in

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_email_verification_sent",
    "account_inactive",
]
SIGNED_IN_PAGES = [
    "account_logout",
    "account_change_password",
    "account_email",
    "account_reauthenticate",
]


def assert_uses_our_layout(response):
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB">' in page
    assert 'href="#main"' in page and '<main id="main"' in page
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    assert '<meta name="robots" content="noindex">' in page
    assert " style=" not in page


def assert_every_input_has_a_label(response):
    page = response.content.decode()
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", page):
        if re.search(r'type="(hidden|submit)"', tag):
            continue
        field_id = re.search(r'\bid="([^"]+)"', tag)
        assert field_id, f"control without an id: {tag}"
        assert f'for="{field_id.group(1)}"' in page, f"no label for {tag}"


@pytest.fixture
def account(db):
    person = PersonFactory(email="lee@example.org", display_name="Lee")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_account_pages_use_our_layout_for_visitors(client, db, name):
    response = client.get(reverse(name))
    assert_uses_our_layout(response)
    assert_every_input_has_a_label(response)


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_account_pages_use_our_layout_for_members(account, name):
    response = signed_in(account).get(reverse(name))
    assert_uses_our_layout(response)
    assert_every_input_has_a_label(response)


def test_email_confirmation_page_renders_for_a_real_key_and_a_bad_one(client, db):
    person = PersonFactory()
    address = EmailAddress.objects.create(user=person, email=person.email, verified=False)
    key = EmailConfirmationHMAC(address).key
    assert_uses_our_layout(client.get(reverse("account_confirm_email", args=[key])))
    assert_uses_our_layout(client.get(reverse("account_confirm_email", args=["not-a-key"])))


def test_password_reset_from_key_renders_for_a_real_key_and_a_bad_one(client, account):
    url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(account),
            "key": default_token_generator.make_token(account),
        },
    )
    response = client.get(url, follow=True)
    assert_uses_our_layout(response)
    assert_every_input_has_a_label(response)
    assert 'name="password1"' in response.content.decode()

    bad = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad"})
    assert_uses_our_layout(client.get(bad, follow=True))


def test_sign_up_asks_for_a_display_name_with_a_hint(client, db):
    page = client.get(reverse("account_signup")).content.decode()
    assert '<label class="label" for="id_display_name">Display name</label>' in page
    assert 'aria-describedby="id_display_name_helptext"' in page


def test_sign_up_stores_the_display_name(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "display_name": "New Person",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@example.org").display_name == "New Person"


def test_sign_up_errors_sit_next_to_the_field_and_keep_what_was_typed(client, account):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "other@example.org",
            "display_name": "lee",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )
    page = response.content.decode()
    assert 'value="other@example.org"' in page
    assert re.search(r'id="id_display_name_error">.*?Someone already uses that name', page, re.S)
    assert "There is a problem" in page
    assert not User.objects.filter(email="other@example.org").exists()


def test_a_wrong_password_is_reported_at_the_top_of_the_form(client, account):
    response = client.post(
        reverse("account_login"), {"login": account.email, "password": "wrong-password"}
    )
    text = page_text(response)
    assert "There is a problem" in text
    assert "The e-mail address or password is not right. Check them and try again." in text
    assert "<title>Error: Log in" in response.content.decode()


def test_members_can_log_in_through_the_page(client, account):
    response = client.post(
        reverse("account_login"), {"login": account.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert "Your profile" in client.get(reverse("home")).content.decode()
