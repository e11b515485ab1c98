"""The directory of verified advisors and planning partners: one row per badge."""

from rest_framework import serializers

from api.serializers.fields import area_field
from api.serializers.people import OrganisationNameSerializer
from community.areas import AREA_CHOICES
from community.models import Membership


class AdvisorPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    area = area_field(source="profile.area", read_only=True)
    languages = serializers.ListField(
        source="profile.languages", child=serializers.CharField(), read_only=True
    )


class AdvisorSerializer(serializers.ModelSerializer):
    person = AdvisorPersonSerializer(read_only=True)
    organisation = OrganisationNameSerializer(read_only=True)
    text = serializers.CharField(source="badge", read_only=True)

    class Meta:
        model = Membership
        fields = ["person", "role", "organisation", "trained_on", "text"]
        read_only_fields = fields


class AdvisorFilterSerializer(serializers.Serializer):
    area = serializers.ChoiceField(
        choices=AREA_CHOICES, required=False, help_text="The advisor's council area, e.g. `leeds`."
    )
    organisation = serializers.SlugField(
        required=False, help_text="Slug of the organisation that trained them."
    )
