"""Posts as one viewer may see them: hidden authors are "A member" with no id and no badges,
removed posts have no text."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.forums.fields import PostBodyField
from api.serializers.people import BadgeSerializer
from api.serializers.safety.reports import UrgentHelpSerializer
from community.safety.visibility import Visibility
from forums.models import Post, PostRevision

VISIBILITY_HELP = (
    "Only for its author and moderators (null for everyone else, who see only shown things): "
    "shown, waiting (for a moderator to approve it), held (hidden while a moderator looks at "
    "it) or hidden (by a moderator)."
)

URGENT_HELP_HELP = (
    "Where to get help now, when the words written suggest someone may be at risk; null "
    "otherwise. What was written is posted either way."
)


# How DRF writes a date and time (in the site's time zone), as the fields below declare it.
_WHEN = serializers.DateTimeField()


class ForumAuthorSerializer(serializers.Serializer):
    """Reads what forums.selectors.present_posts / present_topics set on each object."""

    id = serializers.SerializerMethodField(help_text="Null when the author is not shown.")
    display_name = serializers.CharField(source="author_name", read_only=True)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_id(self, shown) -> int | None:
        return shown.shown_author.pk if shown.shown_author is not None else None


class PostAuthorSerializer(ForumAuthorSerializer):
    badges = BadgeSerializer(many=True, read_only=True)


class PostSerializer(serializers.ModelSerializer):
    author = PostAuthorSerializer(source="*", read_only=True)
    body = serializers.SerializerMethodField(help_text="Markdown source; empty once removed.")
    body_html = serializers.CharField(read_only=True)
    is_edited = serializers.BooleanField(read_only=True)
    is_removed = serializers.BooleanField(read_only=True)
    is_answer = serializers.BooleanField(read_only=True)
    is_asker = serializers.BooleanField(read_only=True, help_text="Written by the topic's author.")
    helped_by_you = serializers.BooleanField(source="helped_by_viewer", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    visibility = serializers.ChoiceField(
        source="shown_visibility",
        choices=Visibility.choices,
        read_only=True,
        allow_null=True,
        help_text=VISIBILITY_HELP,
    )

    class Meta:
        model = Post
        fields = [
            "id",
            "number",
            "author",
            "body",
            "body_html",
            "created",
            "edited_at",
            "is_edited",
            "is_removed",
            "is_answer",
            "is_asker",
            "helped_count",
            "helped_by_you",
            "url",
            "visibility",
        ]
        read_only_fields = fields

    def get_body(self, post) -> str:
        return "" if post.is_removed else post.body

    def to_representation(self, post) -> dict:
        """The fields above, built directly: DRF's lookups, field by field, were most of the time
        of a topic's list of posts (bench/forums.py), and so was building the fields for each
        list. tests/api/forums/test_post_serializer.py pins this to DRF's own representation,
        field for field; a subclass, with fields of its own, gets DRF's."""
        if type(self) is not PostSerializer:
            return super().to_representation(post)
        shown_author = post.shown_author
        removed = post.is_removed
        return {
            "id": post.pk,
            "number": post.number,
            "author": {
                "id": shown_author.pk if shown_author is not None else None,
                "display_name": post.author_name,
                "badges": [_badge(membership) for membership in post.badges],
            },
            "body": "" if removed else post.body,
            "body_html": post.body_html,
            "created": _WHEN.to_representation(post.created),
            "edited_at": _WHEN.to_representation(post.edited_at) if post.edited_at else None,
            "is_edited": post.is_edited,
            "is_removed": removed,
            "is_answer": post.is_answer,
            "is_asker": post.is_asker,
            "helped_count": post.helped_count,
            "helped_by_you": bool(post.helped_by_viewer),
            "url": post.get_absolute_url(),
            "visibility": post.shown_visibility,
        }


def _badge(membership) -> dict:
    """BadgeSerializer's representation, built directly (see PostSerializer.to_representation)."""
    organisation = membership.organisation
    return {
        "role": membership.role,
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        "trained_on": membership.trained_on.isoformat() if membership.trained_on else None,
        "text": membership.badge,
    }


class WrittenPostSerializer(PostSerializer):
    """A reply or an edit as the writer gets it back: the post, and urgent help if needed."""

    urgent_help = UrgentHelpSerializer(
        many=True, read_only=True, allow_null=True, help_text=URGENT_HELP_HELP
    )

    class Meta(PostSerializer.Meta):
        fields = PostSerializer.Meta.fields + ["urgent_help"]
        read_only_fields = fields


class ReplySerializer(serializers.Serializer):
    body = PostBodyField()
    # Which posts may be quoted is the forum's rule (forums.permissions.can_quote); the view
    # finds the post as the requester may see it and the service says `cannot_quote` otherwise.
    quote_id = serializers.IntegerField(
        required=False, min_value=1, help_text="A post in the same topic to quote."
    )


class PostChangeSerializer(serializers.Serializer):
    body = PostBodyField()
    title = serializers.CharField(
        required=False, allow_blank=True, help_text="Only for the opening post."
    )


class HelpedSerializer(serializers.Serializer):
    helped_count = serializers.IntegerField()
    helped_by_you = serializers.BooleanField()


class RevisionSerializer(serializers.ModelSerializer):
    editor = serializers.CharField(source="editor.display_name", default="", read_only=True)

    class Meta:
        model = PostRevision
        fields = ["id", "body", "body_html", "editor", "created"]
        read_only_fields = fields
