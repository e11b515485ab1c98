"""Events hidden by moderation through the API: gone from the lists, 404 for the public and
members, still there for the organisation's staff and moderators."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db


def signed_in(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def test_a_hidden_event_leaves_the_lists_and_is_found_only_by_staff_and_moderators():
    hidden = EventFactory(title="Hidden workshop")
    date = OccurrenceFactory(event=hidden)
    shown = EventFactory(title="Shown workshop")
    OccurrenceFactory(event=shown)
    reportable_kind("event").set_visibility(hidden.pk, Visibility.HIDDEN, None)
    public = APIClient()

    titles = [event["title"] for event in public.get(reverse("api:event-list")).json()["results"]]
    assert titles == ["Shown workshop"]
    dates = public.get(reverse("api:occurrence-list")).json()["results"]
    assert date.pk not in [row["id"] for row in dates]

    detail = reverse("api:event-detail", args=[hidden.slug])
    date_detail = reverse("api:occurrence-detail", args=[date.pk])
    member = signed_in(PersonFactory())
    for client in (public, member):
        assert client.get(detail).status_code == 404
        assert client.get(date_detail).status_code == 404
    for person in (staff_of(hidden.organisation), PersonFactory(is_moderator=True)):
        assert signed_in(person).get(detail).status_code == 200
        assert signed_in(person).get(date_detail).status_code == 200
