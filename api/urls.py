"""The REST API under /api/: version 1, its schema and docs, and a JSON 404 for everything else."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api.views.auth import TokenView
from api.views.docs import RedocDocs, SwaggerDocs
from api.views.memberships import MembershipViewSet
from api.views.not_found import ApiNotFound
from api.views.notifications import NotificationViewSet
from api.views.organisations import OrganisationViewSet
from api.views.people import OwnAccountView, PersonViewSet

app_name = "api"

router = SimpleRouter()
router.register("people", PersonViewSet, basename="person")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register(
    r"organisations/(?P<organisation_slug>[-\w]+)/memberships",
    MembershipViewSet,
    basename="organisation-membership",
)
router.register("notifications", NotificationViewSet, basename="notification")

version_1 = [
    path("me/", OwnAccountView.as_view(), name="me"),
    path("auth/token/", TokenView.as_view(), name="token"),
    *router.urls,
    path("", include("api.routes.forums")),
    path("", include("api.routes.events")),
    path("", include("api.routes.chat")),
    path("", include("api.routes.support")),
    path("", include("api.routes.safety")),
]

urlpatterns = [
    path("v1/", include(version_1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerDocs.as_view(), name="docs"),
    path("redoc/", RedocDocs.as_view(), name="redoc"),
    # Last: whatever else is asked for under /api/ gets a JSON 404. `[\s\S]`, not `.`: a path
    # may hold a newline (%0A in a slug), which `.` would leave to Django's HTML 404.
    re_path(r"^[\s\S]*$", ApiNotFound.as_view(), name="api-not-found"),
]
