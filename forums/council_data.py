"""What the council page holds about a person, for "Download my data" and "Delete my account"
(registered with community.safety when the app starts, forums.apps). A decision stays with its
question when the account closes, like the question itself: `added_by` empties itself, and a
question whose posts are erased with the account is deleted or unlisted, which takes its
decision off the council page too."""

from community.models import User
from community.safety.personal_data import PersonalData, Row, register_personal_data, when
from forums.models import CouncilDecision


def export_council_decisions(person: User) -> list[Row]:
    decisions = CouncilDecision.objects.filter(added_by=person).select_related("topic")
    return [
        {
            "question": decision.topic.title,
            "council": decision.get_council_display(),
            "decision": decision.get_outcome_display(),
            "year": decision.year,
            "what_for": decision.what_for,
            "council_shown_with_a_question_without_your_name": decision.share_council,
            "added": when(decision.created),
            "address": decision.topic.get_absolute_url(),
        }
        for decision in decisions.order_by("created", "pk")
    ]


register_personal_data(
    PersonalData(
        name="council_decisions",
        title="What you told us your council decided",
        export=export_council_decisions,
        erase=lambda erasure: None,  # kept with the question; see the module's note
        models=("forums.CouncilDecision",),
        order=23,
    )
)
