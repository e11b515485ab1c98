"""Choice fields described inline in the schema (wrapped in allOf, so drf-spectacular does not
turn them into named enum components that collide with other apps' fields called `kind`)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forums.models import Topic, Watch


@extend_schema_field({"allOf": [{"type": "string", "enum": list(Topic.Kind.values)}]})
class TopicKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Topic.Kind.choices, **kwargs)


@extend_schema_field({"allOf": [{"type": "string", "enum": list(Watch.Level.values)}]})
class WatchLevelField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Watch.Level.choices, **kwargs)
