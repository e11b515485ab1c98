"""The words on allauth's forms, in our voice: a label and a "required" error that name each
field, no placeholders that repeat the label, and the password rule as one plain sentence that
matches the validators in AUTH_PASSWORD_VALIDATORS."""

from django import forms
from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    get_default_password_validators,
)

# field name -> (label, error when it is left empty). allauth reuses names across forms, so a
# form can give its own words for a name (the new password on the change-password page).
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "email": ("E-mail address", "Enter your e-mail address"),
    "login": ("E-mail address", "Enter your e-mail address"),
    "password": ("Password", "Enter your password"),
    "display_name": ("Display name", "Enter a display name"),
    "password1": ("Password", "Enter a password"),
    "password2": ("Type the password again", "Type your password again"),
    "oldpassword": ("Current password", "Enter your current password"),
    "remember": ("Keep me logged in on this device", ""),
}
NEW_PASSWORD_WORDS: dict[str, tuple[str, str]] = {
    "password1": ("New password", "Enter a new password"),
    "password2": ("Type the new password again", "Type your new password again"),
}
INVALID_EMAIL = "Enter an e-mail address in the right form, like name@example.com"
PASSWORDS_DIFFER = "The two passwords are not the same. Type the same password in both boxes."


def password_min_length() -> int:
    lengths = [
        validator.min_length
        for validator in get_default_password_validators()
        if isinstance(validator, MinimumLengthValidator)
    ]
    return max(lengths, default=1)


def password_rule() -> str:
    """One positive sentence for what the validators ask, and a tip for a password that is
    easy to remember and hard to guess (common passwords and ones like your name are refused)."""
    return (
        f"Use at least {password_min_length()} characters, with some letters. "
        "A few words together is easy to remember and hard to guess."
    )


# Django's password validators, by code, in our words.
PASSWORD_ERRORS = {
    "password_too_short": "Your password is too short. Use at least {min_length} characters.",
    "password_too_common": (
        "Lots of people use that password, so it is easy to guess. Try a few words together."
    ),
    "password_entirely_numeric": "Your password has only numbers. Add some letters.",
    "password_too_similar": (
        "Your password is too like your name or e-mail address. Choose something different."
    ),
}


def plain_password_errors(error: forms.ValidationError) -> forms.ValidationError:
    """The validators' errors in our words, keeping each code (anything unknown is kept)."""
    plain = []
    for item in error.error_list:
        words = PASSWORD_ERRORS.get(item.code or "")
        if words is None:
            plain.append(item)
        else:
            message = words.format(min_length=password_min_length())
            plain.append(forms.ValidationError(message, code=item.code))
    return forms.ValidationError(plain)


def speak_plainly(form: forms.Form, words: dict[str, tuple[str, str]] | None = None) -> None:
    """Give each field our label and required-error, drop placeholders, and state the password
    rule under any field where a new password is chosen."""
    words = {**FIELD_WORDS, **(words or {})}
    for name, field in form.fields.items():
        if name in words:
            label, required = words[name]
            field.label = label
            if required:
                field.error_messages["required"] = required
        field.widget.attrs.pop("placeholder", None)
        if isinstance(field, forms.EmailField) or name == "login":
            field.error_messages["invalid"] = INVALID_EMAIL
        if name == "password1":
            field.help_text = password_rule()


# allauth's own sentence when the two passwords differ (PasswordVerificationMixin).
ALLAUTH_PASSWORDS_DIFFER = "You must type the same password each time."


def replace_mismatch_error(form: forms.Form) -> None:
    """Put allauth's sentence for two different passwords in our words."""
    errors = form.errors.get("password2")
    if errors and ALLAUTH_PASSWORDS_DIFFER in errors:
        form.errors["password2"] = form.error_class(
            [PASSWORDS_DIFFER if str(e) == ALLAUTH_PASSWORDS_DIFFER else e for e in errors]
        )
