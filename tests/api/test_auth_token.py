"""/api/v1/auth/token/: e-mail and password for a token, then the token in the header."""

import datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.api.conftest import confirm_email
from tests.factories import DEFAULT_PASSWORD, PersonFactory


@pytest.fixture
def confirmed(db):
    return confirm_email(PersonFactory(email="ade@example.org", real_name="Ade Private"))


def test_token_auth_works_end_to_end(client, confirmed):
    response = client.post(
        "/api/v1/auth/token/", data={"email": "Ade@Example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["real_name"] == "Ade Private"
    # Token writes need no CSRF token and no session.
    changed = client.patch("/api/v1/me/", data={"display_name": "Ade Token"})
    assert changed.json()["display_name"] == "Ade Token"

    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/me/").json()["code"] == "authentication_failed"


def test_asking_again_gives_the_same_token(client, confirmed):
    data = {"email": confirmed.email, "password": DEFAULT_PASSWORD}

    first = client.post("/api/v1/auth/token/", data=data).json()["token"]
    second = client.post("/api/v1/auth/token/", data=data).json()["token"]

    assert first == second


@pytest.mark.parametrize(
    "email, password",
    [("ade@example.org", "wrong-password"), ("nobody@example.org", DEFAULT_PASSWORD)],
)
def test_wrong_credentials_are_400_invalid_credentials(client, confirmed, email, password):
    response = client.post("/api/v1/auth/token/", data={"email": email, "password": password})

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_credentials",
        "detail": "That e-mail address and password do not match an account.",
    }


def test_a_closed_account_gets_no_token(client, confirmed):
    confirmed.is_active = False
    confirmed.save()

    response = client.post(
        "/api/v1/auth/token/", data={"email": confirmed.email, "password": DEFAULT_PASSWORD}
    )

    assert response.json()["code"] == "invalid_credentials"


def test_an_unconfirmed_email_address_gets_no_token(client, db):
    person = PersonFactory()

    response = client.post(
        "/api/v1/auth/token/", data={"email": person.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "email_not_verified"


def test_missing_fields_are_invalid(client, db):
    response = client.post("/api/v1/auth/token/", data={"email": "not-an-email"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == {"email", "password"}


def test_token_requests_are_throttled_by_their_own_rate(client, confirmed, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "100/min", "token": "3/min"},
    }
    data = {"email": confirmed.email, "password": "guess"}
    for _ in range(3):
        assert client.post("/api/v1/auth/token/", data=data).status_code == 400

    response = client.post("/api/v1/auth/token/", data=data)

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


def test_giving_up_a_token_needs_signing_in(client, db):
    response = client.delete("/api/v1/auth/token/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


TOKEN_URL = "/api/v1/auth/token/"
TOO_MANY = "Too many tries. Wait 5 minutes and try again."


def _ask(client, email, password, **extra):
    return client.post(TOKEN_URL, data={"email": email, "password": password}, **extra)


def test_made_up_forwarded_for_headers_do_not_skip_the_limit_per_address(client, db):
    # Issue 15: 40 guesses, each with a new made-up X-Forwarded-For, were all answered.
    answers = [
        _ask(client, f"someone{n}@example.org", "guess", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1")
        for n in range(40)
    ]

    assert [a.status_code for a in answers] == [400] * 10 + [429] * 30
    assert answers[-1].json()["code"] == "throttled"


def test_behind_a_trusted_proxy_the_client_written_part_of_the_header_changes_nothing(
    client, db, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    answers = [
        _ask(
            client,
            f"someone{n}@example.org",
            "guess",
            HTTP_X_FORWARDED_FOR=f"10.9.{n}.1, 198.51.100.9",
            REMOTE_ADDR="10.0.0.2",
        )
        for n in range(12)
    ]
    from_elsewhere = _ask(
        client, "someone@example.org", "guess", HTTP_X_FORWARDED_FOR="198.51.100.10"
    )

    assert [a.status_code for a in answers] == [400] * 10 + [429] * 2
    # Another client behind the same proxy has its own allowance.
    assert from_elsewhere.status_code == 400


def test_guesses_at_one_account_from_many_addresses_are_refused_after_five(
    client, confirmed, django_assert_num_queries
):
    answers = [
        _ask(client, confirmed.email, f"guess-{n}", REMOTE_ADDR=f"198.51.100.{n}")
        for n in range(1, 20)
    ]
    with django_assert_num_queries(1):  # the account behind the address; no password check
        last = _ask(client, confirmed.email, "guess-20", REMOTE_ADDR="198.51.100.20")

    assert [a.status_code for a in answers[:5]] == [400] * 5
    assert {a.status_code for a in answers[5:]} == {429}
    assert last.status_code == 429
    assert last.json() == {"code": "too_many_password_guesses", "detail": TOO_MANY}
    assert last["Retry-After"] == "300"


def test_the_right_password_is_refused_until_the_wait_is_over(client, confirmed):
    with time_machine.travel("2026-03-02 10:00:00Z", tick=False) as clock:
        for n in range(5):
            _ask(client, confirmed.email, "guess", REMOTE_ADDR=f"198.51.100.{n}")
        refused = _ask(client, confirmed.email, DEFAULT_PASSWORD, REMOTE_ADDR="192.0.2.1")
        clock.shift(datetime.timedelta(minutes=4, seconds=59))
        still_refused = _ask(client, confirmed.email, DEFAULT_PASSWORD, REMOTE_ADDR="192.0.2.2")
        clock.shift(datetime.timedelta(seconds=2))
        allowed = _ask(client, confirmed.email, DEFAULT_PASSWORD, REMOTE_ADDR="192.0.2.3")

    assert refused.json()["code"] == still_refused.json()["code"] == "too_many_password_guesses"
    assert allowed.status_code == 200


def test_every_address_of_an_account_and_any_capitals_share_its_count(client, confirmed):
    EmailAddress.objects.create(user=confirmed, email="ade.work@example.org", verified=True)
    typed = ["ade@example.org", "ADE@example.org", "ade.work@example.org", "Ade.Work@Example.org"]
    for n, email in enumerate(typed + ["ade@example.org"]):
        assert _ask(client, email, "guess", REMOTE_ADDR=f"198.51.100.{n}").status_code == 400

    refused = _ask(client, "ade.work@example.org", DEFAULT_PASSWORD, REMOTE_ADDR="192.0.2.1")

    assert refused.json()["code"] == "too_many_password_guesses"


def test_right_passwords_do_not_use_up_the_allowance(client, confirmed):
    answers = [
        _ask(client, confirmed.email, DEFAULT_PASSWORD, REMOTE_ADDR=f"198.51.100.{n}")
        for n in range(8)
    ]

    assert {a.status_code for a in answers} == {200}


def test_the_log_in_page_and_the_token_endpoint_share_one_count_per_account(confirmed):
    pages = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(3):
        pages.post(reverse("account_login"), {"login": confirmed.email, "password": "guess"})
    api = APIClient(REMOTE_ADDR="198.51.100.2")
    answers = [_ask(api, confirmed.email, "guess").status_code for _ in range(3)]

    assert answers == [400, 400, 429]


def test_new_ipv6_addresses_from_one_network_do_not_skip_the_limit_per_address(client, db):
    answers = [
        _ask(client, f"someone{n}@example.org", "guess", REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")
        for n in range(12)
    ]

    assert [a.status_code for a in answers] == [400] * 10 + [429] * 2
    # The API's own throttle counts the network, before any password is looked at.
    assert answers[-1].json()["code"] == "throttled"
