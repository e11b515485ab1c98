"""Account rules that protect people: no e-mail enumeration, verification, login rate limits."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many tries. Wait 5 minutes and try again."


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
    assert TOO_MANY not in pages[0]
    assert TOO_MANY in pages[-1]
    # Even the right password is refused while the limit holds.
    right = client.post(
        reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert TOO_MANY in right.content.decode()
    assert "_auth_user_id" not in client.session


def _verified(**fields):
    person = PersonFactory(**fields)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def _log_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def _refused(response):
    return response.status_code == 429 or TOO_MANY in response.content.decode()


def test_made_up_forwarded_for_headers_do_not_skip_the_log_in_limit_per_address(client):
    # Issue 15: a new made-up X-Forwarded-For on each guess must not make a new client.
    pages = [
        _log_in(client, f"someone{n}@example.org", "guess", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1")
        for n in range(40)
    ]

    assert [_refused(page) for page in pages] == [False] * 10 + [True] * 30


def test_log_in_guesses_at_one_account_from_many_addresses_are_refused_after_five(
    client, django_assert_num_queries
):
    person = _verified(email="target@example.org")
    pages = [
        _log_in(client, "Target@Example.org", f"guess-{n}", REMOTE_ADDR=f"198.51.100.{n}")
        for n in range(1, 20)
    ]
    with django_assert_num_queries(1):  # the account behind the address; no password check
        last = _log_in(client, person.email, DEFAULT_PASSWORD, REMOTE_ADDR="198.51.100.20")

    assert [_refused(page) for page in pages] == [False] * 5 + [True] * 14
    assert last.status_code == 200
    assert TOO_MANY in last.content.decode()
    assert "_auth_user_id" not in client.session


def test_changing_a_password_checks_the_current_one_against_the_shared_count(client):
    person = _verified(email="changer@example.org")
    for n in range(3):
        _log_in(Client(), person.email, "guess", REMOTE_ADDR=f"198.51.100.{n}")
    client.force_login(person)
    url = reverse("account_change_password")

    def change(old):
        return client.post(
            url,
            {
                "oldpassword": old,
                "password1": "a-new-long-phrase-7",
                "password2": "a-new-long-phrase-7",
            },
        )

    wrong = [change("guess").content.decode() for _ in range(2)]
    refused = change(DEFAULT_PASSWORD)

    assert all(
        "Your current password is not right. Check it and try again." in page for page in wrong
    )
    assert refused.status_code == 200
    assert TOO_MANY in refused.content.decode()
    person.refresh_from_db()
    assert person.check_password(DEFAULT_PASSWORD)


def test_changing_a_password_with_the_right_current_one_still_works(client):
    # Accounts made without an EmailAddress row (by staff, in the admin) as well.
    person = PersonFactory()
    client.force_login(person)

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "a-new-long-phrase-7",
            "password2": "a-new-long-phrase-7",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a-new-long-phrase-7")


def test_re_authenticating_is_refused_while_the_account_limit_holds(client):
    person = _verified(email="reauth@example.org")
    client.force_login(person)
    url = reverse("account_reauthenticate")
    assert client.post(url, {"password": DEFAULT_PASSWORD}).status_code == 302
    for n in range(5):
        _log_in(Client(), person.email, "guess", REMOTE_ADDR=f"198.51.100.{n}")

    refused = client.post(url, {"password": DEFAULT_PASSWORD})

    assert refused.status_code == 200
    assert TOO_MANY in refused.content.decode()


def test_re_authenticating_guesses_count_against_the_account(client):
    person = _verified(email="reauth@example.org")
    client.force_login(person)
    for _ in range(5):
        client.post(reverse("account_reauthenticate"), {"password": "guess"})

    assert _refused(_log_in(Client(), person.email, DEFAULT_PASSWORD, REMOTE_ADDR="192.0.2.1"))


def test_the_admin_log_in_counts_guesses_per_account_too(client):
    person = _verified(email="admin@example.org", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    pages = [
        client.post(
            url, {"username": person.email, "password": "guess"}, REMOTE_ADDR=f"198.51.100.{n}"
        )
        for n in range(5)
    ]

    refused = client.post(
        url, {"username": person.email, "password": DEFAULT_PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )

    assert not any(_refused(page) for page in pages)
    assert TOO_MANY in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_log_in_still_lets_staff_in(client):
    person = _verified(email="admin@example.org", is_staff=True, is_superuser=True)

    response = client.post(
        reverse("admin:login"), {"username": person.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
