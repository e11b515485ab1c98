"""Topic pages drawn once for every visitor who is not signed in, and kept in the cache: most
people who read a topic arrive from a search engine, signed out, and see exactly the same page,
so drawing it again for each of them was nearly all of a visitor's wait (bench/forums.py).
Discourse keeps pages for signed-out readers the same way.

A copy is keyed by forums.freshness (a change to the topic, or to a name or badge on it, gives
a new key at once), by the address asked for and by the visitor's text-size cookie, the only
things a visitor's page depends on. Only a plain 200 page is kept; a visitor with a session or
a message waiting (after signing out, say) gets their page drawn as usual."""

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from community.visitors import is_plain_visitor
from forums.freshness import COPY_SECONDS, copy_key
from frontend.shared.text_size import text_setting

# The query a topic page reads; any other would make a copy per made-up address.
_KEPT_QUERIES = {"", "page"}


def topic_page_for_visitors(
    request: HttpRequest, topic_id: int, draw: Callable[[], HttpResponse]
) -> HttpResponse:
    """The kept copy of this topic page for a plain visitor, or `draw()` (keeping its result
    when it is a plain page)."""
    if not is_plain_visitor(request) or not set(request.GET) <= _KEPT_QUERIES:
        return draw()
    what = f"page|{request.get_full_path()}|{text_setting(request).html_classes}"
    key = copy_key(topic_id, what)
    kept = cache.get(key)
    if kept is not None:
        content_type, content = kept
        response = HttpResponse(content, content_type=content_type)
        # The page differs with the text-size cookie (and with signing in).
        patch_vary_headers(response, ["Cookie"])
        return response
    response = draw()
    if _keepable(response):
        cache.set(key, (response["Content-Type"], response.content), COPY_SECONDS)
    return response


def _keepable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )
