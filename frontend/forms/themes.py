"""The form that gives one date its own theme and short description. How long each may be is
the service's rule (events.services.themes); the form's limits only match it."""

from django import forms

from events.services.themes import DESCRIPTION_LIMIT, THEME_LIMIT


class DateThemeForm(forms.Form):
    theme = forms.CharField(
        label="Theme",
        required=False,
        max_length=THEME_LIMIT,
        help_text=(
            "A few words about what this date is about, like “Employing a PA”. "
            "Leave it empty to take the theme away."
        ),
        error_messages={"max_length": f"Write {THEME_LIMIT} characters or fewer."},
    )
    description = forms.CharField(
        label="Short description",
        required=False,
        max_length=DESCRIPTION_LIMIT,
        help_text="One or two sentences. Optional.",
        error_messages={"max_length": f"Write {DESCRIPTION_LIMIT} characters or fewer."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
