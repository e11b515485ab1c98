"""The notification settings form: one choice of delivery for each kind of notification."""

from django import forms

from community.models import Notification, NotificationPreference


class NotificationSettingsForm(forms.Form):
    """Fields are named after the kinds, so the form grows as later features add kinds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Notification.Kind.choices:
            self.fields[self.field_name(kind)] = forms.ChoiceField(
                label=label,
                choices=NotificationPreference.Delivery.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose how to hear about this."},
            )

    @staticmethod
    def field_name(kind: str) -> str:
        return kind.replace(".", "__")

    def choices_by_kind(self) -> dict[str, str]:
        return {kind: self.cleaned_data[self.field_name(kind)] for kind in Notification.Kind.values}
