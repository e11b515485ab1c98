"""Serializers for events, occurrences, bookings, waiting lists and registers."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

_FIELD_CLASSES: dict[str, type] = {}


def choice_field(choices, component: str, **kwargs) -> serializers.ChoiceField:
    """A ChoiceField whose values are one named schema component (`EventKind`, ...). Field names
    like `kind` and `status` mean different things on organisations, events, dates and bookings;
    left to the schema generator their enums' names would collide."""
    if component not in _FIELD_CLASSES:
        schema = {
            "type": "string",
            "enum": [value for value, _ in choices],
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices),
        }
        _FIELD_CLASSES[component] = extend_schema_field(schema, component_name=component)(
            type(f"{component}Field", (serializers.ChoiceField,), {})
        )
    return _FIELD_CLASSES[component](choices=choices, **kwargs)
