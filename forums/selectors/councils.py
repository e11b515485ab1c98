"""What councils have agreed, as one viewer may see it: decisions on the answered questions they
can read, listed by council and by what they were for.

A question asked without a name keeps its council private unless the asker chose to share it:
such a decision is left out of the list by council (and of a search for a council) and shown
by what it was for as "a council (not named)". A council's name and a question together can
point to one person; what it was for cannot.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from community.areas import AREA_NAMES
from community.permissions import Person
from community.prepared_queries import PreparedQuery
from community.safety.visibility import Visibility
from forums.models import CouncilDecision, Topic
from forums.models.councils import what_for_key
from forums.permissions import can_tell_council_decision
from forums.selectors.topics import visible_topics

NOT_NAMED = "A council (not named)"
# Shown: the question was asked with a name, or its asker chose to share the council.
COUNCIL_SHOWN = Q(topic__anonymous=False) | Q(share_council=True)


@dataclass
class DecisionGroup:
    key: str  # a council's code, or a what-for key
    name: str  # the heading: the council's name, or what it was for in the newest's words
    decisions: list[CouncilDecision] = field(default_factory=list)


@dataclass
class CouncilDecisions:
    by_council: list[DecisionGroup]
    by_what_for: list[DecisionGroup]
    total: int
    not_named: int  # in by_what_for only
    more: bool  # there were more than the limit: the newest are shown

    @property
    def named(self) -> int:
        return self.total - self.not_named


def is_council_shown(decision: CouncilDecision) -> bool:
    return not decision.topic.anonymous or decision.share_council


def present_decision(decision: CouncilDecision, *, viewer: Person | None = None) -> None:
    """Set `council_name` (None when it is not shown to this viewer) and `outcome_words`. With
    no viewer, as for the public list: only what everyone may see. The asker and moderators
    see their own question's council wherever they look at that one question."""
    shown = is_council_shown(decision) or (
        viewer is not None and can_tell_council_decision(viewer, decision.topic)
    )
    decision.council_shown = shown
    decision.shown_council = decision.council if shown else None
    decision.council_name = AREA_NAMES.get(decision.council) if shown else None
    decision.outcome_words = decision.get_outcome_display().lower()


def council_decisions(
    *, viewer: Person | None, council: str = "", what_for: str = ""
) -> QuerySet[CouncilDecision]:
    """Decisions on questions this viewer may read that are shown to everyone (a question
    waiting for a moderator, or hidden, has no place in a public list, even for its asker) and
    still answered; newest year first. `council` is a council's code; `what_for` finds those
    whose what-for contains it (any case). One query, with each decision's topic."""
    topics = visible_topics(viewer=viewer).filter(visibility=Visibility.SHOWN, is_answered=True)
    decisions = CouncilDecision.objects.filter(topic__in=topics).select_related("topic")
    if council:
        decisions = decisions.filter(COUNCIL_SHOWN, council=council)
    if what_for_key(what_for):
        decisions = decisions.filter(what_for_key__contains=what_for_key(what_for))
    return decisions.order_by("-year", "-created", "-id")


def grouped_council_decisions(
    *, viewer: Person | None, council: str = "", what_for: str = "", limit: int = 300
) -> CouncilDecisions:
    """The newest `limit` decisions (one query), grouped: councils A to Z, and what-fors with the
    most decisions first. Within a group, the newest year first."""
    found = list(council_decisions(viewer=viewer, council=council, what_for=what_for)[: limit + 1])
    more, found = len(found) > limit, found[:limit]
    by_council: dict[str, DecisionGroup] = {}
    by_what_for: dict[str, DecisionGroup] = {}
    for decision in found:
        present_decision(decision)
        if decision.council_shown:
            by_council.setdefault(
                decision.council, DecisionGroup(decision.council, decision.council_name or "")
            ).decisions.append(decision)
        by_what_for.setdefault(
            decision.what_for_key, DecisionGroup(decision.what_for_key, decision.what_for)
        ).decisions.append(decision)
    return CouncilDecisions(
        by_council=sorted(by_council.values(), key=lambda group: group.name),
        by_what_for=sorted(
            by_what_for.values(), key=lambda group: (-len(group.decisions), group.key)
        ),
        total=len(found),
        not_named=sum(not decision.council_shown for decision in found),
        more=more,
    )


def council_decision_for(*, viewer: Person | None, topic: Topic) -> CouncilDecision | None:
    """The decision on one topic the viewer has already been allowed to see, presented for them,
    or None. None too while the question has no accepted answer: a decision is listed with its
    answer (it comes back if an answer is chosen again). One query, none when unanswered."""
    if not topic.is_answered:
        return None
    found = _DECISION_ON.run(topic_id=topic.pk)
    decision = found[0] if found else None
    if decision is not None:
        decision.topic = topic
        present_decision(decision, viewer=viewer)
    return decision


# Asked on every view of an answered question: a prepared query.
_DECISION_ON = PreparedQuery(
    lambda topic_id: CouncilDecision.objects.filter(topic_id=topic_id).order_by("pk")[:1]
)
