"""Roles an organisation gives people: listing, and the request to grant one."""

from rest_framework import serializers

from api.serializers.people import PersonNameSerializer
from community.models import Membership


class MembershipSerializer(serializers.ModelSerializer):
    person = PersonNameSerializer(read_only=True)
    text = serializers.CharField(source="badge", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "person", "role", "trained_on", "trained_for", "text", "granted_at"]
        read_only_fields = fields


class GrantRoleSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(required=False, min_value=1)
    email = serializers.EmailField(required=False)
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    trained_on = serializers.DateField(
        required=False, allow_null=True, help_text="Needed for advisors and planning partners."
    )
    trained_for = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=Membership._meta.get_field("trained_for").max_length,
        help_text="What the training covered, for advisors and planning partners.",
    )

    def validate(self, data):
        if ("person_id" in data) == ("email" in data):
            raise serializers.ValidationError("Give either person_id or email, not both.")
        return data
