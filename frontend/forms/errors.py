"""Turning a service's CommunityError into a form error shown next to the right field."""

from django import forms

from community.errors import CommunityError


def add_community_error(
    form: forms.Form, error: CommunityError, field_names: dict[str, str] | None = None
) -> None:
    """Put the message next to the field the service named, or at the top if it named none.

    `field_names` maps a service's field name to the form's where they differ (a service says
    "person", the form asked for an e-mail address).
    """
    field = (field_names or {}).get(error.field or "", error.field)
    if field and field in form.fields:
        form.add_error(field, forms.ValidationError(error.message, code=error.code))
    else:
        form.add_error(None, forms.ValidationError(error.message, code=error.code))
