"""The filter on the "Find an advisor" page."""

from django import forms

from frontend.forms.choices import area_choices


class AdvisorFilterForm(forms.Form):
    area = forms.ChoiceField(
        label="Council area", choices=area_choices("All areas"), required=False
    )
    organisation = forms.ChoiceField(label="Organisation", required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            ("", "All organisations"),
            *((organisation.slug, organisation.name) for organisation in organisations),
        ]

    def filters(self) -> dict[str, str]:
        """An unknown value (an old link, a typo) is ignored rather than shown as an error."""
        self.is_valid()
        return {
            "area": self.cleaned_data.get("area", ""),
            "organisation_slug": self.cleaned_data.get("organisation", ""),
        }
