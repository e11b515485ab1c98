"""Account rules that protect people: no e-mail enumeration, verification, login rate limits."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, email, display_name):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "display_name": display_name,
            "password1": "plenty-of-words-here-9",
            "password2": "plenty-of-words-here-9",
        },
    )


def test_signing_up_sends_a_verification_link_and_does_not_log_in(client):
    response = _sign_up(client, "new.person@example.org", "Robin")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert "_auth_user_id" not in client.session


def test_signing_up_with_a_registered_email_looks_the_same_and_tells_only_the_owner(client):
    PersonFactory(email="taken@example.org", display_name="Existing")
    new = _sign_up(client, "fresh@example.org", "Fresh Person")
    client.logout()
    again = _sign_up(client, "taken@example.org", "Another Person")
    assert again.status_code == new.status_code == 302
    assert again["Location"] == new["Location"]
    # The owner of the address hears about it; the person signing up learns nothing.
    assert [m.to for m in mail.outbox] == [["fresh@example.org"], ["taken@example.org"]]
    assert "/accounts/confirm-email/" not in mail.outbox[1].body


def test_an_unverified_account_cannot_log_in_until_the_link_is_opened(client):
    person = PersonFactory(email="unverified@example.org")
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    client.post(reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_are_rate_limited(client):
    person = PersonFactory(email="target@example.org")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    pages = [
        client.post(
            reverse("account_login"), {"login": person.email, "password": "wrong-guess"}
        ).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts" in pages[-1]
    # Even the right password is refused while the limit holds.
    right = client.post(
        reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert "Too many failed login attempts" in right.content.decode()
    assert "_auth_user_id" not in client.session
