"""The answer to one access need to arrange: arranged, or it cannot be, and a reply to the
booker. Which answers there are and how long a reply may be are the service's
(events.services.access_requests)."""

from django import forms

from events.models import AccessRequest
from events.services.access_requests import ANSWERS, REPLY_LIMIT


class AccessAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label="Can you arrange it?",
        choices=[(answer.value, answer.label) for answer in ANSWERS],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose Arranged or Cannot be arranged.",
            "invalid_choice": "Choose Arranged or Cannot be arranged.",
        },
    )
    reply = forms.CharField(
        label="Message to the person who booked",
        required=False,
        max_length=REPLY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, “An interpreter will meet you at the door.”",
        error_messages={
            "max_length": f"The message must be {REPLY_LIMIT} characters or fewer.",
        },
    )

    def __init__(self, *args, item: AccessRequest | None = None, **kwargs):
        # One form per item on the to-do list: the prefix keeps each form's ids apart.
        if item is not None:
            kwargs.setdefault("prefix", f"access-{item.pk}")
            if item.status != AccessRequest.Status.TO_ARRANGE:
                kwargs.setdefault("initial", {"status": item.status, "reply": item.reply})
        super().__init__(*args, **kwargs)
