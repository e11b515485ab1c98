"""The sign-up form: e-mail, password and the display name other people will see."""

from django import forms

from community.errors import CommunityError
from community.services.profiles import clean_display_name, display_name_taken


class SignupForm(forms.Form):
    """allauth adds these fields to its own sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label="Display name",
        max_length=40,
        help_text=(
            "The name other people see. It can be a nickname: you do not have to use your "
            "real name."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    field_order = ["email", "display_name", "password1", "password2"]

    def clean_display_name(self):
        try:
            name = clean_display_name(self.cleaned_data["display_name"])
        except CommunityError as error:
            raise forms.ValidationError(error.message, code=error.code) from error
        if display_name_taken(name):
            raise forms.ValidationError(
                "Someone already uses that name. Try another.", code="display_name_taken"
            )
        return name

    def signup(self, request, user):
        # The account adapter has already stored the display name before the first save.
        pass
