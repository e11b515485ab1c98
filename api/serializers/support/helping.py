"""Helping others: an advisor's "My help" page and directory listing, and an organisation's view
of its advisors and planning partners (counts and waiting times, never what was said)."""

from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.people import OrganisationNameSerializer, PersonNameSerializer
from api.serializers.support.directory import (
    NextDropInSerializer,
    SpecialismSerializer,
    TrainedRoleSerializer,
)
from api.serializers.support.plans import PlanSerializer
from api.serializers.support.requests import MatchedRequestSerializer, SupportRequestSerializer
from community.areas import AREA_CHOICES
from community.languages import LANGUAGE_CHOICES
from community.support.models import Listing, WayToTalk


class ListingSerializer(serializers.ModelSerializer):
    """Reads `in_directory` and `takes_requests` set by the view."""

    specialisms = SpecialismSerializer(many=True, read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    areas = serializers.ListField(child=serializers.CharField(), read_only=True)
    ways_to_talk = serializers.ListField(
        child=choice_field(WayToTalk.choices, "WayToTalk"), read_only=True
    )
    paused = serializers.BooleanField(
        read_only=True,
        help_text="You paused yourself: you are out of the directory and take no new requests "
        "until you turn it off. People you are helping now can still talk to you.",
    )
    paused_by_organisation = OrganisationNameSerializer(
        read_only=True, allow_null=True,
        help_text="An organisation paused you: out of the directory until its staff resume you.",
    )  # fmt: skip
    in_directory = serializers.BooleanField(read_only=True)
    takes_requests = serializers.BooleanField(read_only=True)

    class Meta:
        model = Listing
        fields = [
            "listed", "specialisms", "languages", "areas", "ways_to_talk", "availability",
            "paused", "paused_by_organisation", "paused_reason", "in_directory",
            "takes_requests", "updated",
        ]  # fmt: skip
        read_only_fields = fields


class ListingChangeSerializer(serializers.Serializer):
    """The whole listing: what is left out is emptied (or, for `paused`, left as it is)."""

    listed = serializers.BooleanField(help_text="false takes you out of the directory.")
    specialisms = serializers.ListField(
        child=serializers.SlugField(), max_length=30, required=False, default=list,
        help_text="Specialism slugs, e.g. `employing-a-pa`.",
    )  # fmt: skip
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES),
        max_length=30, required=False, default=list,
    )  # fmt: skip
    areas = serializers.ListField(
        child=serializers.ChoiceField(choices=AREA_CHOICES),
        max_length=100, required=False, default=list,
    )  # fmt: skip
    ways_to_talk = serializers.ListField(
        child=choice_field(WayToTalk.choices, "WayToTalk"), max_length=3, required=False,
        default=list,
    )  # fmt: skip
    availability = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    paused = serializers.BooleanField(
        required=False,
        help_text="true to pause: out of the directory and no new requests until false.",
    )


class MyHelpSerializer(serializers.Serializer):
    listing = ListingSerializer(read_only=True)
    roles = TrainedRoleSerializer(many=True, read_only=True)
    requests_i_can_take = MatchedRequestSerializer(
        many=True,
        read_only=True,
        help_text="Open requests to you or your teams, best match first: at most 50.",
    )
    requests_waiting = serializers.IntegerField(
        read_only=True, help_text="How many open requests you could take, shown or not."
    )
    conversations = SupportRequestSerializer(
        many=True, read_only=True, help_text="Requests you accepted, with their conversations."
    )
    plans_as_partner = PlanSerializer(many=True, read_only=True)
    next_drop_in = NextDropInSerializer(read_only=True, allow_null=True)


class HelperSummarySerializer(serializers.Serializer):
    person = PersonNameSerializer(read_only=True)
    roles = TrainedRoleSerializer(many=True, read_only=True)
    paused = serializers.BooleanField(read_only=True, help_text="They paused themselves.")
    paused_by_organisation = serializers.BooleanField(
        read_only=True, help_text="Staff paused them."
    )
    open_count = serializers.IntegerField(read_only=True)
    accepted_count = serializers.IntegerField(read_only=True)
    oldest_open_waiting_seconds = serializers.SerializerMethodField(
        help_text="How long the oldest open request has waited; null when none is open."
    )

    def get_oldest_open_waiting_seconds(self, summary) -> int | None:
        waiting = summary.oldest_open_waiting
        return None if waiting is None else int(waiting.total_seconds())


class OrganisationSupportSerializer(serializers.Serializer):
    helpers = HelperSummarySerializer(many=True, read_only=True)
    requests = SupportRequestSerializer(
        many=True, read_only=True, help_text="Open and accepted requests, for reassigning."
    )


class PauseSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="",
        help_text="Shown to them on their own page.",
    )  # fmt: skip
