"""API tokens: swap an e-mail address and password for a token, or give the token up."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import refuse_if_barred
from api.errors import InvalidCredentials, TooManyPasswordGuessesThrottled
from api.serializers.auth import TokenRequestSerializer, TokenSerializer
from api.serializers.errors import error_responses
from api.throttles import TokenRateThrottle, WriteRateThrottle
from community.client_address import rate_limit_address
from community.rate_limits import check_rate
from community.services.password_guesses import TooManyPasswordGuesses, sign_in_with_password
from community.services.tokens import issue_api_token, revoke_api_token


@extend_schema(tags=["auth"])
class TokenView(APIView):
    throttle_classes = [TokenRateThrottle, WriteRateThrottle]

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_authenticators(self):
        # Asking for a token needs no session, so no CSRF token either: the answer is a token
        # in the body, which another site's page cannot read.
        if getattr(self.request, "method", None) == "POST":
            return []
        return super().get_authenticators()

    @extend_schema(
        summary="Get an API token",
        description="Send it afterwards as the header `Authorization: Token <token>`.",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **error_responses(400, 403, 429)},
        auth=[],
    )
    def post(self, request):
        credentials = TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        # The log-in page's allowance for this address: a refused try costs no password guess.
        check_rate("log_in", address=rate_limit_address(request))
        try:
            # Guesses count per account as well as per address, shared with the log-in page.
            person = sign_in_with_password(
                request._request,
                email=credentials.validated_data["email"],
                password=credentials.validated_data["password"],
            )
        except TooManyPasswordGuesses as error:
            raise TooManyPasswordGuessesThrottled(error) from error
        if person is None or not person.is_active:
            raise InvalidCredentials()
        # The right password, but a suspended or banned person gets no token: every request
        # with it would be refused anyway. They are told why and until when.
        refuse_if_barred(person)
        return Response(TokenSerializer({"token": issue_api_token(person=person)}).data)

    @extend_schema(
        summary="Give up your API token",
        description="The token stops working at once. Ask for a new one to carry on.",
        responses={204: None, **error_responses(401)},
    )
    def delete(self, request):
        revoke_api_token(person=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
