"""Forms for reporting a concern and for moderating. They parse input only: who may report,
which actions a case allows and every limit live in community.safety."""

from django import forms

from community.safety.models import Report
from community.safety.reports import NOTE_LIMIT as NOTE_MAX
from frontend.forms.date_parts import DatePartsField

REASON_NEEDED = "Write the reason. The person will see it."


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what is wrong.",
            "invalid_choice": "Choose what is wrong.",
        },
    )
    note = forms.CharField(
        label="Tell us more",
        required=False,
        max_length=NOTE_MAX,
        help_text="What should a moderator know? Only moderators see this.",
        error_messages={"max_length": f"Write {NOTE_MAX} characters or fewer."},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CaseActionForm(forms.Form):
    """The actions offered are only those this person may take on this case."""

    action = forms.ChoiceField(
        label="What do you want to do?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what to do.",
            "invalid_choice": "Choose one of the actions listed.",
        },
    )
    category_id = forms.TypedChoiceField(
        label="Move the topic to",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Only when you move a topic.",
        error_messages={"invalid_choice": "Choose a forum from the list."},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        help_text="This is shown to the person who wrote it, and in words to whoever reported it.",
        error_messages={"required": REASON_NEEDED},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, actions=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = list(actions)
        if categories:
            self.fields["category_id"].choices = [("", "Choose a forum"), *categories]
        else:
            del self.fields["category_id"]


class PersonActionForm(forms.Form):
    action = forms.ChoiceField(
        label="What do you want to do?",
        widget=forms.RadioSelect,
        choices=[
            ("warn", "Warn them"),
            ("suspend", "Suspend them for a number of days"),
            ("ban", "Ban them"),
            ("lift", "Lift a suspension or ban"),
            ("remove_everything", "Remove everything they posted"),
        ],
        error_messages={
            "required": "Choose what to do.",
            "invalid_choice": "Choose one of the actions listed.",
        },
    )
    days = forms.IntegerField(
        label="How many days (for a suspension)",
        required=False,
        min_value=1,
        max_value=365,
        help_text="From 1 to 365.",
        error_messages={
            "invalid": "Write the number of days, like 7.",
            "min_value": "Write a number from 1 to 365.",
            "max_value": "Write a number from 1 to 365.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        help_text="This is shown to the person.",
        error_messages={"required": REASON_NEEDED},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QueueFilterForm(forms.Form):
    """A GET form: a bad value is ignored, never shown as an error."""

    urgent = forms.BooleanField(label="Only urgent cases", required=False)
    kind = forms.ChoiceField(label="What was reported", required=False)

    def __init__(self, data, *, kinds=()):
        kinds = list(kinds)
        if data.get("kind") and data["kind"] not in {name for name, _ in kinds}:
            data = data.copy()
            data.pop("kind")  # an old link or a typo: show everything instead
        super().__init__(data)
        self.fields["kind"].choices = [("", "Anything"), *kinds]

    def chosen(self) -> dict:
        self.is_valid()
        return {
            "urgent_only": bool(self.cleaned_data.get("urgent")),
            "kind": self.cleaned_data.get("kind") or "",
        }


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label="Action",
        required=False,
        max_length=80,
        help_text="A code, or the start of one, like safety.case",
    )
    actor = forms.CharField(
        label="Done by",
        required=False,
        max_length=100,
        help_text="Their display name.",
    )
    subject_type = forms.CharField(label="Type of thing", required=False, max_length=60)
    subject_id = forms.IntegerField(label="Number of the thing", required=False, min_value=0)
    since = DatePartsField(label="From", required=False, example="5 12 2026")
    until = DatePartsField(label="To", required=False, example="31 12 2026")

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].widget.attrs["list"] = "audit-actions"
        self.known_actions = list(actions)
