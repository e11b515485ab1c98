"""The private-talk queue at a drop-in: a member's own place, or the whole queue for helpers."""

from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.people import PersonNameSerializer


class WaitingSerializer(serializers.Serializer):
    """One person waiting, as the WebSocket queue frame lists them."""

    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True, help_text="1 is next.")
    person = PersonNameSerializer(read_only=True)
    joined = serializers.DateTimeField(read_only=True)


class ConversationLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.CharField(read_only=True)


class MyQueueEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    status = choice_field(
        [("waiting", "Waiting"), ("taken", "Taken into a conversation")],
        "QueueEntryStatus",
        read_only=True,
    )
    position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="While waiting: 1 is next."
    )
    joined = serializers.DateTimeField(read_only=True)
    conversation = ConversationLinkSerializer(
        read_only=True, allow_null=True, help_text="Once taken: the private conversation."
    )


class QueueSerializer(serializers.Serializer):
    helper = serializers.BooleanField(
        read_only=True, help_text="You take people from this queue (hosts, staff, advisors)."
    )
    mine = MyQueueEntrySerializer(
        read_only=True,
        allow_null=True,
        help_text="Your own place (not for helpers); null when you are not waiting.",
    )
    waiting = WaitingSerializer(
        many=True,
        read_only=True,
        allow_null=True,
        help_text="Helpers only: everyone waiting, in order. Null for others.",
    )


class TakeSerializer(serializers.Serializer):
    entry_id = serializers.IntegerField(
        required=False, allow_null=True, help_text="Someone chosen; otherwise the next person."
    )


class TakenSerializer(serializers.Serializer):
    entry = serializers.IntegerField(read_only=True)
    person = PersonNameSerializer(read_only=True)
    conversation = serializers.IntegerField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="The conversation's page.")
