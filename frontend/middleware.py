"""Pages when the database is briefly out of reach: a calm "try again" page (503), not the
crash page. The API answers the same moments in JSON (api/errors.py); both ask
`database_unavailable` which failures these are."""

from django.http import HttpResponse
from django.template.loader import render_to_string

from community.errors import TRY_AGAIN_MESSAGE, TRY_AGAIN_SECONDS, database_unavailable


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
