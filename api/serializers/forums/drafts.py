"""Drafts kept while someone writes a new topic or a reply."""

from rest_framework import serializers

from api.serializers.forums.fields import PostBodyField, TopicKindField
from forums.models import Draft, Topic


class DraftSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    topic = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    kind = serializers.CharField(read_only=True, help_text="`new_topic` or `reply`.")

    class Meta:
        model = Draft
        fields = ["kind", "topic", "category", "title", "body", "options", "updated"]
        read_only_fields = fields


class DraftOptionsSerializer(serializers.Serializer):
    """The other choices on the new-topic form, kept with its draft."""

    kind = TopicKindField(default=Topic.Kind.QUESTION)
    wants_advisor = serializers.BooleanField(default=False)
    anonymous = serializers.BooleanField(default=False)


class DraftChangeSerializer(serializers.Serializer):
    category = serializers.SlugField(
        required=False, allow_blank=True, help_text="New-topic drafts only; blank for none yet."
    )
    title = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=300
    )
    body = PostBodyField(required=False)
    options = DraftOptionsSerializer(required=False, help_text="Other choices on the form.")
