"""Helpers for the "what councils have agreed" tests: answered questions and decisions on them,
written straight to the tables (the services have their own tests)."""

import datetime
from zoneinfo import ZoneInfo

from forums.models import CouncilDecision, Topic
from forums.models.councils import what_for_key
from tests.forums.factories import TopicFactory, add_replies

# "Now" for every council test: mid-2026, so 2026 is this year and 2027 is in the future.
NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo("Europe/London"))


def answered_question(**fields) -> Topic:
    """A question with one reply, accepted as its answer."""
    topic = TopicFactory(**fields)
    (reply,) = add_replies(topic, 1)
    topic.accepted_answer, topic.is_answered = reply, True
    topic.save(update_fields=["accepted_answer", "is_answered"])
    return topic


def decision_on(
    topic: Topic,
    *,
    council: str = "calderdale",
    outcome: str = "agreed",
    year: int = 2026,
    what_for: str = "gym membership",
    share_council: bool = False,
) -> CouncilDecision:
    return CouncilDecision.objects.create(
        topic=topic,
        council=council,
        outcome=outcome,
        year=year,
        what_for=what_for,
        what_for_key=what_for_key(what_for),
        share_council=share_council,
        added_by=topic.author,
    )
