"""Dates of events: listed with places left, shown with the viewer's own booking, and changed by
organisers."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.people import OrganisationNameSerializer, PersonNameSerializer
from events.limits import MAX_PLACES
from events.models import Event, Occurrence
from events.permissions import can_see_joining_link
from events.selectors import places_left_by_mode


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
            "id", "event", "start", "end", "status", "change_reason", "note", "capacity",
            "places_left", "waiting_count", "host", "theme", "theme_description",
        ]  # fmt: skip
        read_only_fields = fields


class OccurrenceDetailSerializer(OccurrenceSerializer):
    """With the joining link, for people who booked and for hosts and staff only."""

    joining_link = serializers.SerializerMethodField()
    places_left_by_mode = serializers.SerializerMethodField(
        help_text=(
            "For a hybrid date with a limit of online places: the places left in person and "
            'online, e.g. {"in_person": 3, "online": 0}. Null otherwise.'
        )
    )

    class Meta(OccurrenceSerializer.Meta):
        fields = [
            *OccurrenceSerializer.Meta.fields,
            "joining_link",
            "online_capacity",
            "places_left_by_mode",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_joining_link(self, occurrence) -> str | None:
        viewer = self.context["request"].user
        if occurrence.event.joining_link and can_see_joining_link(viewer, occurrence):
            return occurrence.event.joining_link
        return None

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField(), allow_null=True))
    def get_places_left_by_mode(self, occurrence) -> dict[str, int] | None:
        return places_left_by_mode([occurrence]).get(occurrence.pk)


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


class DateThemeSerializer(serializers.Serializer):
    """One date's theme. Left out, a field keeps what the date has; empty, it is taken away.
    How long each may be is the service's rule (codes theme_too_long, description_too_long)."""

    theme = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, help_text="Empty for no theme."
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class DateNoteSerializer(serializers.Serializer):
    """A note on one date, told to everyone booked and waiting. How long it may be is the
    service's rule (code note_too_long); empty takes the note away."""

    note = serializers.CharField(allow_blank=True, max_length=1000)
