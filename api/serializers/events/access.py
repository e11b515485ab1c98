"""Access needs to arrange: the organisation's to-do list, staff's answers, and what the booker
sees of each need on their booking."""

from rest_framework import serializers

from api.serializers.events import choice_field
from events.models import AccessRequest
from events.services.access_requests import (
    ANSWERS,
    REPLY_LIMIT,
    attendee_name,
    booked_by_name,
    need_label,
)

STATUS_CHOICES = AccessRequest.Status.choices
ANSWER_CHOICES = [(answer.value, answer.label) for answer in ANSWERS]


class BookingAccessSerializer(serializers.ModelSerializer):
    """One need on the booker's own booking, and what the organisers said about it."""

    need_label = serializers.SerializerMethodField(help_text="The need in words.")
    status = choice_field(STATUS_CHOICES, "AccessRequestStatus", read_only=True)

    class Meta:
        model = AccessRequest
        fields = ["need", "need_label", "status", "reply"]
        read_only_fields = fields

    def get_need_label(self, item: AccessRequest) -> str:
        return need_label(item.need)


class AccessRequestSerializer(serializers.ModelSerializer):
    """One thing to arrange, as the organisation's staff see it."""

    need_label = serializers.SerializerMethodField(help_text="The need in words.")
    status = choice_field(STATUS_CHOICES, "AccessRequestStatus", read_only=True)
    booking = serializers.IntegerField(source="booking_id", read_only=True)
    occurrence = serializers.IntegerField(source="booking.occurrence_id", read_only=True)
    event_title = serializers.CharField(source="booking.occurrence.event.title", read_only=True)
    event_slug = serializers.CharField(source="booking.occurrence.event.slug", read_only=True)
    start = serializers.DateTimeField(source="booking.occurrence.start", read_only=True)
    place_for = serializers.SerializerMethodField(help_text="Whom the place is for.")
    booked_by = serializers.SerializerMethodField(
        help_text="Who booked it, when not the person coming (a carer, or staff by phone)."
    )
    their_words = serializers.SerializerMethodField(
        help_text="For the need `notes`: what the booker wrote."
    )
    tell_by_phone = serializers.SerializerMethodField(
        help_text="True when the place was booked by name, for someone without an account: "
        "nobody can be told the answer here."
    )
    handled_by = serializers.CharField(
        source="handled_by.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = AccessRequest
        fields = [
            "id", "need", "need_label", "status", "reply", "handled_by", "handled_at",
            "booking", "occurrence", "event_title", "event_slug", "start", "place_for",
            "booked_by", "their_words", "tell_by_phone",
        ]  # fmt: skip
        read_only_fields = fields

    def get_need_label(self, item: AccessRequest) -> str:
        return need_label(item.need)

    def get_place_for(self, item: AccessRequest) -> str:
        return attendee_name(item.booking)

    def get_booked_by(self, item: AccessRequest) -> str:
        return booked_by_name(item.booking)

    def get_their_words(self, item: AccessRequest) -> str:
        return item.booking.access_notes if item.need == AccessRequest.NOTES else ""

    def get_tell_by_phone(self, item: AccessRequest) -> bool:
        return item.booking.person_id is None


class AccessFilterSerializer(serializers.Serializer):
    organisation = serializers.SlugField(help_text="The organisation's slug (you are its staff).")
    status = choice_field(
        STATUS_CHOICES,
        "AccessRequestStatus",
        required=False,
        default=AccessRequest.Status.TO_ARRANGE,
        help_text="to_arrange (the default): still to arrange, for dates to come, soonest "
        "first. arranged or not_possible: answered, the latest answer first.",
    )


class AccessAnswerSerializer(serializers.Serializer):
    status = choice_field(ANSWER_CHOICES, "AccessAnswer")
    reply = serializers.CharField(
        max_length=REPLY_LIMIT,
        required=False,
        allow_blank=True,
        default="",
        help_text="A message to the person who booked, sent with the answer.",
    )
