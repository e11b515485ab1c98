"""/api/v1/auth/token/: e-mail and password for a token, then the token in the header."""

import pytest

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
