"""Pages when the database is briefly out of reach: a calm "try again" page (503), not the
crash page. The API answers the same moments in JSON (api/errors.py); both ask
`database_unavailable` which failures these are. And the one page a suspended or banned person
sees instead of any other."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from community.errors import TRY_AGAIN_MESSAGE, TRY_AGAIN_SECONDS, database_unavailable
from community.permissions import is_barred


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        # Rendered without the request, so no context processor runs: they read the database.
        body = render_to_string("503.html", {"message": TRY_AGAIN_MESSAGE})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(TRY_AGAIN_SECONDS)
        return response


class BarredPeopleMiddleware:
    """A suspended or banned person sees one page everywhere: why, until when, and how to
    appeal. Signing out, "Get help now", the privacy and contact pages still work. The API
    answers for itself in JSON (api.authentication), so its addresses are left alone here."""

    STILL_OPEN = ("account_logout", "get_help", "privacy", "contact")

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: set[str] | None = None

    def __call__(self, request):
        if not self._left_alone(request.path) and is_barred(getattr(request, "user", None)):
            return self._refuse(request, request.user)
        return self.get_response(request)

    def _left_alone(self, path: str) -> bool:
        if path.startswith(("/api/", settings.STATIC_URL)):
            return True
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in self.STILL_OPEN}
        return path in self._open_paths

    def _refuse(self, request, person):
        context = {"person": person, "banned": person.banned, "until": person.suspended_until}
        return render(request, "frontend/safety/barred.html", context, status=403)
