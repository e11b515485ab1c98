"""Forms for "What did your council decide?" and for finding what councils have agreed. They parse
what was typed; the rules (which years, how long) are forums.services.councils' own checks."""

from django import forms

from forums.errors import ForumError
from forums.models import CouncilDecision
from forums.models.councils import WHAT_FOR_MAX
from forums.services import councils
from frontend.forms.choices import area_choices

FIELDS = ("council", "outcome", "year", "what_for", "share_council")


def _checked(rule, value):
    """The service's own check, so every problem shows at once; it checks again when it saves."""
    try:
        return rule(value)
    except ForumError as error:
        raise forms.ValidationError(error.message, code=error.code) from error


class CouncilDecisionForm(forms.Form):
    council = forms.ChoiceField(
        label="Which council?",
        help_text="The council that pays the personal budget.",
        choices=area_choices("Choose a council"),
        error_messages={
            "required": "Choose the council from the list.",
            "invalid_choice": "Choose the council from the list.",
        },
    )
    outcome = forms.ChoiceField(
        label="What did the council decide?",
        choices=CouncilDecision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the council agreed, refused or partly agreed.",
            "invalid_choice": "Choose whether the council agreed, refused or partly agreed.",
        },
    )
    year = forms.IntegerField(
        label="Which year?",
        help_text="For example, 2026.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
        error_messages={
            "required": "Enter the year the council decided, like 2026.",
            "invalid": "Enter the year as a number, like 2026.",
        },
    )
    what_for = forms.CharField(
        label="What was it for?",
        help_text="A few words, like “gym membership” or “paying a family member”.",
        # No max_length check here: a long answer gets the service's own message; the browser
        # is only told the limit.
        widget=forms.TextInput(attrs={"maxlength": WHAT_FOR_MAX, "autocomplete": "off"}),
        error_messages={"required": "Say in a few words what it was for, like “gym membership”."},
    )
    share_council = forms.BooleanField(
        label="Show which council it was",
        required=False,
        help_text=(
            "You asked without your name, so we do not show your council to anyone unless you "
            "choose to. A council and a question together could help someone guess who you are."
        ),
    )

    def __init__(self, *args, may_share: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the person who asked without their name chooses whether their council shows.
        if not may_share:
            del self.fields["share_council"]

    def clean_year(self):
        return _checked(councils.clean_year, self.cleaned_data["year"])

    def clean_what_for(self):
        return _checked(councils.clean_what_for, self.cleaned_data["what_for"])

    @staticmethod
    def initial_from(decision: CouncilDecision | None, *, year: int) -> dict:
        if decision is None:
            return {"year": year}
        return {
            "council": decision.council,
            "outcome": decision.outcome,
            "year": decision.year,
            "what_for": decision.what_for,
            "share_council": decision.share_council,
        }


class CouncilDecisionFilterForm(forms.Form):
    """The filters of the public list. `for` is a Python word, so that field is added by name."""

    council = forms.ChoiceField(
        label="Council", required=False, choices=area_choices("Any council")
    )
    # Required so that it is not marked "(optional)": one is always chosen (the view gives
    # "council" when the address has none).
    by = forms.ChoiceField(
        label="List them",
        choices=[("council", "By council"), ("for", "By what it was for")],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose how to list them."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["for"] = forms.CharField(
            label="What it was for",
            required=False,
            max_length=WHAT_FOR_MAX,
            help_text="A word or two, like “gym” or “family member”.",
        )
        self.order_fields(["council", "for", "by"])

    def chosen(self) -> dict[str, str]:
        """What to show: an unknown council or a mistyped choice shows everything."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "council": data.get("council", ""),
            "what_for": data.get("for", ""),
            "by": data.get("by") or "council",
        }
