"""Private answers are not cached (issue 15, point 7): whatever is made for a signed-in person is
`private, no-store`; the calendar feeds keep their own caching and answer conditional GETs; API
answers vary on Authorization; every answer carries a Permissions-Policy."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from config.middleware import PERMISSIONS_POLICY
from events.selectors import feed_token_for
from events.services.bookings import book_place
from tests.factories import staff_of
from tests.frontend.conftest import signed_in

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


@pytest.fixture
def booked(person, occurrence):
    book_place(person=person, occurrence=occurrence)
    return person


def personal_pages(occurrence) -> list[str]:
    return [
        reverse("my_profile"),
        reverse("events_my_bookings"),
        reverse("notifications"),
        reverse("api:me"),
        reverse("api:booking-list"),
        reverse("home"),  # the same address as for anyone, but it greets them by name
    ]


def test_pages_and_api_answers_made_for_a_signed_in_person_are_private_and_not_stored(
    booked, occurrence
):
    client = signed_in(booked)
    for url in personal_pages(occurrence):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PRIVATE, url
        assert "Cookie" in response["Vary"], url


def test_the_register_of_a_date_is_private_and_not_stored(occurrence):
    client = signed_in(staff_of(occurrence.event.organisation))
    for url in [
        reverse("events_register", args=[occurrence.event.slug, occurrence.pk]),
        reverse("events_register_csv", args=[occurrence.event.slug, occurrence.pk]),
        reverse("api:register", args=[occurrence.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PRIVATE, url


def test_a_token_signed_in_api_answer_is_private_and_varies_on_authorization(booked):
    token = Token.objects.create(user=booked)
    response = Client().get(
        reverse("api:booking-list"), headers={"Authorization": f"Token {token.key}"}
    )
    assert response.status_code == 200
    assert response.json()["results"]
    assert response["Cache-Control"] == PRIVATE
    assert "Authorization" in response["Vary"]


def test_public_pages_for_someone_not_signed_in_are_not_marked_private(client, occurrence):
    for url in [
        reverse("home"),
        reverse("events"),
        reverse("forums"),
        reverse("events_detail", args=[occurrence.event.slug]),
        reverse("api:occurrence-list"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url
        assert "private" not in response.get("Cache-Control", ""), url


def test_public_api_answers_vary_on_authorization_too(client):
    # The same address answers a token holder differently: a cache must not mix them up.
    response = client.get(reverse("api:occurrence-list"))
    assert "Authorization" in response["Vary"]


def test_a_public_calendar_feed_keeps_its_caching_and_304_even_for_someone_signed_in(
    person, occurrence
):
    client = signed_in(person)
    url = reverse("event_feed", args=[occurrence.event.slug])
    first = client.get(url)
    assert first["Cache-Control"] == "public, no-cache"
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_the_personal_calendar_feed_is_private_but_may_be_revalidated(booked):
    url = reverse("personal_feed", args=[feed_token_for(person=booked).token])
    first = Client().get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    again = Client().get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_a_feed_that_never_asks_who_is_signed_in_does_not_read_the_session(
    person, occurrence, django_assert_num_queries
):
    url = reverse("event_feed", args=[occurrence.event.slug])
    Client().get(url)  # build and cache the feed first
    client = signed_in(person)
    with django_assert_num_queries(1) as captured:  # the event, to know the feed is current
        response = client.get(url)
    assert response.status_code == 200
    assert not [query for query in captured.captured_queries if "django_session" in query["sql"]]


@pytest.mark.parametrize("signed_in_as_someone", [False, True])
def test_every_answer_carries_the_permissions_policy(person, signed_in_as_someone):
    client = signed_in(person) if signed_in_as_someone else Client()
    for url in ["/", "/forums/", "/api/v1/occurrences/", "/no-such-page/", "/api/v1/nothing/"]:
        response = client.get(url)
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY, url


def test_the_permissions_policy_denies_what_the_site_never_uses():
    allowed_nowhere = {part.strip() for part in PERMISSIONS_POLICY.split(",")}
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in allowed_nowhere
