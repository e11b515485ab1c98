"""Topics in lists and on their own, and the requests that start and change them."""

from rest_framework import serializers

from api.serializers.forums.categories import CategoryNameSerializer
from api.serializers.forums.fields import PostBodyField, TopicKindField, WatchLevelField
from api.serializers.forums.posts import (
    URGENT_HELP_HELP,
    VISIBILITY_HELP,
    ForumAuthorSerializer,
    PostSerializer,
)
from api.serializers.safety.reports import UrgentHelpSerializer
from community.safety.visibility import Visibility
from forums.models import Topic
from forums.selectors import LISTINGS


class TopicSerializer(serializers.ModelSerializer):
    category = CategoryNameSerializer(read_only=True)
    author = ForumAuthorSerializer(source="*", read_only=True)
    unread_count = serializers.IntegerField(
        read_only=True,
        help_text="Posts new to you (0 when signed out): since you last read it or, in a topic "
        "you never opened, since you last visited its category (or joined).",
    )
    is_new = serializers.BooleanField(
        read_only=True,
        help_text="A topic you never opened, started since you last visited its category.",
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    kind = TopicKindField(read_only=True)
    visibility = serializers.ChoiceField(
        source="shown_visibility",
        choices=Visibility.choices,
        read_only=True,
        allow_null=True,
        help_text=VISIBILITY_HELP,
    )
    locked = serializers.BooleanField(read_only=True, help_text="Closed to new replies.")

    class Meta:
        model = Topic
        fields = [
            "id",
            "title",
            "kind",
            "category",
            "author",
            "anonymous",
            "wants_advisor",
            "is_answered",
            "reply_count",
            "created",
            "last_activity",
            "unread_count",
            "is_new",
            "url",
            "visibility",
            "locked",
        ]
        read_only_fields = fields


class TopicDetailSerializer(TopicSerializer):
    opening_post = PostSerializer(read_only=True)
    answer = PostSerializer(read_only=True, allow_null=True)
    first_unread_post_number = serializers.IntegerField(read_only=True, allow_null=True)
    watch_level = WatchLevelField(read_only=True, allow_null=True)
    post_count = serializers.IntegerField(source="last_post_number", read_only=True)
    unlisted = serializers.BooleanField(
        read_only=True,
        help_text="Its opening post was removed after others replied: no longer listed or "
        "found by search, it stays for the replies.",
    )

    class Meta(TopicSerializer.Meta):
        fields = TopicSerializer.Meta.fields + [
            "post_count",
            "unlisted",
            "opening_post",
            "answer",
            "first_unread_post_number",
            "watch_level",
        ]
        read_only_fields = fields


class NewTopicResponseSerializer(TopicDetailSerializer):
    urgent_help = UrgentHelpSerializer(
        many=True, read_only=True, allow_null=True, help_text=URGENT_HELP_HELP
    )

    class Meta(TopicDetailSerializer.Meta):
        fields = TopicDetailSerializer.Meta.fields + ["urgent_help"]
        read_only_fields = fields


class TopicFilterSerializer(serializers.Serializer):
    listing = serializers.ChoiceField(choices=LISTINGS, required=False, default="latest")
    category = serializers.SlugField(required=False, help_text="A category's slug.")
    theme = serializers.SlugField(required=False, help_text="A shared theme's slug.")


class NewTopicSerializer(serializers.Serializer):
    category = serializers.SlugField(help_text="The category's slug.")
    kind = TopicKindField(default=Topic.Kind.QUESTION)
    title = serializers.CharField(allow_blank=True, max_length=300)
    body = PostBodyField()
    anonymous = serializers.BooleanField(default=False, help_text="Post without your name.")
    wants_advisor = serializers.BooleanField(
        default=False, help_text="Ask for an answer from a trained advisor."
    )


class WatchSerializer(serializers.Serializer):
    level = WatchLevelField(default="watching")


class WatchStateSerializer(serializers.Serializer):
    level = WatchLevelField(allow_null=True)


class ReadSerializer(serializers.Serializer):
    up_to = serializers.IntegerField(
        required=False, min_value=1, help_text="Post number read up to; leave out for all."
    )


class ReadStateSerializer(serializers.Serializer):
    last_read_post_number = serializers.IntegerField()
