"""Top-level URLs: the web pages, the accounts pages, the API and the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from frontend.views.accounts import LogInView, SignUpView

urlpatterns = [
    # The admin's own password change checks the old password with no count of guesses: staff
    # change theirs on the accounts page, which counts them like every other door.
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="account_change_password", permanent=False),
    ),
    path("admin/", admin.site.urls),
    # allauth's log-in and sign-up pages, answering 429 when the rate limit refuses them.
    path("accounts/login/", LogInView.as_view(), name="account_login"),
    path("accounts/signup/", SignUpView.as_view(), name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("api/", include("api.urls")),
    # Calendar feeds (.ics) before the pages, whose /events/<slug>/ would otherwise match first.
    path("", include("frontend.routes.event_feeds")),
    path("", include("frontend.urls")),
]
