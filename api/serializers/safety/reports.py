"""Reporting a concern, and a person's own reports with what happened."""

from rest_framework import serializers

from community.safety.cases import LARGEST_ID as BIGGEST_ID
from community.safety.models import Case, Report


class UrgentHelpSerializer(serializers.Serializer):
    """One place to get urgent help (community.safety.signposting.urgent_help)."""

    name = serializers.CharField(read_only=True, help_text="Who: “Samaritans”.")
    how = serializers.CharField(
        read_only=True, help_text="How to reach them: “Call 116 123 (free, day or night)”."
    )
    when = serializers.CharField(read_only=True, help_text="When to use them, in plain English.")


class ReportInSerializer(serializers.Serializer):
    kind = serializers.CharField(
        max_length=30,
        help_text="What is reported: `post`, `topic`, `chat_message`, `profile`, `event` or "
        "`support_request`.",
    )
    object_id = serializers.IntegerField(
        min_value=1, max_value=BIGGEST_ID, help_text="Its id (for a profile: the person's id)."
    )
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Anything a moderator should know, up to 1,000 characters "
        "(longer: 400 `note_too_long`).",
    )


class ReportCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    object_id = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    urgent = serializers.BooleanField(
        help_text="Moderators (and the organisation's staff) were told at once."
    )
    urgent_help = UrgentHelpSerializer(
        many=True,
        allow_null=True,
        help_text="For a `safety` report: where to get help now, to show the reporter first.",
    )


class ReportSerializer(serializers.ModelSerializer):
    """One of your own reports. The reason a moderator gave is for the author only; you see
    what happened, in words."""

    kind = serializers.CharField(source="case.kind")
    object_id = serializers.IntegerField(source="case.object_id")
    label = serializers.CharField(source="case.label", help_text="What you reported.")
    url = serializers.CharField(source="case.url", help_text="Where it was on the site.")
    state = serializers.ChoiceField(source="case.state", choices=Case.State.choices)
    outcome = serializers.ChoiceField(
        source="case.outcome",
        choices=Case.Outcome.choices,
        allow_blank=True,
        help_text="Empty until a moderator has dealt with it.",
    )
    outcome_words = serializers.CharField(help_text="What happened, in plain English.")

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "object_id",
            "label",
            "url",
            "reason",
            "note",
            "created",
            "state",
            "outcome",
            "outcome_words",
        ]
        read_only_fields = fields
