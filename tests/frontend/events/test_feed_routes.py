"""The calendar feeds are web addresses like any page, so their views and routes are the
frontend's; building the calendars stays in events.feeds. Their addresses never changed."""

import pytest
from django.urls import resolve, reverse

from frontend.views.events import feeds


@pytest.mark.parametrize(
    ("name", "argument", "address", "view"),
    [
        ("event_feed", "carers-drop-in", "/events/carers-drop-in.ics", feeds.event_calendar),
        ("organisation_feed", "leeds-il", "/organisations/leeds-il/events.ics",
         feeds.organisation_calendar),
        ("personal_feed", "s3cret", "/calendar/s3cret.ics", feeds.personal_calendar),
    ],
)  # fmt: skip
def test_feed_addresses_are_unchanged_and_served_by_the_frontend(name, argument, address, view):
    assert reverse(name, args=[argument]) == address
    assert resolve(address).func == view


def test_an_event_feed_address_is_not_taken_for_an_event_page(client, drop_in):
    response = client.get(f"/events/{drop_in.slug}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
