"""The notification settings form: one choice of delivery for each kind of notification."""

from django import forms

from community.notification_kinds import Delivery, all_kinds


class NotificationSettingsForm(forms.Form):
    """Fields are named after the kinds, so the form grows as later features register kinds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in all_kinds():
            self.fields[self.field_name(kind.code)] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose how to hear about this."},
            )

    @staticmethod
    def field_name(kind: str) -> str:
        return kind.replace(".", "__")

    def choices_by_kind(self) -> dict[str, str]:
        return {kind.code: self.cleaned_data[self.field_name(kind.code)] for kind in all_kinds()}
