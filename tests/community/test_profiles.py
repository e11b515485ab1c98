"""Creating a profile: every account has one, made in one place (Profile.objects.for_person,
reached through community.services.profiles.ensure_profile) by sign-up, the account manager,
profile editing, the profile page and the API."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from community.models import Profile, User
from community.services.profiles import ensure_profile
from tests.factories import PersonFactory


def test_ensure_profile_makes_one_once(db):
    person = PersonFactory()
    Profile.objects.filter(person=person).delete()
    made = ensure_profile(person=person)
    assert ensure_profile(person=person) == made
    assert (made.i_am, made.bio, made.languages, made.area) == ("", "", [], "")
    assert Profile.objects.filter(person=person).count() == 1


@pytest.mark.parametrize("create", ["create_user", "create_superuser"])
def test_accounts_made_by_the_manager_have_a_profile(db, create):
    person = getattr(User.objects, create)("Robin@Example.org", "pw", display_name="Robin")
    assert Profile.objects.filter(person=person).exists()


def test_signing_up_makes_the_profile(db):
    Client().post(
        reverse("account_signup"),
        {
            "email": "new.person@example.org",
            "display_name": "Robin",
            "password1": "plenty-of-words-here-9",
            "password2": "plenty-of-words-here-9",
        },
    )
    person = User.objects.get(email="new.person@example.org")
    assert person.display_name == "Robin"
    assert Profile.objects.filter(person=person).exists()


def test_the_profile_page_of_an_account_without_one_makes_it(db):
    person = PersonFactory(display_name="Robin")
    Profile.objects.filter(person=person).delete()
    client = Client()
    client.force_login(person)

    assert client.get(reverse("my_profile")).status_code == 200
    assert Profile.objects.filter(person=person).count() == 1
    saved = client.post(reverse("my_profile"), {"display_name": "Robin", "area": "york"})
    assert saved.status_code == 302
    assert Profile.objects.get(person=person).area == "york"


def test_the_api_writes_the_profile_of_an_account_without_one(db):
    person = PersonFactory(display_name="Robin")
    Profile.objects.filter(person=person).delete()
    api = APIClient()
    api.force_authenticate(person)

    response = api.patch("/api/v1/me/", {"bio": "Hello"})

    assert response.status_code == 200
    assert (response.json()["bio"], response.json()["area"]) == ("Hello", "")
    assert Profile.objects.filter(person=person).count() == 1
