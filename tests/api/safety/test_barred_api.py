"""A suspended or banned person is refused by the API with 403 and its own code, whether they
use a session or a token; lifting it lets them back."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from community.safety.restrictions import act_on_person
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def token_client(person) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person).key}")
    return client


def test_a_suspended_person_is_refused_by_session_and_token(signed_in, moderator, member):
    act_on_person(actor=moderator, person=member, action="suspend", days=2, reason="Spamming")

    for client in (signed_in(member), token_client(member)):
        response = client.get("/api/v1/me/")
        assert response.status_code == 403
        assert response.json()["code"] == "suspended"
        assert "suspended until" in response.json()["detail"]
        assert "Spamming" in response.json()["detail"]


def test_a_banned_person_is_refused_even_on_public_lists(signed_in, moderator, member):
    act_on_person(actor=moderator, person=member, action="ban", reason="Scamming people")

    for client in (signed_in(member), token_client(member)):
        response = client.get("/api/v1/organisations/")
        assert response.status_code == 403
        assert response.json() == {
            "code": "banned",
            "detail": "Your account has been banned because: Scamming people",
        }


def test_lifting_lets_the_person_back(signed_in, moderator, member):
    act_on_person(actor=moderator, person=member, action="ban", reason="Scamming people")
    act_on_person(actor=moderator, person=member, action="lift", reason="Appeal upheld")

    assert token_client(member).get("/api/v1/me/").status_code == 200


@pytest.mark.parametrize(
    ("action", "days", "code"), [("suspend", 2, "suspended"), ("ban", None, "banned")]
)
def test_a_barred_person_gets_no_token_and_is_told_why(moderator, member, action, days, code):
    act_on_person(actor=moderator, person=member, action=action, days=days, reason="Spamming")

    response = APIClient().post(
        "/api/v1/auth/token/", data={"email": member.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 403
    assert response.json()["code"] == code and "Spamming" in response.json()["detail"]
    assert not Token.objects.filter(user=member).exists()
