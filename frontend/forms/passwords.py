"""Forms that check a password someone already has: each check is a guess, counted per account
with the log-in page's guesses (community.services.password_guesses)."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm

from community.services.password_guesses import TooManyPasswordGuesses, sign_in_with_password
from frontend.forms.account_words import NEW_PASSWORD_WORDS, replace_mismatch_error, speak_plainly


class ChangePasswordForm(AllauthChangePasswordForm):
    """allauth's form checks the current password directly, with no limit but five posts a
    minute; here the check is a counted guess (ACCOUNT_FORMS["change_password"])."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speak_plainly(self, NEW_PASSWORD_WORDS)

    def clean(self):
        cleaned_data = super().clean()
        replace_mismatch_error(self)
        return cleaned_data

    def clean_oldpassword(self):
        password = self.cleaned_data.get("oldpassword", "")
        adapter = get_adapter()
        if not adapter.reauthenticate(self.user, password):
            raise adapter.validation_error("enter_current_password")
        return password


class ResetPasswordForm(AllauthResetPasswordForm):
    """ACCOUNT_FORMS["reset_password"]: asking for a link to choose a new password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speak_plainly(self)


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    """ACCOUNT_FORMS["reset_password_from_key"]: choosing the new password from the link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speak_plainly(self, NEW_PASSWORD_WORDS)

    def clean(self):
        cleaned_data = super().clean()
        replace_mismatch_error(self)
        return cleaned_data


class ReauthenticateForm(AllauthReauthenticateForm):
    """ACCOUNT_FORMS["reauthenticate"]: the password asked again before a change that matters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speak_plainly(self)


class StaffLoginForm(AdminAuthenticationForm):
    """The admin site's log-in: Django's form has no limit at all, and staff accounts are the
    ones most worth guessing."""

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            try:
                self.user_cache = sign_in_with_password(
                    self.request, email=email, password=password
                )
            except TooManyPasswordGuesses as error:
                raise forms.ValidationError(error.message, code=error.code) from error
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
