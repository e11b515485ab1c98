"""The directory of advisors and planning partners: one row per person, with every role that
vouches for them, and the filters a client can send."""

from rest_framework import serializers

from api.serializers.events import choice_field
from api.serializers.people import OrganisationNameSerializer
from community.areas import AREA_CHOICES
from community.languages import LANGUAGE_CHOICES
from community.models import Membership
from community.support.models import WayToTalk


class SpecialismSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class TrainedRoleSerializer(serializers.ModelSerializer):
    """Who vouches for them, since when, and what the training covered."""

    organisation = OrganisationNameSerializer(read_only=True)
    trained_for = serializers.CharField(
        read_only=True, help_text='In the organisation\'s words; "" when not given.'
    )

    class Meta:
        model = Membership
        fields = ["role", "organisation", "trained_on", "trained_for"]
        read_only_fields = fields


class NextDropInSerializer(serializers.Serializer):
    """The next drop-in date they host."""

    id = serializers.IntegerField(read_only=True, help_text="The date (occurrence) id.")
    title = serializers.CharField(source="event.title", read_only=True)
    starts = serializers.DateTimeField(source="start", read_only=True)
    url = serializers.CharField(source="event.get_absolute_url", read_only=True)


class AdvisorSerializer(serializers.Serializer):
    """Reads a person as community.support.selectors.directory() gives them, with
    `next_drop_in` set by the view."""

    id = serializers.IntegerField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    roles = TrainedRoleSerializer(source="trained_roles", many=True, read_only=True)
    specialisms = SpecialismSerializer(source="listing.specialisms", many=True, read_only=True)
    languages = serializers.ListField(
        source="listing.languages", child=serializers.CharField(), read_only=True,
        help_text="Language codes; `bfi` is British Sign Language.",
    )  # fmt: skip
    areas = serializers.ListField(
        source="listing.areas", child=serializers.CharField(), read_only=True,
        help_text="Council areas they cover.",
    )  # fmt: skip
    ways_to_talk = serializers.ListField(
        source="listing.ways_to_talk",
        child=choice_field(WayToTalk.choices, "WayToTalk"),
        read_only=True,
    )
    availability = serializers.CharField(source="listing.availability", read_only=True)
    next_drop_in = NextDropInSerializer(read_only=True, allow_null=True)

    # Someone trained yesterday is listed before they fill anything in: no listing row yet, so
    # these read as empty (the schema promises lists and a string, never null).
    NO_LISTING_YET = {
        "specialisms": [],
        "languages": [],
        "areas": [],
        "ways_to_talk": [],
        "availability": "",
    }

    def to_representation(self, instance) -> dict:
        data = super().to_representation(instance)
        for name, empty in self.NO_LISTING_YET.items():
            if data[name] is None:
                data[name] = empty
        return data


class AdvisorFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=200,
        help_text="Words to find in names, availability, specialisms and bios.",
    )  # fmt: skip
    specialism = serializers.SlugField(
        required=False, help_text="A specialism's slug, e.g. `employing-a-pa`."
    )
    language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES + [("bsl", "British Sign Language (BSL), as `bfi`")],
        required=False,
        help_text="A language code; British Sign Language is `bfi` (`bsl` works too).",
    )
    area = serializers.ChoiceField(
        choices=AREA_CHOICES, required=False, help_text="A council area they cover, e.g. `leeds`."
    )
    postcode = serializers.CharField(
        required=False, max_length=10,
        help_text="Near me: a UK postcode or its first half, e.g. `HX1`. One we cannot place "
        "answers 400 `unknown_postcode`.",
    )  # fmt: skip
    way = choice_field(WayToTalk.choices, "WayToTalk", required=False)
    organisation = serializers.SlugField(
        required=False, help_text="Slug of an organisation that trained them."
    )
