"""What every answer gets, whichever app serves it: an address holding a NUL character never
reaches a view, an answer made for a signed-in person is never kept by a cache, and no page may
use the camera, microphone or the like."""

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

NUL = "\x00"
API_PREFIX = "/api/"
NUL_IN_HEADERS = "The request has a character that cannot be in it. Try again from the site."
NUL_IN_ADDRESS = (
    "The address has a character that cannot be in one. Check the address and try again."
)

# The site uses none of these; denying them stops anything embedded or injected from asking.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class RefuseNulCharacters:
    """PostgreSQL can neither store nor compare text holding a NUL, and no address we make has
    one: a NUL in the path or the query string is a 404 page, or in the API a JSON 400. No
    browser sends one in a header (a cookie, a token), though a server may pass it on: a plain
    400, made without reading the session, which such a cookie would break."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path_info.startswith(API_PREFIX)
        if _nul_in_headers(request):
            if api:
                return _api_refusal(NUL_IN_HEADERS)
            return HttpResponseBadRequest(NUL_IN_HEADERS, content_type="text/plain")
        if _nul_in_address(request):
            if api:
                return _api_refusal(NUL_IN_ADDRESS)
            raise Http404(NUL_IN_ADDRESS)
        return self.get_response(request)


def _api_refusal(detail: str) -> JsonResponse:
    return JsonResponse({"code": "nul_character", "detail": detail}, status=400)


def _nul_in_headers(request: HttpRequest) -> bool:
    return any(
        NUL in value
        for name, value in request.META.items()
        if name.startswith("HTTP_") and isinstance(value, str)
    )


def _nul_in_address(request: HttpRequest) -> bool:
    return NUL in request.path_info or any(
        NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
    )


class PrivateAnswers:
    """An answer made knowing who is asking is theirs alone: `private, no-store` unless the
    view chose its own Cache-Control (the calendar feeds, which answer conditional GETs). API
    answers depend on the Authorization header (token sign-in), so they vary on it; answers
    that used the session already vary on Cookie (SessionMiddleware). Every answer gets the
    Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response and _made_for_someone(request):
            response["Cache-Control"] = "private, no-store"
        if request.path_info.startswith(API_PREFIX):
            patch_vary_headers(response, ["Authorization"])
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def _made_for_someone(request: HttpRequest) -> bool:
    """Whether the answer was made for a signed-in person. A view that never asked who is
    signed in (the user is still unread) made the same answer for everyone: reading it here
    would only cost a session query."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return False
    return bool(user.is_authenticated)
