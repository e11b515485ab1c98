"""Who counts as a plain visitor: signed out, with nothing of their own waiting. Pages and API
answers that are the same for every such visitor can be drawn once and kept for all of them
(forums.freshness, frontend.shared.visitor_pages)."""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage


def is_plain_visitor(request) -> bool:
    """A GET with no session (so no messages kept in one and nobody signed in), no message
    cookie and no credentials. Works for Django's and the API's requests."""
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )
