"""Ties allauth's sign-up to our people: set the display name before the first save."""

from allauth.account.adapter import DefaultAccountAdapter

from community.services.profiles import ensure_profile


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The display name is unique, so it must be set before the account row is written.
        user.display_name = form.cleaned_data["display_name"]
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            ensure_profile(person=user)
        return user
