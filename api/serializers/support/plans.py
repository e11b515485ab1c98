"""Support plans: the member's own plan, its sections and their earlier versions, comments from
their planning partner, who else may read it, and planning sessions."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.people import OrganisationNameSerializer, PersonNameSerializer
from community.support.models import (
    COMMENT_MAX,
    PLAN_SECTION_MAX,
    Plan,
    PlanComment,
    PlanningSession,
    PlanRevision,
    PlanSection,
    PlanShare,
)
from community.support.plan_permissions import can_see_session_details
from events.errors import EventError
from events.limits import check_date
from events.models import Appointment

PART_HELP = "Which section: " + ", ".join(f"`{value}`" for value in PlanSection.Part.values) + "."


def part_field(**kwargs):
    return choice_field(PlanSection.Part.choices, "PlanPart", **kwargs)


class PlanSerializer(serializers.ModelSerializer):
    owner = PersonNameSerializer(read_only=True)
    partner = PersonNameSerializer(read_only=True, allow_null=True)
    organisation = OrganisationNameSerializer(read_only=True, allow_null=True)
    request = serializers.IntegerField(
        source="request_id", read_only=True, allow_null=True,
        help_text="The support request it started from, if any.",
    )  # fmt: skip
    organisation_can_see = serializers.BooleanField(
        read_only=True, help_text="The owner lets the partner's organisation's staff read it."
    )

    class Meta:
        model = Plan
        fields = [
            "id", "title", "owner", "partner", "organisation", "request",
            "organisation_can_see", "created", "updated",
        ]  # fmt: skip
        read_only_fields = fields


class SectionSerializer(serializers.ModelSerializer):
    part = part_field(read_only=True)
    title = serializers.CharField(source="get_part_display", read_only=True)
    body = serializers.CharField(read_only=True, help_text="As written (Markdown).")
    body_html = serializers.CharField(read_only=True, help_text="Sanitised HTML to show.")

    class Meta:
        model = PlanSection
        fields = ["part", "title", "body", "body_html", "updated"]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    author = PersonNameSerializer(read_only=True, allow_null=True)
    part = serializers.SerializerMethodField(
        help_text='The section it is about; "" for the plan as a whole.'
    )
    resolved_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="null while the comment is open."
    )

    class Meta:
        model = PlanComment
        fields = ["id", "author", "part", "body_html", "created", "resolved_at"]
        read_only_fields = fields

    def get_part(self, comment) -> str:
        if comment.section_id is None:
            return ""
        # A plan's view passes its sections' parts, so each comment costs no query.
        parts = self.context.get("parts")
        return parts[comment.section_id] if parts else comment.section.part


class ShareSerializer(serializers.ModelSerializer):
    person = PersonNameSerializer(read_only=True)

    class Meta:
        model = PlanShare
        fields = ["person", "can_comment", "created"]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="appointment.title", read_only=True)
    starts = serializers.DateTimeField(source="appointment.starts", read_only=True)
    ends = serializers.DateTimeField(source="appointment.ends", read_only=True)
    way = choice_field(
        Appointment.Way.choices, "AppointmentWay", source="appointment.way", read_only=True
    )
    where = serializers.SerializerMethodField(
        help_text="Where to meet, or how (a phone number): for the two people meeting only, "
        "null for anyone else who reads the plan."
    )
    cancelled_at = serializers.DateTimeField(
        source="appointment.cancelled_at", read_only=True, allow_null=True
    )

    class Meta:
        model = PlanningSession
        fields = ["id", "title", "starts", "ends", "way", "where", "cancelled_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_where(self, session) -> str | None:
        # The view passes who is asking; without them, nobody is shown the place.
        if can_see_session_details(self.context.get("viewer"), session):
            return session.appointment.where
        return None


class PlanActionsSerializer(serializers.Serializer):
    edit = serializers.BooleanField(read_only=True)
    comment = serializers.BooleanField(read_only=True)
    share = serializers.BooleanField(read_only=True)
    book_session = serializers.BooleanField(read_only=True)


class PlanDetailSerializer(PlanSerializer):
    """Reads `can` (PlanActionsSerializer's fields) and `planning_sessions` set by the view."""

    sections = SectionSerializer(many=True, read_only=True)
    comments = CommentSerializer(many=True, read_only=True)
    sessions = SessionSerializer(source="planning_sessions", many=True, read_only=True)
    can = PlanActionsSerializer(read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "sections", "comments", "sessions", "can"]
        read_only_fields = fields


class PlanRevisionSerializer(serializers.ModelSerializer):
    edited_by = PersonNameSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PlanRevision
        fields = ["id", "body", "edited_by", "created"]
        read_only_fields = fields


class NewPlanSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120, required=False, default="My support plan")
    request_id = serializers.IntegerField(
        min_value=1, required=False, allow_null=True,
        help_text="Start it from your support request for help with a plan: its advisor "
        "becomes your planning partner.",
    )  # fmt: skip


class SectionEditSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=PLAN_SECTION_MAX, allow_blank=True, trim_whitespace=False,
        help_text="The whole section, in Markdown. Every saved version is kept.",
    )  # fmt: skip


class NewCommentSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=COMMENT_MAX)
    part = choice_field(
        PlanSection.Part.choices + [("", "The plan as a whole")],
        "PlanPartOrWhole", required=False, default="",
    )  # fmt: skip


class ResolveSerializer(serializers.Serializer):
    resolved = serializers.BooleanField(default=True, help_text="false to open it again.")


class NewShareSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(min_value=1)
    can_comment = serializers.BooleanField(default=False)


class NewSessionSerializer(serializers.Serializer):
    starts = serializers.DateTimeField()
    minutes = serializers.IntegerField(min_value=15, max_value=8 * 60)
    way = choice_field(Appointment.Way.choices, "AppointmentWay")
    where = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text="Where to meet, or how (a phone number). Only the two of you see it.",
    )  # fmt: skip

    def validate_starts(self, starts):
        # Far-off years are slips of the keyboard, and would overflow when the end is worked out.
        try:
            check_date(starts, field="starts")
        except EventError as refusal:
            raise serializers.ValidationError(refusal.message) from refusal
        return starts


class OrganisationAccessSerializer(serializers.Serializer):
    organisation_can_see = serializers.BooleanField(
        help_text="Whether the staff of your partner's organisation may read the plan."
    )


class PartnerChoiceSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(
        min_value=1,
        help_text=(
            "Someone in the directory: a trained planning partner or advisor, listed and not "
            "paused."
        ),
    )
