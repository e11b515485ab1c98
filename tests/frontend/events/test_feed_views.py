"""The feed addresses over HTTP: served from the cache, 304 when nothing changed, a new ETag when
anything did; the personal feed works by its secret alone and carries private joining links."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date
from icalendar import Calendar

from events.selectors import feed_token_for
from events.services.bookings import book_place
from events.services.feeds import regenerate_feed_token
from events.services.occurrences import move_occurrence
from tests.events.factories import OccurrenceFactory, online_event
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def test_an_unchanged_feed_answers_304_to_its_etag(client, occurrence):
    url = reverse("event_feed", args=[occurrence.event.slug])
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"].startswith("text/calendar")

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]

    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_any_change_gives_a_new_etag_and_last_modified_and_a_full_answer(client, occurrence):
    staff = staff_of(occurrence.event.organisation)
    url = reverse("organisation_feed", args=[occurrence.event.organisation.slug])
    first = client.get(url)

    new_start = occurrence.start + datetime.timedelta(days=1)
    move_occurrence(
        mover=staff, occurrence=occurrence, start=new_start, end=new_start + datetime.timedelta(1)
    )

    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert after["Last-Modified"] != first["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_a_cached_feed_is_served_without_rebuilding(client, occurrence, django_assert_num_queries):
    url = reverse("event_feed", args=[occurrence.event.slug])
    client.get(url)
    # Only the event itself is read: the version and the feed come from the cache.
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


def test_a_draft_events_feed_is_not_found(client):
    draft = OccurrenceFactory(event__status="draft")
    assert client.get(reverse("event_feed", args=[draft.event.slug])).status_code == 404


def test_the_joining_link_is_only_in_the_feed_of_people_who_booked(client):
    occurrence = OccurrenceFactory(event=online_event())
    booked, other = PersonFactory(), PersonFactory()
    book_place(person=booked, occurrence=occurrence)
    link = occurrence.event.joining_link.encode()

    public = client.get(reverse("event_feed", args=[occurrence.event.slug])).content
    mine = client.get(reverse("personal_feed", args=[feed_token_for(person=booked).token]))
    theirs = client.get(reverse("personal_feed", args=[feed_token_for(person=other).token]))

    assert link not in public
    assert link in mine.content.replace(b"\r\n ", b"")
    assert link not in theirs.content.replace(b"\r\n ", b"")
    assert Calendar.from_ical(theirs.content).walk("VEVENT") == []
    assert mine["Cache-Control"].startswith("private")


def test_a_new_booking_changes_the_personal_feed(client, occurrence, person):
    url = reverse("personal_feed", args=[feed_token_for(person=person).token])
    empty = client.get(url)
    book_place(person=person, occurrence=occurrence)
    after = client.get(url, HTTP_IF_NONE_MATCH=empty["ETag"])
    assert after.status_code == 200
    assert len(Calendar.from_ical(after.content).walk("VEVENT")) == 1


def test_a_regenerated_feed_link_cuts_off_the_old_one(client, person):
    old = feed_token_for(person=person).token
    new = regenerate_feed_token(person=person).token
    assert new != old
    assert client.get(reverse("personal_feed", args=[old])).status_code == 404
    assert client.get(reverse("personal_feed", args=[new])).status_code == 200


def test_feeds_answer_head_and_refuse_post(client, occurrence):
    url = reverse("event_feed", args=[occurrence.event.slug])
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_if_modified_since_in_the_past_gets_the_feed(client, occurrence):
    url = reverse("event_feed", args=[occurrence.event.slug])
    long_ago = http_date(0)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=long_ago).status_code == 200


def test_a_conditional_get_of_an_organisation_feed_reads_nothing_from_the_database(
    client, occurrence, django_assert_num_queries
):
    url = reverse("organisation_feed", args=[occurrence.event.organisation.slug])
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_unknown_organisation_has_no_feed(client, db):
    assert client.get(reverse("organisation_feed", args=["nobody"])).status_code == 404
