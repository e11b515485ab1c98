"""A person's own notifications, and the request to mark some (or all) read."""

from rest_framework import serializers

from community.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    # Plain text, not an enum: every feature adds kinds, and clients must accept new ones.
    kind = serializers.CharField(read_only=True, help_text="e.g. `community.role_granted`")

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "url", "created", "is_read", "read_at"]
        read_only_fields = fields


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        help_text="Leave out to mark every notification read.",
    )


class MarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many changed from unread to read.")
    unread = serializers.IntegerField(help_text="How many are still unread.")
