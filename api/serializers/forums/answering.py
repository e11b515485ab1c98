"""Saying "I'm answering this" on a question for an advisor's answer: who is answering it, and
what the requester may do about it."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.forums.topics import TopicSerializer
from forums.models.advisors import CLAIM_SHOWN_FOR


class AnsweringAdvisorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    display_name = serializers.CharField(read_only=True)


class AnsweringSerializer(serializers.Serializer):
    advisor = AnsweringAdvisorSerializer(read_only=True)
    since = serializers.DateTimeField(read_only=True, help_text="When they said it.")
    shows_until = serializers.DateTimeField(
        read_only=True,
        help_text="It stops showing then, or as soon as they reply, whichever comes first.",
    )


def answering_data(*, advisor_id: int, display_name: str, since) -> dict:
    return {
        "advisor": {"id": advisor_id, "display_name": display_name},
        "since": since,
        "shows_until": since + CLAIM_SHOWN_FOR,
    }


class AnsweringStateSerializer(serializers.Serializer):
    answering = AnsweringSerializer(
        read_only=True, allow_null=True, help_text="Null when nobody has said it."
    )
    can_claim = serializers.BooleanField(
        read_only=True, help_text="You may say you are answering it (trained advisors)."
    )
    can_withdraw = serializers.BooleanField(
        read_only=True, help_text="You said it, and may take it back."
    )


class WaitingTopicSerializer(TopicSerializer):
    """A question on the waiting list, with who is answering it (forums.selectors.waiting)."""

    answering = serializers.SerializerMethodField(
        help_text="Who said they are answering it; null when nobody has."
    )

    class Meta(TopicSerializer.Meta):
        fields = TopicSerializer.Meta.fields + ["answering"]
        read_only_fields = fields

    @extend_schema_field(AnsweringSerializer(allow_null=True))
    def get_answering(self, topic) -> dict | None:
        if getattr(topic, "answering_advisor_id", None) is None:
            return None
        return AnsweringSerializer(
            answering_data(
                advisor_id=topic.answering_advisor_id,
                display_name=topic.answering_name,
                since=topic.answering_since,
            )
        ).data
