"""The register of one date, for hosts and staff."""

from rest_framework import serializers

from events.models import Booking


class RegisterEntrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id", "name", "for_person_name", "companions", "access_needs", "access_notes",
            "walk_in", "attended",
        ]  # fmt: skip
        read_only_fields = fields


class AttendanceSerializer(serializers.Serializer):
    attended = serializers.BooleanField(
        allow_null=True, help_text="true: came; false: did not come; null: not marked."
    )


class WalkInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    person = serializers.IntegerField(
        min_value=1, required=False, help_text="If they have an account."
    )
    companions = serializers.IntegerField(min_value=0, max_value=10, default=0)
