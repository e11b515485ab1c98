"""The moderation queue, one case, acting on a case or a person, and the audit log."""

from rest_framework import serializers

from api.serializers.people import PersonNameSerializer
from community.models import AuditLogEntry
from community.safety.cases import LARGEST_ID as BIGGEST_ID
from community.safety.models import Case, Report
from community.safety.moderation import CASE_ACTIONS
from community.safety.restrictions import PERSON_ACTIONS
from community.safety.visibility import Visibility


class ReasonCountSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    count = serializers.IntegerField()


class CaseSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="Whose staff may act on it."
    )
    visibility = serializers.ChoiceField(
        choices=Visibility.choices,
        allow_null=True,
        help_text="Who sees the thing now. Null when it no longer exists.",
    )
    removed = serializers.BooleanField()
    reasons = ReasonCountSerializer(many=True, help_text="Reports by reason, with counts.")

    class Meta:
        model = Case
        fields = [
            "id",
            "kind",
            "object_id",
            "label",
            "excerpt",
            "url",
            "author_id",
            "organisation",
            "state",
            "urgent",
            "urgent_words",
            "waiting_approval",
            "held",
            "report_count",
            "opened",
            "visibility",
            "removed",
            "reasons",
        ]
        read_only_fields = fields


class CaseReportSerializer(serializers.ModelSerializer):
    reporter = serializers.CharField(source="reporter_name", help_text="Their display name.")

    class Meta:
        model = Report
        fields = ["id", "reason", "note", "reporter", "trusted", "created"]
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    reports = CaseReportSerializer(source="reports_list", many=True)
    outcome = serializers.ChoiceField(
        choices=Case.Outcome.choices,
        allow_blank=True,
        read_only=True,
        help_text="Empty until someone has dealt with it.",
    )
    actions = serializers.ListField(
        child=serializers.ChoiceField(choices=CASE_ACTIONS),
        help_text="What you may do to this case now.",
    )

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "reports",
            "outcome",
            "outcome_reason",
            "closed_at",
            "actions",
        ]
        read_only_fields = fields


class CaseActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=CASE_ACTIONS)
    reason = serializers.CharField(
        allow_blank=True,
        max_length=2000,
        help_text="Why. Shown to the person who wrote it. Empty: 400 `reason_needed`.",
    )
    category_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=BIGGEST_ID,
        help_text="For `move`: the forum category to move the topic to.",
    )


class PersonActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=PERSON_ACTIONS)
    reason = serializers.CharField(
        allow_blank=True,
        max_length=2000,
        help_text="Why. Shown to the person. Empty: 400 `reason_needed`.",
    )
    days = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=365,
        help_text="For `suspend`: how many days, 1 to 365.",
    )


class PersonStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    suspended_until = serializers.DateTimeField(allow_null=True)
    banned = serializers.BooleanField()
    bar_reason = serializers.CharField(help_text="Why they were suspended or banned, if they are.")


class CaseFilterSerializer(serializers.Serializer):
    urgent = serializers.BooleanField(required=False, help_text="Only urgent cases.")
    kind = serializers.CharField(required=False, max_length=30, help_text="Only this kind.")


class AuditFilterSerializer(serializers.Serializer):
    action = serializers.CharField(
        required=False, max_length=80, help_text="A code, or its start: `safety.case`."
    )
    actor = serializers.IntegerField(
        required=False, min_value=1, max_value=BIGGEST_ID, help_text="Who did it (their id)."
    )
    subject_type = serializers.CharField(required=False, max_length=60)
    subject_id = serializers.IntegerField(required=False, min_value=0, max_value=BIGGEST_ID)
    since = serializers.DateTimeField(required=False, help_text="From this time (or date).")
    until = serializers.DateTimeField(required=False, help_text="Before this time (or date).")


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = PersonNameSerializer(allow_null=True, help_text="Null: the site itself.")
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    data = serializers.DictField(help_text="What was done: the reason, the case, and so on.")

    class Meta:
        model = AuditLogEntry
        fields = [
            "id",
            "created",
            "action",
            "actor",
            "organisation",
            "subject_type",
            "subject_id",
            "data",
        ]
        read_only_fields = fields
