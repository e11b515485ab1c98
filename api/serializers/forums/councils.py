"""What councils have agreed, as the forum selectors present it: never the asker's name, and no
council for a question asked without a name unless the asker chose to share it."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.areas import AREA_CHOICES
from forums.models import CouncilDecision, Topic
from forums.models.councils import FIRST_YEAR, WHAT_FOR_MAX

OUTCOME_HELP = "`agreed`, `refused` or `partly` (partly agreed)."
COUNCIL_HELP = (
    "The council's code, e.g. `calderdale`; null when the question was asked without a name and "
    "the asker did not choose to show it (the asker and moderators still see it)."
)


@extend_schema_field({"allOf": [{"type": "string", "enum": list(CouncilDecision.Outcome.values)}]})
class OutcomeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", OUTCOME_HELP)
        super().__init__(choices=CouncilDecision.Outcome.choices, **kwargs)


class DecisionTopicSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "title", "url"]
        read_only_fields = fields


class CouncilDecisionSerializer(serializers.ModelSerializer):
    topic = DecisionTopicSerializer(read_only=True)
    council = serializers.ChoiceField(
        source="shown_council",
        choices=AREA_CHOICES,
        allow_null=True,
        read_only=True,
        help_text=COUNCIL_HELP,
    )
    council_name = serializers.CharField(read_only=True, allow_null=True)
    outcome = OutcomeField(read_only=True)
    what_for_key = serializers.CharField(
        read_only=True,
        help_text="`what_for` with case and spacing evened out: the same for the same thing.",
    )

    class Meta:
        model = CouncilDecision
        fields = [
            "id",
            "topic",
            "council",
            "council_name",
            "outcome",
            "year",
            "what_for",
            "what_for_key",
            "created",
            "updated",
        ]
        read_only_fields = fields


class TopicCouncilDecisionSerializer(CouncilDecisionSerializer):
    share_council = serializers.BooleanField(
        read_only=True,
        help_text=(
            "For a question asked without a name: whether the asker chose to show its council. "
            "Always false for a question asked with a name (its council is always shown)."
        ),
    )

    class Meta(CouncilDecisionSerializer.Meta):
        fields = CouncilDecisionSerializer.Meta.fields + ["share_council"]
        read_only_fields = fields


class CouncilDecisionWriteSerializer(serializers.Serializer):
    council = serializers.ChoiceField(
        choices=AREA_CHOICES, help_text="The council's code, e.g. `calderdale`."
    )
    outcome = OutcomeField()
    year = serializers.IntegerField(
        help_text=f"The year the council decided: from {FIRST_YEAR} to this year."
    )
    what_for = serializers.CharField(
        help_text=(
            f'A few words, e.g. "gym membership"; up to {WHAT_FOR_MAX} characters (a longer '
            "text is refused with the code `what_for_too_long`)."
        )
    )
    share_council = serializers.BooleanField(
        required=False,
        help_text=(
            "Only for the asker of a question asked without a name: show which council it was. "
            "Anyone else who sends a change gets `only_asker_shares_council`."
        ),
    )


class CouncilDecisionFilterSerializer(serializers.Serializer):
    """`for` is a Python word, so that field is added by name."""

    council = serializers.ChoiceField(
        choices=AREA_CHOICES, required=False, help_text="Only this council's, e.g. `calderdale`."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["for"] = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=WHAT_FOR_MAX,
            help_text='Only those whose what-for contains these words, in any case, e.g. "gym".',
        )
        return fields
