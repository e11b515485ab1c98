"""Addresses of event pages and feeds, for e-mails, feeds and the API (by URL name, so the
pages in frontend/ can move without this app importing them)."""

from django.conf import settings
from django.urls import reverse


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


def webcal(url: str) -> str:
    """The subscribe link calendar apps understand: the same address with webcal://."""
    return "webcal://" + url.split("://", 1)[-1]
