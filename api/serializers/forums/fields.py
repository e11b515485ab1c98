"""Choice fields described inline in the schema (wrapped in allOf, so drf-spectacular does not
turn them into named enum components that collide with other apps' fields called `kind`), and the
text of a post."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forums.models import Topic, Watch
from forums.models.posts import BODY_MAX


@extend_schema_field({"allOf": [{"type": "string", "enum": list(Topic.Kind.values)}]})
class TopicKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Topic.Kind.choices, **kwargs)


@extend_schema_field({"allOf": [{"type": "string", "enum": list(Watch.Level.values)}]})
class WatchLevelField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Watch.Level.choices, **kwargs)


@extend_schema_field({"type": "string", "maxLength": BODY_MAX})
class PostBodyField(serializers.CharField):
    """A post's Markdown, kept exactly as typed. How long it may be is the forum services' rule:
    the schema states the limit, and a longer text is refused with their code `body_too_long`."""

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, allow_blank=True, **kwargs)
