"""Forms for organisation pages: the public filter, staff editing details, and granting roles.
They parse input only; who may do what and every rule live in community.services."""

from django import forms

from community.models import Membership, Organisation
from community.selectors import person_by_email
from frontend.forms.choices import area_choices
from frontend.forms.date_parts import DatePartsField
from frontend.forms.profiles import MARKDOWN_HINT
from frontend.forms.writing import WritingBox


class OrganisationFilterForm(forms.Form):
    area = forms.ChoiceField(
        label="Council area", choices=area_choices("All areas"), required=False
    )
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("", "All kinds"), *Organisation.Kind.choices],
        required=False,
    )

    def filters(self) -> dict[str, str]:
        """The filters to apply: an unknown value (an old link, a typo) shows everything."""
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in ("area", "kind")}


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=150,
        error_messages={"required": "Enter the organisation's name."},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    kind = forms.ChoiceField(
        label="Kind of organisation", choices=Organisation.Kind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label="About the organisation",
        required=False,
        max_length=5000,
        help_text=MARKDOWN_HINT,
        widget=WritingBox(attrs={"rows": 10}),
    )
    area = forms.ChoiceField(
        label="Council area", choices=area_choices("Not in one area"), required=False
    )
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        help_text="For example, https://www.example.org.uk",
        error_messages={"invalid": "Enter a web address, like https://www.example.org.uk"},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict:
        return {name: getattr(organisation, name) for name in cls.base_fields}


class GrantRoleForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address of the person",
        help_text="They must already have an account on Alongside.",
        error_messages={
            "required": "Enter the e-mail address the person uses on Alongside.",
            "invalid": "Enter an e-mail address, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role.", "invalid_choice": "Choose a role."},
    )
    trained_on = DatePartsField(
        label="Training date",
        required=False,
        help_text=(
            "The day they finished their training. Needed for trained advisors and support "
            "planning partners, not for staff."
        ),
        example="14 3 2025",
    )
    # Needed for some roles only, so the label must not promise "(optional)".
    trained_on.conditionally_required = True
    trained_for = forms.CharField(
        label="What the training covered",
        required=False,
        max_length=Membership._meta.get_field("trained_for").max_length,
        help_text=(
            "In a few words, for advisors and support planning partners: for example, employing "
            "a PA and payroll. Members see it on their card."
        ),
        error_messages={
            "max_length": "Keep what the training covered to %(limit_value)d characters or fewer."
        },
    )

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email:
            # Only staff ever reach this form, and they know the address they typed, so saying
            # "no account" here tells them nothing they could not learn by asking the person.
            person = person_by_email(email=email)
            if person is None:
                self.add_error(
                    "email",
                    forms.ValidationError(
                        "There is no account with this e-mail address. Ask the person to sign "
                        "up first, or check the address with them.",
                        code="unknown_email",
                    ),
                )
            cleaned["person"] = person
        return cleaned
