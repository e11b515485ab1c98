"""Forms for the chat pages. They only read what was typed; the rules (lengths, who may write
where, rate limits, names of rooms) are community.chat's and come back as a ChatError."""

import uuid

from django import forms

from community.chat.models import BODY_MAX
from frontend.forms.choices import SlugChoiceField
from frontend.forms.writing import WritingBox, writing_hint

MESSAGE_HINT = writing_hint(
    f"Write in up to {BODY_MAX:,} characters.", "Please do not share anyone's private details."
)


def _with_plain_line_breaks(body: str) -> str:
    r"""Browsers post a textarea's line breaks as "\r\n"; the live chat sends "\n". Counted the
    same way, a message is too long (or not) whichever way it was sent."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


class MessageForm(forms.Form):
    """A new message. The page makes up the client_id, so pressing Send twice (or going back
    and sending again) stores the message once."""

    body = forms.CharField(
        label="Your message",
        help_text=MESSAGE_HINT,
        error_messages={"required": "Write a message first."},
        # No max_length, and no maxlength for the browser (which cuts pasted text without a
        # word): a long message gets the service's own words (check_body), with what was
        # written kept, as it does over WebSocket and in the API.
        widget=WritingBox(attrs={"rows": 3, "id": "chat-body"}),
        strip=False,
    )
    client_id = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_id", str(uuid.uuid4()))

    def clean_body(self) -> str:
        return _with_plain_line_breaks(self.cleaned_data["body"])

    def chosen_client_id(self) -> str:
        """What was sent, or (for an old page without one) a fresh id."""
        return self.cleaned_data.get("client_id") or str(uuid.uuid4())


class EditMessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        help_text=MESSAGE_HINT,
        error_messages={"required": "Write a message first."},
        widget=WritingBox(attrs={"rows": 5}),
        strip=False,
    )

    def clean_body(self) -> str:
        return _with_plain_line_breaks(self.cleaned_data["body"])


class CommunityRoomForm(forms.Form):
    """For moderators: a room open to every member, about one subject."""

    name = forms.CharField(
        label="Name of the room",
        help_text='For example, "Employing a PA".',
        max_length=100,
        error_messages={
            "required": "Give the room a name.",
            "max_length": "Write 100 characters or fewer.",
        },
    )
    description = forms.CharField(
        label="What is the room for?",
        required=False,
        max_length=300,
        error_messages={"max_length": "Write 300 characters or fewer."},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    theme = SlugChoiceField(
        label="Theme",
        required=False,
        queryset=None,
        empty_label="No theme",
        error_messages={"invalid_choice": "Choose from the list."},
    )

    def __init__(self, *args, themes=None, **kwargs):
        kwargs.setdefault("prefix", "room")
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        self.fields["theme"].to_field_name = "slug"


class HandOnForm(forms.Form):
    """An advisor passes a private conversation to someone on the organisation's staff."""

    staff = forms.ModelChoiceField(
        label="Who should take over?",
        queryset=None,
        empty_label="Choose a member of staff",
        error_messages={
            "required": "Choose who should take over.",
            "invalid_choice": "Choose from the list.",
        },
    )

    def __init__(self, *args, staff=None, **kwargs):
        kwargs.setdefault("prefix", "hand-on")
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self.fields["staff"].label_from_instance = lambda person: person.display_name
