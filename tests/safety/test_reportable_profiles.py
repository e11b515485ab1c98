"""Profiles as a reportable kind: a hidden profile's "about you" is not shown to others, on the
page or in the API; its owner and moderators still see it; the display name stays."""

import pytest
from django.test import Client
from django.urls import reverse

from community.content import render_markdown
from community.models import Profile
from community.safety.registry import reportable_kind
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
BIO = "I sell **guaranteed** funding advice"


@pytest.fixture
def person():
    person = PersonFactory(display_name="Budget Bob")
    Profile.objects.filter(person=person).update(bio=BIO, bio_html=render_markdown(BIO))
    return person


def _client(viewer=None):
    client = Client()
    if viewer is not None:
        client.force_login(viewer)
    return client


def _page(viewer, person):
    return _client(viewer).get(reverse("person", args=[person.pk])).content.decode()


def _api(viewer, person):
    return _client(viewer).get(f"/api/v1/people/{person.pk}/").json()


def test_the_profile_kind_describes_the_person(person):
    kind = reportable_kind("profile")
    described = kind.describe([person.pk, 999999])
    assert list(described) == [person.pk]
    assert described[person.pk].label == "Profile of Budget Bob"
    assert "guaranteed" in described[person.pk].excerpt
    assert described[person.pk].url == reverse("person", args=[person.pk])
    assert described[person.pk].author_id == person.pk
    assert kind.can_see(PersonFactory(), person.pk)
    assert not kind.can_see(PersonFactory(banned=True), person.pk)


def test_a_hidden_bio_is_not_shown_to_others_on_the_page_or_in_the_api(person):
    reportable_kind("profile").set_visibility(person.pk, "hidden", None)
    other = PersonFactory()
    page = _page(other, person)
    assert "Budget Bob" in page and "guaranteed" not in page
    assert "A moderator has hidden" in page
    assert _api(other, person)["bio_html"] == ""
    assert _api(other, person)["display_name"] == "Budget Bob"


def test_its_owner_and_moderators_still_see_a_hidden_bio_marked(person):
    reportable_kind("profile").set_visibility(person.pk, "hidden", None)
    for viewer in (person, PersonFactory(is_moderator=True)):
        page = _page(viewer, person)
        assert "guaranteed" in page and "Hidden by a moderator" in page
        assert "guaranteed" in _api(viewer, person)["bio_html"]


def test_a_shown_bio_is_shown_to_everyone(person):
    assert "guaranteed" in _page(PersonFactory(), person)
    assert "guaranteed" in _api(PersonFactory(), person)["bio_html"]


def test_removing_clears_the_bio_and_remove_all_counts_it(person):
    kind = reportable_kind("profile")
    moderator = PersonFactory(is_moderator=True)
    assert kind.remove_all_by(person, moderator) == 1
    assert Profile.objects.get(person=person).bio == ""
    assert kind.remove_all_by(person, moderator) == 0
