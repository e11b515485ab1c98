"""Calendar feed addresses. Included at the site root from config/urls.py, before the pages:
path("", include("events.feed_urls")),
"""

from django.urls import path

from events import feed_views

urlpatterns = [
    path("events/<slug:slug>.ics", feed_views.event_calendar, name="event_feed"),
    path(
        "organisations/<slug:slug>/events.ics",
        feed_views.organisation_calendar,
        name="organisation_feed",
    ),
    path("calendar/<str:token>.ics", feed_views.personal_calendar, name="personal_feed"),
]
