"""What "I'm answering this" holds about an advisor, for "Download my data" and "Delete my
account" (registered with community.safety when the app starts, forums.apps). The rows go with
the account."""

from community.models import User
from community.safety.personal_data import PersonalData, Row, register_personal_data, when
from forums.models import AnswerClaim


def export_answer_claims(person: User) -> list[Row]:
    claims = AnswerClaim.objects.filter(advisor=person).select_related("topic")
    return [
        {
            "question": claim.topic.title,
            "said_you_were_answering": when(claim.claimed_at),
            "ended": when(claim.ended_at),
            "why_it_ended": claim.get_ended_display() if claim.ended else None,
            "address": claim.topic.get_absolute_url(),
        }
        for claim in claims.order_by("claimed_at", "pk")
    ]


register_personal_data(
    PersonalData(
        name="answering_questions",
        title="Questions you said you were answering",
        export=export_answer_claims,
        erase=lambda erasure: None,  # these rows go with the account
        models=("forums.AnswerClaim",),
        order=22,
    )
)
