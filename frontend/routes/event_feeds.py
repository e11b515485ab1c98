"""Calendar feed addresses (.ics), included at the site root from config/urls.py before the
pages. URL names are a contract: e-mails, pages and the API reverse them (events.links)."""

from django.urls import path

from frontend.views.events import feeds

urlpatterns = [
    path("events/<slug:slug>.ics", feeds.event_calendar, name="event_feed"),
    path(
        "organisations/<slug:slug>/events.ics",
        feeds.organisation_calendar,
        name="organisation_feed",
    ),
    path("calendar/<str:token>.ics", feeds.personal_calendar, name="personal_feed"),
]
