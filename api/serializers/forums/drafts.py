"""Drafts kept while someone writes a new topic or a reply."""

from rest_framework import serializers

from forums.models import Draft


class DraftSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    topic = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    kind = serializers.CharField(read_only=True, help_text="`new_topic` or `reply`.")

    class Meta:
        model = Draft
        fields = ["kind", "topic", "category", "title", "body", "options", "updated"]
        read_only_fields = fields


class DraftChangeSerializer(serializers.Serializer):
    category = serializers.SlugField(required=False, help_text="New-topic drafts only.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    body = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=20000
    )
    options = serializers.DictField(required=False, help_text="Other choices on the form.")
