"""Choice lists with a plain first option, shared by the page forms and filters."""

from django import forms

from community.areas import AREA_CHOICES


def area_choices(empty_label: str) -> list[tuple[str, str]]:
    return [("", empty_label), *AREA_CHOICES]


class SlugChoiceField(forms.ModelChoiceField):
    """A choice from a list of things named by their slug (`to_field_name="slug"`). A value
    holding a NUL names nothing, and PostgreSQL refuses to even look it up: "Choose from the
    list", as for any other value that is not on it."""

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)
