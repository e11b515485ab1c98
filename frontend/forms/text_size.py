"""The text size and contrast form. It only parses what was sent; the choices and their rules
live in community.services.text_size."""

from django import forms

from community.models import Contrast, TextSize
from community.services.text_size import CONTRAST_PROBLEM, TEXT_SIZE_PROBLEM


class TextSizeForm(forms.Form):
    text_size = forms.ChoiceField(
        label="Text size",
        help_text="This makes the words bigger on top of your browser's own zoom.",
        choices=[
            (TextSize.STANDARD, "Standard"),
            (TextSize.LARGER, "Larger: a quarter bigger"),
            (TextSize.LARGEST, "Largest: half as big again"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": TEXT_SIZE_PROBLEM, "invalid_choice": TEXT_SIZE_PROBLEM},
    )
    contrast = forms.ChoiceField(
        label="Contrast",
        choices=[
            (Contrast.STANDARD, "Standard: as your device is set"),
            (Contrast.HIGH, "High contrast: black words on white, with strong lines"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": CONTRAST_PROBLEM, "invalid_choice": CONTRAST_PROBLEM},
    )
