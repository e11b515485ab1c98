"""Session and token authentication that refuse a suspended or banned person with a 403 and
its own code, whichever way they sign in: the API's door for community.permissions.is_barred."""

from django.utils import timezone
from django.utils.formats import date_format
from drf_spectacular.authentication import SessionScheme, TokenScheme
from rest_framework import authentication, exceptions, status

from community.permissions import is_barred


class Barred(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "suspended"
    default_detail = "Your account is suspended."


def refuse_if_barred(person) -> None:
    if not is_barred(person):
        return
    because = f" because: {person.bar_reason}" if person.bar_reason else "."
    if person.banned:
        raise Barred(f"Your account has been banned{because}", code="banned")
    until = date_format(timezone.localtime(person.suspended_until), "j F Y, H:i")
    raise Barred(f"Your account is suspended until {until}{because}", code="suspended")


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None:
            refuse_if_barred(found[0])
        return found


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        person, token = super().authenticate_credentials(key)
        refuse_if_barred(person)
        return person, token


# The schema describes them as DRF's own two: signing in works the same.
class BarredAwareSessionScheme(SessionScheme):
    target_class = SessionAuthentication


class BarredAwareTokenScheme(TokenScheme):
    target_class = TokenAuthentication
