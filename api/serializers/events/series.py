"""Changing a repeating event as a whole: the new rule from a date on (and the plan of what it
does), skipping several dates, ending it; and the series as it is afterwards."""

from rest_framework import serializers

from api.serializers.events.events import SeriesSerializer
from events.limits import MAX_SESSIONS


class SeriesChangeSerializer(serializers.Serializer):
    from_date = serializers.DateField(
        help_text="The first date the change applies to; earlier dates stay as they are."
    )
    rule = serializers.CharField(
        max_length=300,
        help_text='The RRULE from then on, e.g. "FREQ=WEEKLY;BYDAY=MO". An UNTIL or COUNT '
        "inside it is honoured, counted from `from_date`.",
    )
    start_time = serializers.TimeField(help_text="UK local time.")
    duration_minutes = serializers.IntegerField(min_value=5, max_value=1440)
    until = serializers.DateField(required=False, allow_null=True, default=None)
    count = serializers.IntegerField(
        min_value=1, max_value=MAX_SESSIONS, required=False, allow_null=True, default=None
    )
    preview = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Only say what would happen; nothing is changed and nobody is told.",
    )


class SkipDatesSerializer(serializers.Serializer):
    dates = serializers.ListField(
        child=serializers.DateField(), required=False, default=list, max_length=400
    )
    bank_holidays = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Also skip every bank holiday in England, this year's and every later year's.",
    )
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class EndSeriesSerializer(serializers.Serializer):
    last_date = serializers.DateField(help_text="The last day with a session.")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SeriesStateSerializer(SeriesSerializer):
    skip_bank_holidays = serializers.BooleanField(read_only=True)


class MovedDateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The date (occurrence) id.")
    was = serializers.DateTimeField(read_only=True)
    start = serializers.DateTimeField(read_only=True)
    end = serializers.DateTimeField(read_only=True)
    booked = serializers.IntegerField(read_only=True, help_text="People booked, who are told.")


class CancelledDateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    start = serializers.DateTimeField(read_only=True)
    booked = serializers.IntegerField(
        read_only=True, help_text="People booked, who are told and offered the nearest new date."
    )


class SeriesPlanSerializer(serializers.Serializer):
    preview = serializers.BooleanField(read_only=True, help_text="True if nothing was changed.")
    from_date = serializers.DateField(read_only=True)
    repeats_in_words = serializers.CharField(read_only=True)
    moved = MovedDateSerializer(many=True, read_only=True)
    cancelled = CancelledDateSerializer(many=True, read_only=True)
    added = serializers.ListField(
        child=serializers.DateTimeField(), read_only=True, help_text="Starts of the new dates."
    )
    people_affected = serializers.IntegerField(read_only=True)
    series = SeriesStateSerializer(read_only=True)


class SeriesDatesCancelledSerializer(serializers.Serializer):
    cancelled = CancelledDateSerializer(many=True, read_only=True)
    series = SeriesStateSerializer(read_only=True)
