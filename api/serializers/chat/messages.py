"""Chat messages in exactly the shape of the WebSocket message frame, so a client treats a page
of history and a live frame alike."""

from rest_framework import serializers

from api.serializers.safety.reports import UrgentHelpSerializer
from community.chat.frames import message_frame
from community.safety import signposting
from community.safety.visibility import Visibility


class MessageAuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, allow_null=True, help_text="Null once gone.")
    display_name = serializers.CharField(read_only=True)
    badges = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Badge texts, e.g. 'Peer advisor'."
    )


class MessageSerializer(serializers.Serializer):
    """The fields are declared for the schema; the values are `message_frame`'s, unchanged."""

    type = serializers.CharField(read_only=True, help_text="Always `message`.")
    id = serializers.IntegerField(read_only=True)
    room = serializers.IntegerField(read_only=True)
    author = MessageAuthorSerializer(read_only=True)
    body_html = serializers.CharField(read_only=True, help_text="Sanitised HTML; empty if removed.")
    created = serializers.DateTimeField(read_only=True)
    edited = serializers.DateTimeField(read_only=True, allow_null=True)
    removed = serializers.BooleanField(read_only=True)
    client_id = serializers.UUIDField(read_only=True)
    visibility = serializers.ChoiceField(
        choices=Visibility.choices,
        read_only=True,
        help_text="`shown`; you see your own `waiting` (for a moderator), `held` or `hidden` "
        "messages, and moderators see everyone's.",
    )

    def to_representation(self, instance) -> dict:
        return message_frame(instance)


class SentMessageSerializer(MessageSerializer):
    """The message as sent, and where to get help now when its words suggest someone may be at
    risk (null otherwise). The message is sent either way."""

    urgent_help = UrgentHelpSerializer(many=True, read_only=True, allow_null=True)

    def to_representation(self, instance) -> dict:
        contacts = None
        if instance.urgent_help:
            contacts = signposting.urgent_help(instance.room.organisation)
        return {**message_frame(instance), "urgent_help": contacts}


class NewMessageSerializer(serializers.Serializer):
    # Length, emptiness and the client_id's form are the service's to judge (codes `empty`,
    # `too_long`, `bad_client_id`), so the API answers in the same words as the WebSocket.
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    client_id = serializers.CharField(
        allow_blank=True,
        help_text="A UUID the client makes for each message; a resend with the same one is "
        "stored once.",
    )


class MessageChangeSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
