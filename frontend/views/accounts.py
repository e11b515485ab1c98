"""The log-in and sign-up pages: allauth's, answering 429 when a rate limit refused the form.

Log-in tries are counted by the form (frontend.forms.log_in), before the password is checked.
Sign-ups are counted here, once the form is complete and before the account is made, so that
correcting a mistake in the form costs nothing."""

from allauth.account.views import LoginView, SignupView

from community.client_address import rate_limit_address
from community.rate_limits import RateLimited, check_rate
from frontend.forms.errors import add_community_error
from frontend.shared.limits import status_for


class _TooFastIs429:
    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = status_for(form, otherwise=response.status_code)
        return response


class LogInView(_TooFastIs429, LoginView):
    pass


class SignUpView(_TooFastIs429, SignupView):
    def form_valid(self, form):
        try:
            check_rate("sign_up", address=rate_limit_address(self.request))
        except RateLimited as error:
            add_community_error(form, error)
            return self.form_invalid(form)
        return super().form_valid(form)
