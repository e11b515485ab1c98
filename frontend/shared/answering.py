"""What the topic page says about "I'm answering this" on a question for an advisor's answer."""

from community.permissions import Person
from forums.models import Topic
from forums.selectors.waiting import answering_state


def answering_for(viewer: Person | None, topic: Topic) -> dict:
    """The template's names for forums.selectors.waiting.answering_state: `answering` (the claim
    everyone sees), `can_claim`, `can_withdraw_claim` and `could_claim`."""
    state = answering_state(viewer=viewer, topic=topic)
    return {
        "answering": state.claim,
        "can_claim": state.can_claim,
        "can_withdraw_claim": state.can_withdraw,
        "could_claim": state.could_claim,
    }
