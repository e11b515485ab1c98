"""/api/v1/people/<id>/: anyone's public profile, never their e-mail address or real name."""

import datetime

from django.urls import reverse

from community.models import Profile
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory


def test_public_profile_shows_badges_from_verified_organisations(client, org):
    person = PersonFactory(display_name="Ade")
    MembershipFactory(
        person=person, organisation=org, role="advisor", trained_on=datetime.date(2025, 3, 14)
    )
    MembershipFactory(person=person, organisation=OrganisationFactory(verified=False))

    response = client.get(f"/api/v1/people/{person.pk}/")

    assert response.status_code == 200
    assert response.json()["badges"] == [
        {
            "role": "advisor",
            "organisation": {"slug": "leeds-il", "name": "Leeds Independent Living"},
            "trained_on": "2025-03-14",
            "text": "Trained advisor — Leeds Independent Living, since March 2025",
        }
    ]


def test_public_profile_never_shows_email_or_real_name(signed_in, member):
    Profile.objects.filter(person=member).update(bio_html="<p>Hi</p>", area="leeds")
    viewer = PersonFactory()

    response = signed_in(viewer).get(f"/api/v1/people/{member.pk}/")

    assert set(response.json()) == {
        "id", "display_name", "i_am", "bio_html", "languages", "area", "badges",
    }  # fmt: skip
    assert member.email not in response.content.decode()
    assert "Samantha Secret" not in response.content.decode()


def test_closed_and_unknown_accounts_are_not_found(client, db):
    closed = PersonFactory(is_active=False)

    assert client.get(f"/api/v1/people/{closed.pk}/").json()["code"] == "not_found"
    assert client.get("/api/v1/people/999999/").status_code == 404
    assert client.get("/api/v1/people/abc/").status_code == 404


def test_profile_url_is_named_for_reversing(db):
    assert reverse("api:person-detail", args=[7]) == "/api/v1/people/7/"
