"""The entrance forms: allauth's log-in and sign-up forms in our words, and the log-in counted
first against the address's "log_in" allowance.

Kept apart from frontend.forms.accounts, which allauth's forms module imports (the sign-up
form's base class): importing allauth's forms there would make a circle."""

from allauth.account.forms import LoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from community.client_address import rate_limit_address
from community.rate_limits import RateLimited, check_rate
from frontend.forms.account_words import replace_mismatch_error, speak_plainly


class LogInForm(LoginForm):
    """ACCOUNT_FORMS["login"]. A refused try never reaches the password check, so it costs no
    password guess either; the e-mail address typed stays in the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speak_plainly(self)

    def clean(self):
        try:
            check_rate("log_in", address=rate_limit_address(self.request))
        except RateLimited as error:
            raise forms.ValidationError(error.message, code=error.code) from error
        return super().clean()


class SignUpForm(AllauthSignupForm):
    """ACCOUNT_FORMS["signup"]: allauth's form (with our display name, from
    frontend.forms.accounts.SignupForm) in our words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speak_plainly(self)

    def clean(self):
        cleaned_data = super().clean()
        replace_mismatch_error(self)
        return cleaned_data
