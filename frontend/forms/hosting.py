"""Forms for the people who run a date: a note on it, and staff booking a place for someone
who phoned in (found by their exact e-mail address, or booked by name)."""

from django import forms

from events.models import ACCESS_NEEDS, AttendanceMode
from events.services.occurrences import NOTE_LIMIT


class DateNoteForm(forms.Form):
    note = forms.CharField(
        label="Note for this date",
        required=False,
        max_length=NOTE_LIMIT,
        help_text=(
            "For example: “We are in room 2 this week.” Everyone booked and waiting gets it as "
            "a message, and it shows beside the date. Leave it empty to take a note away."
        ),
        error_messages={"max_length": f"Keep the note to {NOTE_LIMIT} characters or fewer."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BookForSomeoneForm(forms.Form):
    """A place booked by staff for someone else: a member found by the e-mail address they
    give on the phone (never picked from a list of accounts), or someone without an account, by
    name."""

    has_account = forms.ChoiceField(
        label="Do they have an Alongside account?",
        choices=[("yes", "Yes: find them by their e-mail address"), ("no", "No: book by name")],
        initial="yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they have an account."},
    )
    email = forms.EmailField(
        label="Their e-mail address",
        required=False,
        help_text="Exactly as they gave it. We only book someone whose address matches.",
        error_messages={"invalid": "Enter an e-mail address, like name@example.com."},
    )
    name = forms.CharField(
        label="Their name",
        required=False,
        max_length=100,
        help_text="Only if they have no account. A first name and a way to know them is enough.",
    )
    attendance_mode = forms.ChoiceField(
        label="How will they join?",
        choices=AttendanceMode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether they will join in person or online.",
            "invalid_choice": "Choose whether they will join in person or online.",
        },
    )
    companion = forms.BooleanField(
        label="A companion or carer is coming with them",
        required=False,
        help_text="They take a place too.",
    )
    access_needs = forms.MultipleChoiceField(
        label="Do they need any of these to take part?",
        required=False,
        choices=ACCESS_NEEDS,
        widget=forms.CheckboxSelectMultiple,
    )
    access_notes = forms.CharField(
        label="Anything else the organisers should know",
        required=False,
        max_length=1000,
        error_messages={"max_length": "Write 1,000 characters or fewer."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email.conditionally_required = True
    name.conditionally_required = True

    def __init__(self, *args, hybrid: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not hybrid:
            del self.fields["attendance_mode"]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("has_account") == "yes"
            and not cleaned.get("email")
            and ("email" not in self.errors)
        ):
            self.add_error("email", "Enter their e-mail address.")
        if cleaned.get("has_account") == "no" and not cleaned.get("name", "").strip():
            self.add_error("name", "Enter their name.")
        return cleaned

    def booking_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "companions": 1 if data["companion"] else 0,
            "access_needs": list(data["access_needs"]),
            "access_notes": data["access_notes"].strip(),
        }
        if "attendance_mode" in self.fields:
            fields["attendance_mode"] = data["attendance_mode"]
        return fields
