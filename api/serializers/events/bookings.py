"""Bookings and waiting-list places, as their holder sees them, and the requests to make them."""

from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.events.access import BookingAccessSerializer
from api.serializers.events.occurrences import OccurrenceSerializer
from events.limits import MAX_COMPANIONS
from events.models import ACCESS_NEEDS, Booking, WaitingListEntry
from events.models.bookings import AttendanceMode


def attendance_mode_field(**kwargs) -> serializers.ChoiceField:
    return choice_field(
        [("", "Not a hybrid event"), *AttendanceMode.choices], "AttendanceMode", **kwargs
    )


class BookingSerializer(serializers.ModelSerializer):
    occurrence = OccurrenceSerializer(read_only=True)
    status = choice_field(Booking.Status.choices, "BookingStatus", read_only=True)
    attendance_mode = attendance_mode_field(read_only=True)
    access_requests = BookingAccessSerializer(
        many=True,
        read_only=True,
        help_text="The access needs the organisers had to arrange, and what they said.",
    )

    class Meta:
        model = Booking
        fields = [
            "id", "occurrence", "for_person_name", "companions", "access_needs", "access_notes",
            "status", "from_waiting_list", "created",
            "attendance_mode", "access_requests",
        ]  # fmt: skip
        read_only_fields = fields


class WaitingListEntrySerializer(serializers.ModelSerializer):
    occurrence = OccurrenceSerializer(read_only=True)
    place_in_queue = serializers.IntegerField(
        read_only=True,
        required=False,
        help_text="1 means you are next when a place comes free.",
    )
    status = choice_field(WaitingListEntry.Status.choices, "WaitingListStatus", read_only=True)
    attendance_mode = attendance_mode_field(read_only=True)
    adds_to = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=(
            "The booking this entry waits for more places on (then `companions` is the "
            "booking's new total); null for a new booking."
        ),
    )

    class Meta:
        model = WaitingListEntry
        fields = [
            "id", "occurrence", "companions", "for_person_name", "place_in_queue", "created",
            "status", "attendance_mode", "adds_to", "offer_expires_at",
        ]  # fmt: skip
        read_only_fields = fields


class BookRequestSerializer(serializers.Serializer):
    occurrence = serializers.IntegerField(min_value=1)
    companions = serializers.IntegerField(min_value=0, max_value=MAX_COMPANIONS, default=0)
    for_person_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="",
        help_text="The name of the person you care for, if the place is for them.",
    )  # fmt: skip
    access_needs = serializers.MultipleChoiceField(choices=ACCESS_NEEDS, required=False)
    access_notes = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default=""
    )
    wait_if_full = serializers.BooleanField(
        default=False, help_text="Join the waiting list if there is no room."
    )
    attendance_mode = attendance_mode_field(
        required=False,
        default="",
        help_text="For a hybrid event: in_person or online (code choose_mode when missing).",
    )


class BookingChangeRequestSerializer(serializers.Serializer):
    """A change to a booking; anything left out stays as it is."""

    companions = serializers.IntegerField(min_value=0, max_value=MAX_COMPANIONS, required=False)
    for_person_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True,
        help_text="Whom the place is for; empty for the booker.",
    )  # fmt: skip
    access_needs = serializers.MultipleChoiceField(choices=ACCESS_NEEDS, required=False)
    access_notes = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    attendance_mode = attendance_mode_field(required=False)
    wait_for_more = serializers.BooleanField(
        default=False,
        help_text=(
            "When there is no room for more companions, join the waiting list for the extra "
            "places and keep the booking (else code full)."
        ),
    )


class BookingChangeResultSerializer(serializers.Serializer):
    booking = BookingSerializer()
    waiting = WaitingListEntrySerializer(
        allow_null=True, help_text="The waiting-list entry for the extra places, if any."
    )
    message = serializers.CharField(help_text="What happened, in words for the person.")


class BookResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["booked", "waiting"])
    booking = BookingSerializer(required=False, allow_null=True)
    waiting = WaitingListEntrySerializer(required=False, allow_null=True)


class CalendarFeedSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Subscribe to this in a calendar app. Keep it private.")
    webcal_url = serializers.CharField()
