"""The register of one date, for hosts and staff."""

from rest_framework import serializers

from api.serializers.events import choice_field
from events.models import ACCESS_NEEDS, AttendanceMode, Booking
from events.services.registers import booked_by_words, place_for_words


class RegisterEntrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="The booker (or the walk-in's name).")
    place_for = serializers.SerializerMethodField(help_text="Whom the place is for.")
    booked_by = serializers.SerializerMethodField(
        help_text="Who booked it: the staff member who booked for them, the booker, or Walk-in."
    )
    booked_by_staff = serializers.SerializerMethodField(
        help_text="True when a staff member booked the place for them."
    )
    attendance_mode = serializers.CharField(
        read_only=True, help_text="in_person or online for a hybrid event, else empty."
    )

    class Meta:
        model = Booking
        fields = [
            "id", "name", "place_for", "booked_by", "booked_by_staff", "for_person_name",
            "companions", "access_needs", "access_notes", "attendance_mode", "walk_in",
            "attended",
        ]  # fmt: skip
        read_only_fields = fields

    def get_place_for(self, booking) -> str:
        return place_for_words(booking)

    def get_booked_by(self, booking) -> str:
        return booked_by_words(booking)

    def get_booked_by_staff(self, booking) -> bool:
        return booking.booked_by_id is not None


class BookForSomeoneSerializer(serializers.Serializer):
    """Staff booking a place for someone: `email` finds a member by their exact address (there
    is no search of accounts); without it, `name` books for someone without an account."""

    email = serializers.EmailField(required=False, allow_blank=True)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    companions = serializers.IntegerField(min_value=0, max_value=10, default=0)
    access_needs = serializers.ListField(
        child=serializers.ChoiceField(choices=ACCESS_NEEDS), required=False, default=list
    )
    access_notes = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default=""
    )
    attendance_mode = choice_field(
        AttendanceMode.choices, "AttendanceMode", required=False, allow_blank=True, default=""
    )


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
