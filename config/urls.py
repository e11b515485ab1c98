"""Top-level URLs: the web pages, the accounts pages, the API and the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # The admin's own password change checks the old password with no count of guesses: staff
    # change theirs on the accounts page, which counts them like every other door.
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="account_change_password", permanent=False),
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/", include("api.urls")),
    # Calendar feeds (.ics) before the pages, whose /events/<slug>/ would otherwise match first.
    path("", include("frontend.routes.event_feeds")),
    path("", include("frontend.urls")),
]
