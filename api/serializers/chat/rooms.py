"""Chat rooms as one person sees them: what the room is, the date it follows, who is in a
private conversation (display names only), and what is unread for them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.people import PersonNameSerializer
from community.chat.models import Room
from community.chat.permissions import opens_at


class ThemeNameSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class RoomDateSerializer(serializers.Serializer):
    """The event date a drop-in room follows (or a private conversation came from)."""

    id = serializers.IntegerField(read_only=True, help_text="The date (occurrence) id.")
    event_title = serializers.CharField(source="event.title", read_only=True)
    event_slug = serializers.CharField(source="event.slug", read_only=True)
    start = serializers.DateTimeField(read_only=True)
    end = serializers.DateTimeField(read_only=True)
    opens_at = serializers.SerializerMethodField(
        help_text="A drop-in room opens 15 minutes before the date starts and closes at its end."
    )
    is_cancelled = serializers.BooleanField(read_only=True)

    @extend_schema_field(serializers.DateTimeField())
    def get_opens_at(self, occurrence) -> str:
        return serializers.DateTimeField().to_representation(opens_at(occurrence))


class RoomSerializer(serializers.Serializer):
    """Reads what api.shared.chat sets on each room: `people`, `unread`, `last_message_id`,
    `is_open`."""

    id = serializers.IntegerField(read_only=True)
    kind = choice_field(Room.Kind.choices, "RoomKind", read_only=True)
    name = serializers.CharField(read_only=True, help_text="Empty for private conversations.")
    description = serializers.CharField(read_only=True)
    theme = ThemeNameSerializer(read_only=True, allow_null=True)
    occurrence = RoomDateSerializer(
        read_only=True,
        allow_null=True,
        help_text="Drop-in rooms: the date they follow. Private conversations: the drop-in they "
        "came from, if any.",
    )
    is_open = serializers.BooleanField(
        read_only=True, help_text="Messages can be sent now (drop-ins: only around their date)."
    )
    people = PersonNameSerializer(
        many=True,
        read_only=True,
        help_text="Private conversations: everyone in it, you included. Empty for other rooms.",
    )
    unread = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Messages from others after your read marker; null for rooms you are not in.",
    )
    last_message_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Null for rooms you are not in."
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)


class RoomListSerializer(serializers.Serializer):
    rooms = RoomSerializer(
        many=True,
        read_only=True,
        help_text="The rooms you are in, the most recent activity first.",
    )
    joinable = RoomSerializer(
        many=True,
        read_only=True,
        help_text="Community rooms you are not in yet: open one (or send in it) to join.",
    )


class YouInRoomSerializer(serializers.Serializer):
    """The viewer's own place in the room."""

    can_send = serializers.BooleanField(read_only=True, help_text="Open, and you are not muted.")
    muted = serializers.BooleanField(read_only=True)
    can_moderate = serializers.BooleanField(
        read_only=True, help_text="You may remove any message and mute people here."
    )
    can_take_from_queue = serializers.BooleanField(read_only=True)
    last_read_id = serializers.IntegerField(read_only=True)


class RoomDetailSerializer(RoomSerializer):
    you = YouInRoomSerializer(read_only=True)


class RoomFilterSerializer(serializers.Serializer):
    kind = choice_field(
        Room.Kind.choices, "RoomKind", required=False, help_text="Only rooms of this kind."
    )


class NewRoomSerializer(serializers.Serializer):
    # Blank names reach the service, which answers `name_needed` in the same words as the page.
    name = serializers.CharField(max_length=100, allow_blank=True, trim_whitespace=False)
    description = serializers.CharField(max_length=300, allow_blank=True, default="")
    theme = serializers.SlugField(
        required=False, allow_null=True, help_text="A theme's slug, or null for none."
    )


class ChatReadSerializer(serializers.Serializer):
    up_to = serializers.IntegerField(min_value=0, help_text="The newest message id you have seen.")


class ChatReadStateSerializer(serializers.Serializer):
    last_read_id = serializers.IntegerField(read_only=True)
    unread = serializers.IntegerField(read_only=True, help_text="Still unread in this room.")


class PersonIdSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(min_value=1)


class MuteSerializer(PersonIdSerializer):
    muted = serializers.BooleanField(default=True, help_text="false to unmute.")


class MuteStateSerializer(serializers.Serializer):
    person = PersonNameSerializer(read_only=True)
    muted = serializers.BooleanField(read_only=True)


class HandOnSerializer(serializers.Serializer):
    staff_id = serializers.IntegerField(
        min_value=1, help_text="Someone on the staff of the organisation the conversation is with."
    )


class HandedOnSerializer(serializers.Serializer):
    conversation = serializers.IntegerField(read_only=True)
    staff = PersonNameSerializer(read_only=True)
