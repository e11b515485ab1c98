"""Organisations: what is shown, what staff can change, and how lists are filtered."""

from rest_framework import serializers

from api.serializers.fields import area_field, optional_url_field
from community.areas import AREA_CHOICES
from community.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    area = area_field(read_only=True)
    website = optional_url_field(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "description",
            "description_html",
            "area",
            "website",
            "verified",
        ]
        read_only_fields = fields


class OrganisationChangeSerializer(serializers.Serializer):
    """Any of these may be sent; those left out stay as they are."""

    name = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    area = serializers.ChoiceField(choices=AREA_CHOICES, required=False, allow_blank=True)
    website = serializers.CharField(required=False, allow_blank=True)


class OrganisationFilterSerializer(serializers.Serializer):
    area = serializers.ChoiceField(
        choices=AREA_CHOICES, required=False, help_text="Council area code, e.g. `leeds`."
    )
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices, required=False)
