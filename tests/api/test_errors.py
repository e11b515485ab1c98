"""Every error is JSON with a stable code; bad input never causes a 500."""

import pytest

from community.models import Organisation
from tests.factories import PersonFactory


@pytest.fixture
def strict_write_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "2/min", "token": "2/min"},
    }


def test_unknown_api_url_answers_json_404_not_the_html_page(client, db):
    response = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT="text/html")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
    assert "docs" in response.json()["detail"]


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_unknown_api_url_answers_404_for_every_method(client, db, method):
    response = getattr(client, method)("/api/nothing/here/")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": response.json()["detail"]}


def test_api_url_without_its_trailing_slash_gets_a_hint(client, db):
    response = client.get("/api/v1/organisations")

    assert response.status_code == 404
    assert "/api/v1/organisations/" in response.json()["detail"]


def test_malformed_json_is_a_400_parse_error(signed_in, member):
    response = signed_in(member).patch(
        "/api/v1/me/", data='{"display_name": ', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "parse_error",
        "detail": "We could not read what was sent. Check it is valid JSON.",
    }


def test_wrong_shape_of_json_is_a_400_not_a_500(signed_in, member):
    response = signed_in(member).post(
        "/api/v1/notifications/mark-read/", data=[1, 2], format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_validation_errors_name_each_field(signed_in, member):
    response = signed_in(member).post(
        "/api/v1/notifications/mark-read/", data={"ids": [1, "two"]}, format="json"
    )

    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "invalid"
    assert body["detail"]
    assert body["fields"] == {"ids.1": ["A valid integer is required."]}


def test_unsupported_media_type_has_its_code(signed_in, member):
    response = signed_in(member).patch("/api/v1/me/", data="x", content_type="text/csv")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_anonymous_write_is_401_with_code_and_challenge(client, org):
    response = client.patch(f"/api/v1/organisations/{org.slug}/", data={"name": "Taken over"})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"code": "not_authenticated", "detail": "Sign in to do this."}
    assert Organisation.objects.get(pk=org.pk).name == "Leeds Independent Living"


def test_a_wrong_token_is_401_authentication_failed(client, db):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-real-token")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_method_not_allowed_has_its_code(signed_in, staff, org):
    response = signed_in(staff).put(f"/api/v1/organisations/{org.slug}/", data={"name": "New"})

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_not_found_has_its_code(client, db):
    response = client.get("/api/v1/organisations/nobody-by-this-name/")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "We could not find that."}


def test_writes_are_throttled_per_person_with_a_retry_after(signed_in, member, strict_write_rate):
    client = signed_in(member)
    for _ in range(2):
        assert client.post("/api/v1/notifications/mark-read/", data={}).status_code == 200

    response = client.post("/api/v1/notifications/mark-read/", data={})

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) >= 1
    # Someone else is not held back by this person's writes.
    other = PersonFactory()
    client.force_login(other)
    assert client.post("/api/v1/notifications/mark-read/", data={}).status_code == 200


def test_reads_are_not_counted_against_the_write_rate(signed_in, member, strict_write_rate):
    client = signed_in(member)
    for _ in range(5):
        assert client.get("/api/v1/me/").status_code == 200
    assert client.post("/api/v1/notifications/mark-read/", data={}).status_code == 200
