"""Pages when the database is briefly out of reach: a calm "try again" page (503), not the
crash page. The API answers the same moments in JSON (api/errors.py); both ask
`database_unavailable` which failures these are. And the one page a suspended or banned person
sees instead of any other."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

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
    appeal. Signing out, "Get help now", the privacy and contact pages still work, and so do
    the rights they keep whatever they did: downloading their data and deleting their account
    (with the password check both ask for). The API answers for itself in JSON
    (api.authentication), so its addresses are left alone here."""

    STILL_OPEN = frozenset(
        {
            "account_logout",
            "account_reauthenticate",
            "get_help",
            "privacy",
            "contact",
            "my_data",
            "my_data_download",
            "delete_account",
            "account_deleted",
        }
    )
    # Calendar apps fetch these with no session, and the feeds never ask who is signed in:
    # reading the session for them would only cost queries (and their caching).
    NEVER_ASK = frozenset({"event_feed", "organisation_feed", "personal_feed"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Decided by the address's name, once it is resolved: the download's has a token in it.
        if self._left_alone(request) or not self._barred(request):
            return None
        return self._refuse(request, request.user)

    def _left_alone(self, request) -> bool:
        # No session cookie: nobody is signed in, and asking would still mark the session read
        # (making public pages vary on Cookie).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return True
        if request.path.startswith(("/api/", settings.STATIC_URL)):
            return True
        name = request.resolver_match.view_name if request.resolver_match else ""
        return name in self.STILL_OPEN or name in self.NEVER_ASK

    @staticmethod
    def _barred(request) -> bool:
        try:
            return is_barred(getattr(request, "user", None))
        except Exception as error:  # the database out of reach: the view answers "try again"
            if database_unavailable(error):
                return False
            raise

    def _refuse(self, request, person):
        context = {"person": person, "banned": person.banned, "until": person.suspended_until}
        return render(request, "frontend/safety/barred.html", context, status=403)
