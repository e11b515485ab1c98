"""Events as listed and shown, what organisers send to create or change one, and list filters."""

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.fields import area_field
from api.serializers.people import OrganisationNameSerializer, PersonNameSerializer
from community.areas import AREA_CHOICES
from community.models import Theme
from events.limits import MAX_PLACES, MAX_SESSIONS
from events.links import absolute, event_feed_url, event_url
from events.models import Event
from events.models.events import VENUE_ACCESS_FIELDS
from events.recurrence import repeats_in_words
from events.selectors import EventFilters

REPEATS_IN_WORDS = (
    'How the dates repeat, in the words the pages use, e.g. "The first Tuesday of every month, '
    'until 31 July 2027" (the rule itself when it says more than words can).'
)


class EventThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    kind = choice_field(Event.Kind.choices, "EventKind", read_only=True)
    status = choice_field(Event.Status.choices, "EventStatus", read_only=True)
    organisation = OrganisationNameSerializer(read_only=True)
    themes = EventThemeSerializer(many=True, read_only=True)
    access_features = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text='What the venue has, in words, e.g. "Step-free access".',
    )
    area = area_field(read_only=True)
    next_start = serializers.DateTimeField(read_only=True, allow_null=True, required=False)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug", "title", "kind", "format", "audience", "status", "summary", "organisation",
            "themes", "area", "venue_name", "postcode", *VENUE_ACCESS_FIELDS, "access_features",
            "next_start", "url", "cost",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_url(self, event) -> str:
        return absolute(event_url(event))


class EventDetailSerializer(EventSerializer):
    hosts = PersonNameSerializer(many=True, read_only=True)
    waiting_list_mode = choice_field(
        Event.WaitingListMode.choices, "WaitingListMode", read_only=True
    )
    calendar_url = serializers.SerializerMethodField()
    repeats_in_words = serializers.SerializerMethodField(
        help_text=f"{REPEATS_IN_WORDS} Null for an event that does not repeat."
    )

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "description",
            "description_html",
            "address",
            "transport_notes",
            "use_site_chat_room",
            "capacity",
            "hosts",
            "calendar_url",
            "repeats_in_words",
            "online_capacity",
            "booking_closes_minutes",
            "waiting_list_mode",
            "offer_hours",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_calendar_url(self, event) -> str:
        return absolute(event_feed_url(event))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_repeats_in_words(self, event) -> str | None:
        try:
            series = event.series  # prefetched by the selector
        except ObjectDoesNotExist:
            return None
        return repeats_in_words(rule=series.rule, until=series.until, count=series.count)


class EventFilterSerializer(serializers.Serializer):
    organisation = serializers.SlugField(required=False, help_text="Organisation slug.")
    kind = choice_field(Event.Kind.choices, "EventKind", required=False)
    # Not `format`: DRF reads that query parameter as the response format.
    event_format = serializers.ChoiceField(
        choices=Event.Format.choices, required=False, help_text="Online, in person or hybrid."
    )
    theme = serializers.SlugField(required=False, help_text="Theme slug.")
    area = serializers.ChoiceField(choices=AREA_CHOICES, required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    step_free = serializers.BooleanField(required=False, default=False)
    bsl = serializers.BooleanField(
        required=False, default=False, help_text="Only events with a BSL interpreter."
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Words to find in the title, summary or description, or in a date's theme.",
    )

    def validate(self, data):
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise serializers.ValidationError({"date_to": "The end date is before the start."})
        return data


def event_filters(query_params) -> EventFilters:
    """The list filters in a query string, checked, as the selectors take them."""
    filters = EventFilterSerializer(data=query_params)
    filters.is_valid(raise_exception=True)
    data = dict(filters.validated_data)
    data["format"] = data.pop("event_format", "")
    return EventFilters(**data)


class EventWriteSerializer(serializers.Serializer):
    """What organisers send. On change, anything left out stays as it is."""

    organisation = serializers.SlugField(help_text="Only when creating.", required=False)
    title = serializers.CharField(max_length=150, required=False)
    kind = choice_field(Event.Kind.choices, "EventKind", required=False)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    audience = serializers.ChoiceField(choices=Event.Audience.choices, required=False)
    format = serializers.ChoiceField(choices=Event.Format.choices, required=False)
    themes = serializers.ListField(child=serializers.SlugField(), required=False)
    hosts = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    venue_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    area = serializers.ChoiceField(choices=AREA_CHOICES, required=False, allow_blank=True)
    step_free = serializers.BooleanField(required=False)
    accessible_toilet = serializers.BooleanField(required=False)
    hearing_loop = serializers.BooleanField(required=False)
    bsl_interpreter = serializers.BooleanField(required=False)
    quiet_space = serializers.BooleanField(required=False)
    parking = serializers.BooleanField(required=False)
    transport_notes = serializers.CharField(required=False, allow_blank=True)
    joining_link = serializers.URLField(required=False, allow_blank=True)
    use_site_chat_room = serializers.BooleanField(required=False)
    capacity = serializers.IntegerField(min_value=1, max_value=MAX_PLACES, required=False)
    cost = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text='Empty for free, else the price in words ("£5, free for carers").',
    )
    booking_closes_minutes = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text="Bookings close this many minutes before each date starts; 0 until it starts.",
    )
    online_capacity = serializers.IntegerField(
        min_value=0,
        max_value=MAX_PLACES,
        required=False,
        allow_null=True,
        help_text=(
            "Hybrid events only: how many of each date's places are online (fewer than "
            "`capacity`); null for no split."
        ),
    )
    waiting_list_mode = choice_field(
        Event.WaitingListMode.choices, "WaitingListMode", required=False
    )
    offer_hours = serializers.IntegerField(
        required=False, help_text="Offer mode: hours to accept a place (1 to 168)."
    )


class SeriesWriteSerializer(serializers.Serializer):
    rule = serializers.CharField(
        max_length=300,
        help_text=(
            'An RFC 5545 RRULE, e.g. "FREQ=MONTHLY;BYDAY=1TU". An UNTIL (a date, or a UTC time '
            "such as 20270225T100000Z) or COUNT inside it is honoured and answered as `until` / "
            "`count`; giving one there and `until` or `count` beside it is refused "
            "(`end_given_twice`)."
        ),
    )
    start_date = serializers.DateField()
    start_time = serializers.TimeField(help_text="UK local time.")
    duration_minutes = serializers.IntegerField(min_value=5, max_value=1440, default=120)
    until = serializers.DateField(required=False, allow_null=True)
    count = serializers.IntegerField(
        min_value=1, max_value=MAX_SESSIONS, required=False, allow_null=True
    )
    skipped_dates = serializers.ListField(child=serializers.DateField(), required=False)


class SeriesSerializer(serializers.Serializer):
    rule = serializers.CharField(read_only=True)
    start_date = serializers.DateField(read_only=True)
    start_time = serializers.TimeField(read_only=True)
    duration_minutes = serializers.IntegerField(read_only=True)
    until = serializers.DateField(read_only=True, allow_null=True)
    count = serializers.IntegerField(read_only=True, allow_null=True)
    skipped_dates = serializers.ListField(child=serializers.DateField(), read_only=True)
    occurrences = serializers.IntegerField(read_only=True, help_text="Dates now stored.")
    repeats_in_words = serializers.CharField(read_only=True, help_text=REPEATS_IN_WORDS)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
