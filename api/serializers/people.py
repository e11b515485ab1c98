"""People as others see them (public profile, badges) and as they see themselves (`/me/`)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import area_field
from community.areas import AREA_CHOICES
from community.languages import LANGUAGE_CHOICES
from community.models import Contrast, Membership, Organisation, Profile, TextSize
from community.permissions import can_see_about


class OrganisationNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name"]
        read_only_fields = fields


class BadgeSerializer(serializers.ModelSerializer):
    organisation = OrganisationNameSerializer(read_only=True)
    text = serializers.CharField(source="badge", read_only=True)

    class Meta:
        model = Membership
        fields = ["role", "organisation", "trained_on", "text"]
        read_only_fields = fields


class PersonNameSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    display_name = serializers.CharField(read_only=True)


class PublicProfileSerializer(serializers.Serializer):
    """What anyone may see about a person: never their e-mail address or real name."""

    id = serializers.IntegerField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    i_am = serializers.ChoiceField(
        source="profile.i_am", choices=Profile.IAm.choices, read_only=True
    )
    bio_html = serializers.SerializerMethodField()
    languages = serializers.ListField(
        source="profile.languages", child=serializers.CharField(), read_only=True
    )
    area = area_field(source="profile.area", read_only=True)
    badges = BadgeSerializer(many=True, read_only=True)

    @extend_schema_field(serializers.CharField())
    def get_bio_html(self, person) -> str:
        # A bio a moderator hid is empty for everyone but its writer and moderators.
        request = self.context.get("request")
        viewer = request.user if request is not None else None
        return person.profile.bio_html if can_see_about(viewer, person) else ""


class OwnAccountSerializer(PublicProfileSerializer):
    """A person's own account: the public profile plus what only they see."""

    email = serializers.EmailField(read_only=True)
    real_name = serializers.CharField(read_only=True)
    bio = serializers.CharField(source="profile.bio", read_only=True)
    text_size = serializers.ChoiceField(choices=TextSize.choices, read_only=True)
    contrast = serializers.ChoiceField(choices=Contrast.choices, read_only=True)
    unread_notifications = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField())
    def get_unread_notifications(self, person) -> int:
        return self.context["unread_notifications"]


class OwnAccountChangeSerializer(serializers.Serializer):
    """Fields left out keep their current values."""

    display_name = serializers.CharField(required=False, allow_blank=True)
    real_name = serializers.CharField(required=False, allow_blank=True)
    i_am = serializers.ChoiceField(choices=Profile.IAm.choices, required=False, allow_blank=True)
    bio = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), required=False
    )
    area = serializers.ChoiceField(choices=AREA_CHOICES, required=False, allow_blank=True)
    text_size = serializers.ChoiceField(choices=TextSize.choices, required=False)
    contrast = serializers.ChoiceField(choices=Contrast.choices, required=False)
