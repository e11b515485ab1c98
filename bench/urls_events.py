"""The site's URLs (the calendar feeds included) and /bench/minimal/: the smallest Django view,
through the same middleware."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("config.urls")),
]
