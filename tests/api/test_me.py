"""/api/v1/me/: a person's own account, and changing their profile."""

from community.models import Notification, Profile, User
from tests.factories import MembershipFactory, PersonFactory


def test_own_account_shows_private_fields_only_to_themself(signed_in, member, org):
    MembershipFactory(person=member, organisation=org, role="advisor")
    Notification.objects.create(recipient=member, kind="community.role_granted", message="Hello")

    response = signed_in(member).get("/api/v1/me/")

    body = response.json()
    assert response.status_code == 200
    assert body["email"] == member.email
    assert body["real_name"] == "Samantha Secret"
    assert body["display_name"] == "Sam Member"
    assert body["unread_notifications"] == 1
    assert [badge["organisation"]["slug"] for badge in body["badges"]] == ["leeds-il"]
    assert set(body) >= {"i_am", "bio", "bio_html", "languages", "area"}


def test_anonymous_cannot_see_an_own_account(client, db):
    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_changing_one_field_keeps_the_others(signed_in, member):
    client = signed_in(member)
    client.patch(
        "/api/v1/me/",
        data={"bio": "I employ two *PAs*.", "languages": ["en", "bfi"], "area": "leeds"},
    )

    response = client.patch("/api/v1/me/", data={"display_name": "Sam B"})

    body = response.json()
    assert response.status_code == 200
    assert body["display_name"] == "Sam B"
    assert body["real_name"] == "Samantha Secret"
    assert body["bio"] == "I employ two *PAs*."
    assert body["bio_html"] == "<p>I employ two <em>PAs</em>.</p>"
    assert body["languages"] == ["en", "bfi"]
    assert body["area"] == "leeds"


def test_a_bio_is_sanitised_when_saved(signed_in, member):
    response = signed_in(member).patch(
        "/api/v1/me/", data={"bio": "<script>alert(1)</script>[me](javascript:alert(1))"}
    )

    assert response.status_code == 200
    assert "<script" not in response.json()["bio_html"]
    assert 'href="javascript' not in response.json()["bio_html"]


def test_a_display_name_someone_else_uses_is_refused_with_its_code(signed_in, member):
    PersonFactory(display_name="Taken Name")

    response = signed_in(member).patch("/api/v1/me/", data={"display_name": "taken name"})

    assert response.status_code == 400
    assert response.json() == {
        "code": "display_name_taken",
        "detail": "Someone already uses that name. Try another.",
        "fields": {"display_name": ["Someone already uses that name. Try another."]},
    }
    assert User.objects.get(pk=member.pk).display_name == "Sam Member"


def test_an_unknown_language_is_invalid(signed_in, member):
    response = signed_in(member).patch("/api/v1/me/", data={"languages": ["klingon"]})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == ["languages.0"]


def test_email_cannot_be_changed_here(signed_in, member):
    response = signed_in(member).patch("/api/v1/me/", data={"email": "new@example.org"})

    assert response.status_code == 200
    assert User.objects.get(pk=member.pk).email == member.email


def test_an_account_without_a_profile_yet_can_write_one(signed_in, member):
    Profile.objects.filter(person=member).delete()

    response = signed_in(member).patch("/api/v1/me/", data={"area": "york"})

    assert response.status_code == 200
    assert response.json()["area"] == "york"
    assert response.json()["display_name"] == "Sam Member"
