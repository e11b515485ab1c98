"""The calendar feeds over HTTP: thin views that serve a cached build (events.feeds) and answer
conditional GETs with 304. No session is used: calendar apps subscribe to these addresses as
they are."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from events.feeds import CachedFeed, event_feed_by_slug, organisation_feed_by_slug, personal_feed


def _serve(request: HttpRequest, feed: CachedFeed | None, *, private: bool = False) -> HttpResponse:
    if feed is None:
        raise Http404("No such calendar.")
    last_modified = int(feed.last_modified.timestamp())
    response = get_conditional_response(request, etag=feed.etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(feed.body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = feed.etag
    response["Last-Modified"] = http_date(last_modified)
    # Personal feeds hold joining links: no shared caches, and never indexed.
    response["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    return _serve(request, event_feed_by_slug(slug=slug))


@require_safe
def organisation_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    return _serve(request, organisation_feed_by_slug(slug=slug))


@require_safe
def personal_calendar(request: HttpRequest, token: str) -> HttpResponse:
    return _serve(request, personal_feed(token=token), private=True)
