"""Forms for the support plan pages. They read what was typed; who may do what, and whether a
time can be booked, are community.support's rules and come back as a SupportError."""

import datetime

from django import forms

from community.selectors import person_by_display_name
from community.support.models import COMMENT_MAX, PLAN_SECTION_MAX, PlanSection
from events.models import Appointment
from events.recurrence import LONDON
from frontend.forms.date_parts import DatePartsField
from frontend.forms.writing import WritingBox, writing_hint

SECTION_HINT = writing_hint("Only you can change your plan.")
SESSION_LENGTHS = [
    (30, "30 minutes"),
    (45, "45 minutes"),
    (60, "1 hour"),
    (90, "1 and a half hours"),
    (120, "2 hours"),
]
WHOLE_PLAN = ""


def part_choices() -> list[tuple[str, str]]:
    return [(WHOLE_PLAN, "The whole plan"), *PlanSection.Part.choices]


class SectionForm(forms.Form):
    body = forms.CharField(
        required=False,
        help_text=SECTION_HINT,
        max_length=PLAN_SECTION_MAX,
        error_messages={"max_length": f"Write {PLAN_SECTION_MAX:,} characters or fewer."},
        widget=WritingBox(attrs={"rows": 14}),
        # Keep what was typed exactly, spaces and all, if the form comes back.
        strip=False,
    )

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = label


class CommentForm(forms.Form):
    # The plan page holds two forms; prefixes keep their ids (and error summaries) apart.
    prefix = "comment"

    part = forms.ChoiceField(
        label="Which part is it about?",
        choices=part_choices,
        required=False,
        error_messages={"invalid_choice": "Choose a part of the plan from the list."},
    )
    body = forms.CharField(
        label="Your comment",
        help_text=writing_hint(
            "The owner of the plan can mark it as resolved when they have dealt with it."
        ),
        max_length=COMMENT_MAX,
        error_messages={
            "required": "Write your comment.",
            "max_length": f"Write {COMMENT_MAX:,} characters or fewer.",
        },
        widget=WritingBox(attrs={"rows": 5}),
        strip=False,
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Write your comment.", code="required")
        return body


class ShareForm(forms.Form):
    display_name = forms.CharField(
        label="Their display name on Alongside",
        help_text="The name they use here, exactly as it shows on their profile.",
        max_length=150,
        error_messages={
            "required": "Enter the display name of the person you want to share it with.",
            "max_length": "Display names are 150 characters or fewer.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    can_comment = forms.BooleanField(
        label="They can add comments too",
        required=False,
        help_text="If you leave this empty, they can read the plan but not comment on it.",
    )

    def clean_display_name(self):
        return _person_by_display_name(self)


def _person_by_display_name(form: forms.Form) -> str:
    """Find the person a form names (capitals and spaces aside); they go into cleaned_data as
    "person". Display names are public (they show on every post), so saying "nobody is called
    that" tells the owner nothing they could not see elsewhere."""
    name = form.cleaned_data["display_name"].strip()
    person = person_by_display_name(name=name)
    if person is None:
        raise forms.ValidationError(
            "There is nobody on Alongside with this display name. Check the spelling with "
            "them, or ask them to sign up first.",
            code="unknown_person",
        )
    form.cleaned_data["person"] = person
    return name


class PartnerForm(forms.Form):
    """Choosing a (new) planning partner by their display name, as it shows in the list of
    advisors. Whether they can be chosen is the service's rule."""

    # The sharing page holds the share form too; the prefix keeps their ids apart.
    prefix = "partner"

    display_name = forms.CharField(
        label="Your planning partner's display name",
        help_text="As it shows in the list of advisors and planning partners.",
        max_length=150,
        error_messages={
            "required": "Enter the display name of the planning partner you want.",
            "max_length": "Display names are 150 characters or fewer.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_display_name(self):
        return _person_by_display_name(self)


class OrganisationCanSeeForm(forms.Form):
    allowed = forms.BooleanField(required=False)

    def __init__(self, *args, organisation_name: str, has_partner: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # With no partner just now, the organisation is the one the last partner worked with.
        whose = "your planning partner works" if has_partner else "your last partner worked"
        allowed = self.fields["allowed"]
        allowed.label = f"Let {organisation_name} staff read it"
        allowed.help_text = (
            f"Staff of the organisation {whose} with. They can read the plan, not change it."
        )


class SessionForm(forms.Form):
    """A planning session: a date and time in UK time, how long, how and where."""

    prefix = "session"

    day = DatePartsField(
        label="Date",
        error_messages={"required": "Enter the date of the session."},
        example="14 3 2027",
    )
    time = forms.TimeField(
        label="Start time",
        help_text="UK time, for example 14:30.",
        error_messages={
            "required": "Enter the time the session starts.",
            "invalid": "Enter a time, like 14:30.",
        },
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    minutes = forms.TypedChoiceField(
        label="How long?",
        choices=SESSION_LENGTHS,
        coerce=int,
        initial=60,
        error_messages={
            "required": "Choose how long the session is.",
            "invalid_choice": "Choose how long the session is from the list.",
        },
    )
    way = forms.ChoiceField(
        label="How will you meet?",
        choices=Appointment.Way.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how you will meet.",
            "invalid_choice": "Choose how you will meet.",
        },
    )
    where = forms.CharField(
        label="Where, or how to reach you",
        required=False,
        max_length=200,
        help_text="In person: the address. By phone: the number to call. Only you two see this.",
        error_messages={"max_length": "Write 200 characters or fewer."},
    )

    def starts(self) -> datetime.datetime:
        data = self.cleaned_data
        return datetime.datetime.combine(data["day"], data["time"], tzinfo=LONDON)
