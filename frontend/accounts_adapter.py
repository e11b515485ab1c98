"""Ties allauth to our people: the display name before the first save, the client's address from
the one place that knows it, and password guesses counted per account at every door. Its
e-mails speak in our voice and name the site from settings, never from the sites table."""

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.client_address import client_address
from community.services.password_guesses import (
    TooManyPasswordGuesses,
    account_key,
    confirm_password,
)
from community.services.profiles import ensure_profile
from frontend.forms.account_words import plain_password_errors


class AccountAdapter(DefaultAccountAdapter):
    # allauth's messages that people can meet, in our words. The log-in one says the same for
    # an unknown address and a wrong password, so it tells nobody which addresses have accounts.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": (
            "This account cannot log in. If you think this is a mistake, contact us."
        ),
        "cannot_remove_primary_email": (
            "You cannot remove your main e-mail address. Make another address your main one first."
        ),
        "duplicate_email": "This e-mail address is already on your account.",
        "email_password_mismatch": (
            "The e-mail address or password is not right. Check them and try again."
        ),
        "email_taken": "Someone already has an account with this e-mail address.",
        "enter_current_password": "Your current password is not right. Check it and try again.",
        "incorrect_password": "The password is not right. Check it and try again.",
        "invalid_login": "The e-mail address or password is not right. Check them and try again.",
        "invalid_password_reset": (
            "This link to choose a new password does not work any more. Ask for a new link."
        ),
        "max_email_addresses": "You cannot add more than %d e-mail addresses.",
        "unknown_email": "We have no account with this e-mail address.",
        "unverified_primary_email": (
            "Confirm this e-mail address before you make it your main one. "
            "Open the link in the e-mail we sent to it."
        ),
        "select_only_one": "Choose only one.",
        "same_as_current": "This is the same as now. Enter a different one.",
        "rate_limited": "Too many tries. Wait a few minutes and try again.",
    }

    def save_user(self, request, user, form, commit=True):
        # The display name is unique, so it must be set before the account row is written.
        user.display_name = form.cleaned_data["display_name"]
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            ensure_profile(person=user)
        return user

    def format_email_subject(self, subject: str) -> str:
        # The same "Alongside: ..." start as the booking and notification e-mails.
        return f"{settings.SITE_NAME}: {subject}"

    def send_mail(self, template_prefix: str, email: str, mail_context: dict) -> None:
        # The templates under account/email/ read these, and never allauth's `current_site`.
        ours = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "contact_url": settings.SITE_URL + reverse("contact"),
            "new_password_url": settings.SITE_URL + reverse("account_reset_password"),
            # How long the links work, so that the e-mails can say so.
            "confirmation_days": app_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
            "reset_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        super().send_mail(template_prefix, email, {**ours, **mail_context})

    def clean_password(self, password, user=None):
        try:
            return super().clean_password(password, user=user)
        except ValidationError as error:
            raise plain_password_errors(error) from error

    def get_client_ip(self, request):
        address = client_address(request)
        if not address:
            raise PermissionDenied("We could not tell where this request came from.")
        return address

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth's own key is the address as typed; ours is the account behind it, so one
        # account's guesses share one count whichever of its addresses is typed.
        return account_key(credentials.get("email", ""))

    def reauthenticate(self, user, password):
        # The same count as the log-in page, and it works for accounts made without an
        # EmailAddress row (allauth's version signs in by the primary EmailAddress only).
        try:
            return confirm_password(context.request, person=user, password=password)
        except TooManyPasswordGuesses as error:
            raise ValidationError(error.message, code="too_many_login_attempts") from error

    def validation_error(self, code, *args):
        if code == "too_many_login_attempts":
            return ValidationError(TooManyPasswordGuesses().message, code=code)
        return super().validation_error(code, *args)
