"""The e-mails the account system sends speak in our voice: plain English, the site named from
settings (SITE_NAME, SITE_URL, DEFAULT_FROM_EMAIL), never allauth's own wording."""

import datetime
import re
from pathlib import Path

import allauth
import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.template.loader import get_template
from django.test import override_settings
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

ALLAUTH_EMAILS = Path(allauth.__file__).parent / "templates" / "account" / "email"
OUR_EMAILS = Path(__file__).resolve().parents[1] / "frontend" / "templates" / "account" / "email"
NEW_PASSWORD = "another-long-phrase-77"
KINSHIP = {
    "SITE_NAME": "Kinship",
    "SITE_URL": "https://kinship.example",
    "DEFAULT_FROM_EMAIL": "Kinship <hello@kinship.example>",
}
# allauth's own phrases that must never reach anyone.
ALLAUTH_WORDING = [
    "Please Confirm",
    "has given your email address",
    "Hello from",
    "Thank you for using",
    "You're receiving this email",
    "You are receiving this",
    "example.com",
    "alongside.localhost",
]


def _sign_up(client, email="new.person@example.org", display_name="Jo"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "display_name": display_name,
            "password1": "plenty-of-words-here-9",
            "password2": "plenty-of-words-here-9",
        },
    )


def _account(email="lee@example.org"):
    person = PersonFactory(email=email, display_name="Lee")
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def _assert_in_our_voice(message, *, site_name="Alongside"):
    for phrase in ALLAUTH_WORDING:
        assert phrase not in message.subject + message.body, phrase
    assert message.subject.startswith(f"{site_name}: ")
    assert message.body.startswith("Hello,\n")
    # Plain text only: allauth would attach HTML if an .html template existed.
    assert not message.alternatives
    assert message.body.rstrip().splitlines()[-2] == site_name


def test_every_account_email_allauth_can_send_has_our_own_wording():
    for name in sorted(path.name for path in ALLAUTH_EMAILS.glob("*.txt")):
        origin = Path(get_template(f"account/email/{name}").origin.name)
        assert origin == OUR_EMAILS / name, f"{name} still comes from allauth"


def test_the_sign_up_email_says_what_to_do_in_plain_english(client):
    _sign_up(client, display_name="Jo")
    [message] = mail.outbox
    _assert_in_our_voice(message)
    assert message.subject == "Alongside: finish signing up"
    assert message.from_email == "Alongside <hello@alongside.localhost>"
    assert "Thank you for signing up to Alongside." in message.body
    assert re.search(
        r'open this link and press "Confirm":\nhttps?://\S+/accounts/confirm-email/\S+\n',
        message.body,
    )
    assert "The link works for 3 days." in message.body
    assert "If you did not sign up, you do not need to do anything." in message.body
    assert "user Jo" not in message.body


@override_settings(**KINSHIP)
def test_the_sign_up_email_names_the_site_and_sender_from_settings(client):
    _sign_up(client)
    [message] = mail.outbox
    _assert_in_our_voice(message, site_name="Kinship")
    assert message.subject == "Kinship: finish signing up"
    assert message.from_email == "Kinship <hello@kinship.example>"
    assert "Thank you for signing up to Kinship." in message.body
    assert "https://kinship.example/contact/" in message.body
    assert "Alongside" not in message.body


def test_the_password_reset_email_says_how_long_the_link_works(client):
    _account("lee@example.org")
    client.post(reverse("account_reset_password"), {"email": "lee@example.org"})
    [message] = mail.outbox
    _assert_in_our_voice(message)
    assert message.subject == "Alongside: choose a new password"
    assert re.search(
        r"open this link:\nhttps?://\S+/accounts/password/reset/key/\S+\n", message.body
    )
    assert "The link works for 3 days." in message.body
    assert "Your password stays the same." in message.body


@override_settings(PASSWORD_RESET_TIMEOUT=24 * 3600, **KINSHIP)
def test_the_password_reset_email_names_the_site_and_the_link_life_from_settings(client):
    _account("lee@example.org")
    client.post(reverse("account_reset_password"), {"email": "lee@example.org"})
    [message] = mail.outbox
    _assert_in_our_voice(message, site_name="Kinship")
    assert message.subject == "Kinship: choose a new password"
    assert message.from_email == "Kinship <hello@kinship.example>"
    assert "the Kinship account with this e-mail address" in message.body
    assert "The link works for 1 day." in message.body


def test_asking_to_reset_an_unknown_address_says_there_is_no_account(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    [message] = mail.outbox
    _assert_in_our_voice(message)
    assert message.subject == "Alongside: we could not find your account"
    assert "we have no account with this address" in message.body
    assert "/accounts/signup/" in message.body


def test_signing_up_again_tells_the_owner_they_already_have_an_account(client):
    _account("taken@example.org")
    _sign_up(client, email="taken@example.org", display_name="Someone Else")
    [message] = mail.outbox
    _assert_in_our_voice(message)
    assert message.subject == "Alongside: you already have an account"
    assert "/accounts/password/reset/" in message.body
    assert "Someone Else" not in message.body


@time_machine.travel(datetime.datetime(2026, 7, 1, 14, 30, tzinfo=datetime.UTC), tick=False)
def test_changing_a_password_tells_the_owner_when_and_what_to_do_if_it_was_not_them(client):
    person = _account("lee@example.org")
    client.force_login(person)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    [message] = mail.outbox
    _assert_in_our_voice(message)
    assert message.to == ["lee@example.org"]
    assert message.subject == "Alongside: your password was changed"
    # UK summer time: an hour ahead of UTC.
    assert "When: Wednesday 1 July 2026, 15:30 (UK time)" in message.body
    assert "If this was not you, someone else may be using your account." in message.body
    assert "http://127.0.0.1:8000/accounts/password/reset/" in message.body
