"""Bookings and waiting-list places, as their holder sees them, and the requests to make them."""

from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.events.occurrences import OccurrenceSerializer
from events.limits import MAX_COMPANIONS
from events.models import ACCESS_NEEDS, Booking, WaitingListEntry


class BookingSerializer(serializers.ModelSerializer):
    occurrence = OccurrenceSerializer(read_only=True)
    status = choice_field(Booking.Status.choices, "BookingStatus", read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id", "occurrence", "for_person_name", "companions", "access_needs", "access_notes",
            "status", "from_waiting_list", "created",
        ]  # fmt: skip
        read_only_fields = fields


class WaitingListEntrySerializer(serializers.ModelSerializer):
    occurrence = OccurrenceSerializer(read_only=True)
    place_in_queue = serializers.IntegerField(
        read_only=True, help_text="1 means you are next when a place comes free."
    )

    class Meta:
        model = WaitingListEntry
        fields = ["id", "occurrence", "companions", "for_person_name", "place_in_queue", "created"]
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


class BookResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["booked", "waiting"])
    booking = BookingSerializer(required=False, allow_null=True)
    waiting = WaitingListEntrySerializer(required=False, allow_null=True)


class CalendarFeedSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Subscribe to this in a calendar app. Keep it private.")
    webcal_url = serializers.CharField()
