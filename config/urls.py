"""Top-level URLs: the web pages, the accounts pages, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/", include("api.urls")),
    # Calendar feeds (.ics) before the pages, whose /events/<slug>/ would otherwise match first.
    path("", include("frontend.routes.event_feeds")),
    path("", include("frontend.urls")),
]
