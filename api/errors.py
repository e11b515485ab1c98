"""Every API error as JSON with a stable code: `{"code": ..., "detail": ...}`, plus `"fields"` when
particular inputs need correcting. Clients branch on `code`; people read `detail`."""

import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from community.errors import (
    TRY_AGAIN_MESSAGE,
    TRY_AGAIN_SECONDS,
    CommunityError,
    NotAllowed,
    database_unavailable,
)
from community.rate_limits import RateLimited
from community.services.password_guesses import TooManyPasswordGuesses

# DRF's own wording is written for developers; these are the words people see instead.
PLAIN_DETAIL = {
    "not_authenticated": "Sign in to do this.",
    "authentication_failed": "We could not sign you in with those details. Sign in again.",
    "permission_denied": "You do not have permission to do that.",
    "not_found": "We could not find that.",
    "parse_error": "We could not read what was sent. Check it is valid JSON.",
    "unsupported_media_type": "Send the request body as JSON.",
    "not_acceptable": "This address can only answer in JSON.",
}
INVALID_DETAIL = "Some of what you sent needs correcting. See the fields marked."


class InvalidCredentials(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_credentials"
    default_detail = "That e-mail address and password do not match an account."


class TooManyPasswordGuessesThrottled(exceptions.Throttled):
    """A 429 with its own code: the account (or this address) has had too many wrong passwords,
    so even the right one is refused until `Retry-After` seconds have passed."""

    default_code = "too_many_password_guesses"

    def __init__(self, error: TooManyPasswordGuesses):
        super().__init__(wait=error.retry_after, code=error.code)
        # DRF would add "Expected available in 300 seconds."; the message already says when.
        self.detail = exceptions.ErrorDetail(error.message, code=error.code)


def json_error_handler(exc, context):
    """DRF's EXCEPTION_HANDLER. Anything not listed here is a bug, left to Django's 500 handling."""
    if isinstance(exc, CommunityError):
        set_rollback()
        return _community_error(exc, getattr(context.get("view"), "service_field_names", {}))
    if database_unavailable(exc):
        return Response(
            {"code": "try_again_later", "detail": TRY_AGAIN_MESSAGE},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(TRY_AGAIN_SECONDS)},
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if not isinstance(exc, exceptions.APIException):
        return None

    set_rollback()
    headers = {}
    status_code = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        body = _validation_error(exc.detail)
    else:
        code = _code_of(exc)
        detail = str(exc.detail)
        # A parser's message quotes line and column; a custom message (NotFound("...")) is kept.
        if code in PLAIN_DETAIL and (detail == str(exc.default_detail) or code == "parse_error"):
            detail = PLAIN_DETAIL[code]
        body = {"code": code, "detail": detail}

    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # With session authentication listed first DRF answers 403 here; 401 with a Token
        # challenge tells clients "sign in" apart from "you may not".
        status_code = status.HTTP_401_UNAUTHORIZED
        headers["WWW-Authenticate"] = "Token"
    if isinstance(exc, exceptions.Throttled):
        wait = max(1, math.ceil(exc.wait or 1))
        if body["code"] == "throttled":
            body["detail"] = (
                f"Too many requests. Wait {wait} second{'s' if wait != 1 else ''} and try again."
            )
        headers["Retry-After"] = str(wait)
    return Response(body, status=status_code, headers=headers)


def _community_error(exc: CommunityError, field_names: dict[str, str]) -> Response:
    """`field_names` (a view's `service_field_names`) maps a service's name for an input to the
    one the client sent where they differ: `quote` (a post) arrives as `quote_id`."""
    body = {"code": exc.code, "detail": exc.message}
    if exc.field:
        body["fields"] = {field_names.get(exc.field, exc.field): [exc.message]}
    if isinstance(exc, RateLimited):
        # The same allowance as the pages and the chat socket (community.rate_limits).
        return Response(
            body,
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(exc.retry_after)},
        )
    status_code = 403 if isinstance(exc, NotAllowed) else 400
    return Response(body, status=status_code)


def _code_of(exc: exceptions.APIException) -> str:
    code = getattr(exc.detail, "code", None)
    return code if isinstance(code, str) and code else exc.default_code


def _validation_error(detail) -> dict:
    fields: dict[str, list[str]] = {}
    _flatten(detail, "", fields)
    non_field = fields.get(api_settings.NON_FIELD_ERRORS_KEY)
    return {
        "code": "invalid",
        "detail": non_field[0] if non_field else INVALID_DETAIL,
        "fields": fields,
    }


def _flatten(detail, path: str, into: dict[str, list[str]]) -> None:
    """Nested errors (a list item, a nested object) get dotted names: `ids.0`, `person.email`."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            _flatten(value, f"{path}.{key}" if path else str(key), into)
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, value in enumerate(detail):
            if value:
                _flatten(value, f"{path}.{index}" if path else str(index), into)
    elif isinstance(detail, list):
        into.setdefault(path or api_settings.NON_FIELD_ERRORS_KEY, []).extend(map(str, detail))
    else:
        into.setdefault(path or api_settings.NON_FIELD_ERRORS_KEY, []).append(str(detail))
