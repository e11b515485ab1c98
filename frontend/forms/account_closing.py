"""The form for deleting one's own account: what happens to what they wrote, and a clear yes."""

from django import forms

KEEP, REMOVE = "keep", "remove"


class DeleteAccountForm(forms.Form):
    posts = forms.ChoiceField(
        label="What should happen to your posts and chat messages?",
        choices=[
            (KEEP, 'Keep them, shown as written by "A former member"'),
            (REMOVE, 'Remove them. Each one shows "This post was removed"'),
        ],
        widget=forms.RadioSelect,
        help_text="Keeping them helps others who read the conversations later.",
        error_messages={"required": "Choose what should happen to your posts and messages."},
    )
    understood = forms.BooleanField(
        label="I understand that this deletes my account for good. It cannot be undone.",
        error_messages={"required": "Tick the box to say you understand this cannot be undone."},
    )

    @property
    def remove_posts(self) -> bool:
        return self.cleaned_data["posts"] == REMOVE
