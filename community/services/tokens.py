"""API tokens: the key an app sends as `Authorization: Token <key>` instead of a session."""

from allauth.account.models import EmailAddress
from rest_framework.authtoken.models import Token

from community.errors import CommunityError, NotAllowed
from community.models import User
from community.permissions import is_signed_in


def issue_api_token(*, person: User) -> str:
    """The person's API token: the same one each time they ask, until they give it up. Signing in
    on the web needs a confirmed e-mail address, so a token must not be a way round that."""
    if not is_signed_in(person):
        raise NotAllowed("Only an open account can have an API token.")
    if not EmailAddress.objects.filter(user=person, verified=True).exists():
        raise CommunityError(
            "email_not_verified",
            "Confirm your e-mail address first: follow the link in the e-mail we sent you.",
        )
    token, _ = Token.objects.get_or_create(user=person)
    return token.key


def revoke_api_token(*, person: User) -> None:
    """The token stops working at once; asking again gives a new one."""
    Token.objects.filter(user=person).delete()
