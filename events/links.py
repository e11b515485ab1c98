"""Addresses of event pages and feeds, for e-mails, feeds, pages and the API (by URL name, so
the pages in frontend/ can move without this app importing them), and the links that put a feed
or one date into someone's calendar app."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

GOOGLE_CALENDAR = "https://calendar.google.com/calendar"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def event_url(event) -> str:
    return reverse("events_detail", args=[event.slug])


def my_bookings_url() -> str:
    return reverse("events_my_bookings", args=[])


def give_back_url(token: str) -> str:
    return reverse("events_give_back", args=[token])


def unsubscribe_url(token: str) -> str:
    return reverse("events_reminders_stop", args=[token])


def event_feed_url(event) -> str:
    return reverse("event_feed", args=[event.slug])


def organisation_feed_url(organisation) -> str:
    return reverse("organisation_feed", args=[organisation.slug])


def personal_feed_url(token: str) -> str:
    return reverse("personal_feed", args=[token])


def uses_chat_room(event) -> bool:
    """The event meets (online) in a chat room on Alongside, one room per date."""
    return event.use_site_chat_room and event.is_online


def chat_room_path(occurrence) -> str:
    """The address that takes someone to this date's chat room (the room is made on first use).

    It is the frontend's `chat_drop_in` route (/chat/drop-ins/<occurrence_id>/). Written out here,
    once, because e-mails and feeds must not fail while that route is missing;
    tests/events/test_chat_links.py checks that the route reverses to exactly this."""
    return f"/chat/drop-ins/{occurrence.pk}/"


def webcal(url: str) -> str:
    """The subscribe link calendar apps understand: the same address with webcal://."""
    return "webcal://" + url.split("://", 1)[-1]


def calendar_links(feed_path: str) -> dict[str, str]:
    """Download, subscribe (webcal://) and Google Calendar links for one feed."""
    webcal_url = webcal(absolute(feed_path))
    return {
        "feed_url": feed_path,
        "webcal_url": webcal_url,
        "google_url": f"{GOOGLE_CALENDAR}/r?" + urlencode({"cid": webcal_url}),
    }


def _utc(moment: datetime.datetime) -> str:
    """Google's basic format with a Z: the moment in UTC, whatever zone it arrived in."""
    return f"{moment.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"


def google_date_link(occurrence) -> str:
    """Google Calendar's "add this one date" link: title, UTC times, where, and the page."""
    event = occurrence.event
    where = (
        "Online"
        if not event.is_in_person
        else ", ".join(part for part in (event.venue_name, event.address, event.postcode) if part)
    )
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc(occurrence.start)}/{_utc(occurrence.end)}",
        "details": f"{event.summary}\n{absolute(event_url(event))}".strip(),
        "location": where,
    }
    return f"{GOOGLE_CALENDAR}/render?" + urlencode(query)
