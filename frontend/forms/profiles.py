"""The form for editing one's own profile. It only parses what was typed; the rules (unique
display name, lengths, allowed choices) live in community.services.profiles."""

from django import forms

from community.languages import LANGUAGE_CHOICES
from community.models import Profile
from frontend.forms.choices import area_choices
from frontend.forms.writing import WRITING_HINT, WritingBox

MARKDOWN_HINT = WRITING_HINT


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Display name",
        help_text="The name other people see. It can be a nickname.",
        error_messages={"required": "Enter a display name. It can be a nickname."},
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "spellcheck": "false"}),
    )
    real_name = forms.CharField(
        label="Your real name",
        required=False,
        help_text=(
            "Private. We never show it to other members. Only you and the people who run "
            "Alongside can see it."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    i_am = forms.ChoiceField(
        label="Which of these describes you?",
        choices=Profile.IAm.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    bio = forms.CharField(
        label="About you",
        required=False,
        help_text=MARKDOWN_HINT,
        widget=WritingBox(attrs={"rows": 8}),
    )
    languages = forms.MultipleChoiceField(
        label="Languages you use",
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text="Choose all that apply.",
        widget=forms.CheckboxSelectMultiple,
    )
    area = forms.ChoiceField(
        label="Your council area",
        choices=area_choices("I would rather not say"),
        required=False,
        help_text="The council that pays or would pay your personal budget.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Say what to do, not what went wrong inside.
        for name in ("i_am", "languages", "area"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the list."

    @classmethod
    def initial_for(cls, person, profile: Profile) -> dict:
        return {
            "display_name": person.display_name,
            "real_name": person.real_name,
            "i_am": profile.i_am,
            "bio": profile.bio,
            "languages": profile.languages,
            "area": profile.area,
        }
