"""The links that put one date into someone's calendar app."""

import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from events.links import google_date_link
from events.models import Event, Occurrence

LONDON = ZoneInfo("Europe/London")


def test_google_link_gives_utc_times_even_for_a_summer_time_given_in_uk_time():
    event = Event(
        title="Becoming an employer", slug="becoming-an-employer", format=Event.Format.ONLINE
    )
    start = datetime.datetime(2027, 6, 1, 10, 0, tzinfo=LONDON)  # 09:00 UTC
    occurrence = Occurrence(event=event, start=start, end=start + datetime.timedelta(hours=2))

    query = parse_qs(urlsplit(google_date_link(occurrence)).query)

    assert query["dates"] == ["20270601T090000Z/20270601T110000Z"]
