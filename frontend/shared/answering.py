"""What the topic page says about "I'm answering this" on a question for an advisor's answer."""

from community.permissions import Person
from forums.models import Topic
from forums.permissions import can_claim_question, can_withdraw_claim
from forums.selectors.waiting import current_answer_claim


def answering_for(viewer: Person | None, topic: Topic) -> dict:
    """`answering`: the claim everyone sees (None when nobody is answering); `can_claim`: show
    the button; `can_withdraw_claim`: show "I'm no longer answering this"; `could_claim`: a
    trained advisor who finds someone else answering (they are told they can still reply).
    Nothing, and no query, for a topic that did not ask for an advisor or is answered."""
    if not (topic.kind == Topic.Kind.QUESTION and topic.wants_advisor and not topic.is_answered):
        return {}
    claim = current_answer_claim(topic=topic)
    could_claim = can_claim_question(viewer, topic, None)
    return {
        "answering": claim,
        "can_claim": could_claim and claim is None,
        "can_withdraw_claim": can_withdraw_claim(viewer, claim),
        "could_claim": could_claim and claim is not None and claim.advisor_id != viewer.pk,
    }
