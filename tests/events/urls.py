"""The site's URLs with the calendar feeds included, for tests run before config/urls.py
includes them (see the `feed_urls` fixture)."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("", include("events.feed_urls")), *site_urlpatterns]
