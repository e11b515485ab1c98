"""The log-in form: allauth's, counted first against the address's "log_in" allowance.

Kept apart from frontend.forms.accounts, which allauth's forms module imports (the sign-up
form's base class): importing allauth's LoginForm there would make a circle."""

from allauth.account.forms import LoginForm
from django import forms

from community.client_address import rate_limit_address
from community.rate_limits import RateLimited, check_rate


class LogInForm(LoginForm):
    """ACCOUNT_FORMS["login"]. A refused try never reaches the password check, so it costs no
    password guess either; the e-mail address typed stays in the form."""

    def clean(self):
        try:
            check_rate("log_in", address=rate_limit_address(self.request))
        except RateLimited as error:
            raise forms.ValidationError(error.message, code=error.code) from error
        return super().clean()
