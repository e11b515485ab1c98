"""Support requests: as the people who may see one read it, and what is sent to ask for help or
to act on one."""

from functools import cached_property

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.fields import area_field
from api.serializers.people import OrganisationNameSerializer, PersonNameSerializer
from api.serializers.safety.reports import UrgentHelpSerializer
from api.serializers.support.directory import SpecialismSerializer
from community.areas import AREA_CHOICES
from community.languages import LANGUAGE_CHOICES, language_code
from community.support.models import REQUEST_MAX, SupportRequest, WayToTalk
from community.support.permissions import can_see_hand_over_note, is_with_the_staff
from community.support.selectors import RequestMatch

NOT_SAID = [("", "Not said")]
# What people type for British Sign Language, as the directory filter takes it too.
BSL_ALIAS = [("bsl", "British Sign Language (BSL), stored as `bfi`")]


class TopicNameSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class RequestConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The chat room id.")
    url = serializers.CharField(source="get_absolute_url", read_only=True)


class HandedOverSerializer(serializers.Serializer):
    reason = choice_field(SupportRequest.HandOver.choices, "HandOverReason", read_only=True)
    note = serializers.CharField(read_only=True)
    by = PersonNameSerializer(read_only=True, allow_null=True)
    at = serializers.DateTimeField(read_only=True, allow_null=True)


class SupportRequestSerializer(serializers.ModelSerializer):
    state = choice_field(SupportRequest.State.choices, "SupportRequestState", read_only=True)
    wants = choice_field(SupportRequest.Wants.choices, "SupportRequestWants", read_only=True)
    member = PersonNameSerializer(read_only=True)
    advisor = PersonNameSerializer(
        read_only=True, allow_null=True,
        help_text="Who is helping, or who it was sent to; null while it waits for a team.",
    )  # fmt: skip
    organisation = OrganisationNameSerializer(read_only=True, allow_null=True)
    specialism = SpecialismSerializer(read_only=True, allow_null=True)
    way_to_talk = choice_field(WayToTalk.choices + NOT_SAID, "WayToTalkOrNotSaid", read_only=True)
    area = area_field(read_only=True, help_text='Council area code; "" when not said.')
    language = choice_field(LANGUAGE_CHOICES + NOT_SAID, "LanguageOrNotSaid", read_only=True)
    topic = TopicNameSerializer(read_only=True, allow_null=True)
    occurrence = serializers.IntegerField(
        source="occurrence_id", read_only=True, allow_null=True,
        help_text="The drop-in date it was asked from, if any.",
    )  # fmt: skip
    conversation = RequestConversationSerializer(
        source="room", read_only=True, allow_null=True,
        help_text="The private conversation accepting opened.",
    )  # fmt: skip
    handed_over = serializers.SerializerMethodField(
        help_text="Why the advisor handed it to their organisation's staff, with their note. "
        "Only for that organisation's staff and the advisor who wrote it (null for others)."
    )
    helped = serializers.BooleanField(
        read_only=True, allow_null=True, help_text='"Did this help?": null until answered.'
    )
    expires_at = serializers.DateTimeField(
        read_only=True,
        help_text="When an open request nobody has taken ends by itself. It does not apply "
        "while `with_staff` is true: a request handed to the staff waits for them, however long.",
    )
    with_staff = serializers.SerializerMethodField(
        help_text="Handed to the organisation's staff and not yet given to anyone: only the "
        "staff deal with it, and it does not expire."
    )

    class Meta:
        model = SupportRequest
        fields = [
            "id", "state", "wants", "member", "advisor", "organisation", "specialism",
            "way_to_talk", "area", "language", "access_needs", "body", "topic", "occurrence",
            "created", "expires_at", "accepted_at", "ended_at", "conversation", "handed_over",
            "with_staff", "helped", "helped_note",
        ]  # fmt: skip
        read_only_fields = fields

    def get_with_staff(self, request) -> bool:
        return is_with_the_staff(request)

    @extend_schema_field(HandedOverSerializer(allow_null=True))
    def get_handed_over(self, request) -> dict | None:
        # A safeguarding worry is for the staff who follow it up and the advisor who wrote it:
        # not the person it is about, nor a helper the staff give the request to later.
        if not can_see_hand_over_note(self.context["request"].user, request):
            return None
        return HandedOverSerializer(
            {
                "reason": request.handed_over,
                "note": request.handed_over_note,
                "by": request.handed_over_by,
                "at": request.handed_over_at,
            }
        ).data


class RequestActionsSerializer(serializers.Serializer):
    """What the person asking may do with the request now."""

    accept = serializers.BooleanField(read_only=True)
    withdraw = serializers.BooleanField(read_only=True)
    close = serializers.BooleanField(read_only=True)
    hand_over = serializers.BooleanField(read_only=True)
    reassign = serializers.BooleanField(read_only=True)
    did_it_help = serializers.BooleanField(read_only=True)
    send_again = serializers.BooleanField(read_only=True)


class SupportRequestDetailSerializer(SupportRequestSerializer):
    """Reads `can` (a dict of RequestActionsSerializer's fields) set by the view."""

    can = RequestActionsSerializer(read_only=True)

    class Meta(SupportRequestSerializer.Meta):
        fields = [*SupportRequestSerializer.Meta.fields, "can"]
        read_only_fields = fields


class AskedForHelpSerializer(SupportRequestDetailSerializer):
    """The request just sent. Reads `urgent_help` (a list of contacts, or None) set by the view."""

    urgent_help = UrgentHelpSerializer(
        many=True,
        read_only=True,
        allow_null=True,
        help_text="Where to get urgent help now, when the words suggest the member may be at "
        "risk (show it to them); null otherwise. The request is sent either way.",
    )

    class Meta(SupportRequestDetailSerializer.Meta):
        fields = [*SupportRequestDetailSerializer.Meta.fields, "urgent_help"]
        read_only_fields = fields


class MatchedRequestSerializer(SupportRequestSerializer):
    """A request an advisor could take, with how well it matches what they offer. Reads a
    selectors.RequestMatch: the request's fields from its request, match_score from its score."""

    match_score = serializers.IntegerField(
        read_only=True,
        help_text="Higher is closer: +4 specialism, +3 language, +2 area, +1 way to talk.",
    )

    class Meta(SupportRequestSerializer.Meta):
        fields = [*SupportRequestSerializer.Meta.fields, "match_score"]
        read_only_fields = fields

    def to_representation(self, instance: RequestMatch) -> dict:
        request_fields = self._request_serializer.to_representation(instance.request)
        return {**request_fields, "match_score": instance.score}

    @cached_property
    def _request_serializer(self) -> SupportRequestSerializer:
        # One for the whole list; it reads the viewer from the same context.
        return SupportRequestSerializer(context=self.context)


LANGUAGES_ASKED = LANGUAGE_CHOICES + NOT_SAID + BSL_ALIAS


@extend_schema_field(
    {
        "type": "string",
        "enum": [value for value, _ in LANGUAGES_ASKED],
        "description": "\n".join(f"* `{value}` - {label}" for value, label in LANGUAGES_ASKED),
    },
    component_name="LanguageAsked",
)
class LanguageAskedField(serializers.ChoiceField):
    """A language code, taking "BSL" and "Bsl" as well as "bsl" (as the page does)."""

    def to_internal_value(self, data):
        return super().to_internal_value(language_code(data) if isinstance(data, str) else data)


class AskForHelpSerializer(serializers.Serializer):
    """Send it to one advisor (`advisor_id`) or to an organisation's team (`organisation`)."""

    body = serializers.CharField(
        max_length=REQUEST_MAX, help_text="Your question, in your own words."
    )
    wants = choice_field(SupportRequest.Wants.choices, "SupportRequestWants")
    advisor_id = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="The advisor to ask."
    )
    organisation = serializers.SlugField(
        required=False, allow_blank=True, help_text="Or: the organisation whose team to ask."
    )
    specialism = serializers.SlugField(
        required=False, allow_blank=True, help_text="What it is about: a specialism's slug."
    )
    way_to_talk = choice_field(
        WayToTalk.choices + NOT_SAID, "WayToTalkOrNotSaid", required=False, default=""
    )
    area = serializers.ChoiceField(
        choices=AREA_CHOICES, required=False, allow_blank=True, default=""
    )
    language = LanguageAskedField(
        LANGUAGES_ASKED,
        required=False,
        default="",
        help_text="A language code; British Sign Language is `bfi` (`bsl` works too, in any case).",
    )
    access_needs = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="",
        help_text="Anything that helps you talk, e.g. a BSL interpreter or large print.",
    )  # fmt: skip
    topic_id = serializers.IntegerField(
        min_value=1, required=False, allow_null=True,
        help_text="The forum question you are asking about, if any.",
    )  # fmt: skip
    occurrence_id = serializers.IntegerField(
        min_value=1, required=False, allow_null=True,
        help_text="The drop-in date you are asking from, if any.",
    )  # fmt: skip


class HandOverSerializer(serializers.Serializer):
    reason = choice_field(SupportRequest.HandOver.choices, "HandOverReason")
    note = serializers.CharField(
        max_length=REQUEST_MAX, help_text="What the staff need to know to follow it up."
    )


class ReassignSerializer(serializers.Serializer):
    helper_id = serializers.IntegerField(
        min_value=1, help_text="One of the organisation's advisors or planning partners."
    )


class DidItHelpSerializer(serializers.Serializer):
    helped = serializers.BooleanField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
