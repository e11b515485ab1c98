"""API routes for events, included under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from api.views.events.access import AccessRequestViewSet
from api.views.events.bookings import BookingViewSet, CalendarFeedView, WaitingListViewSet
from api.views.events.events import EventViewSet
from api.views.events.occurrences import HostingView, OccurrenceViewSet
from api.views.events.registers import AttendanceView, RegisterCsvView, RegisterView, WalkInView
from api.views.events.series import SeriesChangeView, SeriesEndView, SeriesSkipView
from api.views.events.themes import DateThemeView

router = SimpleRouter()
router.register("events", EventViewSet, basename="event")
router.register("occurrences", OccurrenceViewSet, basename="occurrence")
router.register("bookings", BookingViewSet, basename="booking")
router.register("waiting-list", WaitingListViewSet, basename="waiting-list-entry")
router.register("access-requests", AccessRequestViewSet, basename="access-request")

urlpatterns = [
    *router.urls,
    path("occurrences/<int:pk>/register/", RegisterView.as_view(), name="register"),
    path("occurrences/<int:pk>/register.csv", RegisterCsvView.as_view(), name="register-csv"),
    path(
        "occurrences/<int:pk>/register/<int:booking_id>/",
        AttendanceView.as_view(),
        name="register-attendance",
    ),
    path("occurrences/<int:pk>/walk-ins/", WalkInView.as_view(), name="register-walk-in"),
    path("occurrences/<int:pk>/theme/", DateThemeView.as_view(), name="occurrence-theme"),
    path("calendar-feed/", CalendarFeedView.as_view(), name="calendar-feed"),
    path("hosting/", HostingView.as_view(), name="hosting"),
    path("events/<slug:slug>/series/change/", SeriesChangeView.as_view(), name="series-change"),
    path("events/<slug:slug>/series/skip/", SeriesSkipView.as_view(), name="series-skip"),
    path("events/<slug:slug>/series/end/", SeriesEndView.as_view(), name="series-end"),
]
