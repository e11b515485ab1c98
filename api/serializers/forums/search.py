"""Search results, suggestions while asking, and the search request."""

from rest_framework import serializers

from api.serializers.forums.categories import CategoryNameSerializer
from api.serializers.forums.fields import TopicKindField
from forums.models import Topic


class SearchTopicSerializer(serializers.ModelSerializer):
    category = CategoryNameSerializer(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    kind = TopicKindField(read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "title", "kind", "category", "is_answered", "url"]
        read_only_fields = fields


class SearchHitSerializer(serializers.Serializer):
    topic = SearchTopicSerializer()
    post_id = serializers.IntegerField(source="post.pk")
    post_number = serializers.IntegerField(source="post.number")
    url = serializers.CharField(source="post.get_absolute_url")
    title_html = serializers.CharField(help_text="Escaped, matches wrapped in <mark>.")
    snippet_html = serializers.CharField(help_text="Escaped, matches wrapped in <mark>.")
    rank = serializers.FloatField()


class SearchFilterSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="Words to look for.")
    category = serializers.SlugField(required=False)
    answered = serializers.BooleanField(required=False, allow_null=True, default=None)
    page = serializers.IntegerField(required=False, min_value=1, max_value=50, default=1)


class SimilarFilterSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, help_text="The question being written.")
