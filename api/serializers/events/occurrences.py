"""Dates of events: listed with places left, shown with the viewer's own booking, and changed by
organisers."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.people import OrganisationNameSerializer, PersonNameSerializer
from events.limits import MAX_PLACES
from events.models import Event, Occurrence
from events.permissions import can_see_joining_link


class EventNameSerializer(serializers.ModelSerializer):
    kind = choice_field(Event.Kind.choices, "EventKind", read_only=True)
    organisation = OrganisationNameSerializer(read_only=True)

    class Meta:
        model = Event
        fields = ["slug", "title", "kind", "format", "organisation"]
        read_only_fields = fields


class OccurrenceSerializer(serializers.ModelSerializer):
    event = EventNameSerializer(read_only=True)
    status = choice_field(Occurrence.Status.choices, "OccurrenceStatus", read_only=True)
    host = PersonNameSerializer(read_only=True, allow_null=True)
    places_left = serializers.IntegerField(read_only=True)
    waiting_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Occurrence
        fields = [
            "id", "event", "start", "end", "status", "note", "capacity", "places_left",
            "waiting_count", "host",
        ]  # fmt: skip
        read_only_fields = fields


class OccurrenceDetailSerializer(OccurrenceSerializer):
    """With the joining link, for people who booked and for hosts and staff only."""

    joining_link = serializers.SerializerMethodField()

    class Meta(OccurrenceSerializer.Meta):
        fields = [*OccurrenceSerializer.Meta.fields, "joining_link"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_joining_link(self, occurrence) -> str | None:
        viewer = self.context["request"].user
        if occurrence.event.joining_link and can_see_joining_link(viewer, occurrence):
            return occurrence.event.joining_link
        return None


class OccurrenceWriteSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1, max_value=MAX_PLACES, required=False)


class MoveSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class OccurrenceChangeSerializer(serializers.Serializer):
    capacity = serializers.IntegerField(min_value=1, max_value=MAX_PLACES, required=False)
    host = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="A person's id, or null for none."
    )
