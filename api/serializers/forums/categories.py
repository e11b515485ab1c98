"""Categories with their counts, and the theme they belong to."""

from rest_framework import serializers

from community.models import Theme
from forums.models import Category


class CategoryThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name"]
        read_only_fields = fields


class CategorySerializer(serializers.ModelSerializer):
    theme = CategoryThemeSerializer(read_only=True, allow_null=True)
    topic_count = serializers.IntegerField(read_only=True)
    latest_activity = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "theme",
            "members_only",
            "topic_count",
            "latest_activity",
        ]
        read_only_fields = fields


class CategoryNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "members_only"]
        read_only_fields = fields
