"""Rate limits: writes per person (or per address when signed out), and token requests per address.

These are the API's general backstop. How often one may post a reply, book a place and so on is
counted by the services (community.rate_limits), the same at every door; its RateLimited is
answered with a 429 by api.errors. Rates are read when a request comes in, not at import, so
settings changes (and tests) apply.
"""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from community.client_address import rate_limit_address


class _ScopeRateThrottle(SimpleRateThrottle):
    def get_ident(self, request):
        # DRF's own reading trusts a made-up X-Forwarded-For unless told how many proxies there
        # are; every limit asks the one function that knows.
        return rate_limit_address(request)

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        # Reading is never limited here; only changes cost anything.
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class WriteRateThrottle(_ScopeRateThrottle):
    scope = "writes"

    def get_cache_key(self, request, view):
        user = request.user
        ident = f"user-{user.pk}" if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenRateThrottle(_ScopeRateThrottle):
    """Asking for tokens is limited per address, signed in or not. Wrong passwords are also
    counted per account, with the log-in page's (community.services.password_guesses)."""

    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
