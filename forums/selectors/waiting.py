"""Questions waiting for an advisor: asked for one, and no verified advisor or planning partner
has replied yet. Oldest first, so nobody waits longest. And who has said "I'm answering this"."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from community.errors import NotAllowed
from community.permissions import Person
from community.safety.visibility import Visibility
from community.selectors import badge_memberships
from forums.models import AnswerClaim, Category, Post, Topic
from forums.models.advisors import CLAIM_SHOWN_FOR
from forums.permissions import (
    can_claim_question,
    can_see_waiting_for_advisor,
    can_withdraw_claim,
)
from forums.selectors.topics import visible_topics, with_unread


def still_waiting(topics: QuerySet[Topic]) -> QuerySet[Topic]:
    """Of these topics, the questions that asked for an advisor and have no reply yet from anyone
    who holds a trained role now. The one definition: the list and the raising to staff share it."""
    trained_people = badge_memberships().order_by().values("person_id")
    advisor_replied = Post.objects.filter(
        topic=OuterRef("pk"), deleted_at__isnull=True, author_id__in=trained_people
    )
    return topics.filter(kind=Topic.Kind.QUESTION, wants_advisor=True).exclude(
        Exists(advisor_replied)
    )


def waiting_for_advisor(
    *, viewer: Person | None, theme: str = "", category: Category | None = None
) -> QuerySet[Topic]:
    """Each question is annotated with who is answering it, if someone said so:
    `answering_advisor_id`, `answering_name` and `answering_since` (None when nobody is)."""
    if not can_see_waiting_for_advisor(viewer):
        raise NotAllowed("Only trained advisors, planning partners and moderators see this list.")
    topics = still_waiting(visible_topics(viewer=viewer)).select_related(
        "category", "category__theme", "author"
    )
    if theme:
        topics = topics.filter(category__theme__slug=theme)
    if category is not None:
        topics = topics.filter(category=category)
    return with_answering(with_unread(topics, viewer=viewer)).order_by("created", "id")


def waiting_longer_than(*, days: int, now: datetime.datetime) -> QuerySet[Topic]:
    """Questions everyone can see that have waited `days` or more for an advisor, not yet
    answered, nobody is answering now, and not raised to staff before. Oldest first."""
    topics = Topic.objects.filter(
        deleted=False,
        visibility=Visibility.SHOWN,
        is_answered=False,
        created__lte=now - datetime.timedelta(days=days),
        raised_to_staff__isnull=True,
    )
    # Someone said "I'm answering this": give them until it runs out (CLAIM_SHOWN_FOR).
    being_answered = current_claims(now=now).filter(topic_id=OuterRef("pk"))
    return (
        still_waiting(topics)
        .exclude(Exists(being_answered))
        .select_related("category")
        .order_by("created", "id")
    )


# ---- "I'm answering this" ----


def current_claims(*, now: datetime.datetime | None = None) -> QuerySet[AnswerClaim]:
    """The claims that show: not ended, not older than CLAIM_SHOWN_FOR, by an open account, and
    not yet followed by their advisor's own reply in the topic (that reply ends it)."""
    now = now or timezone.now()
    replied_since = Post.objects.filter(
        topic_id=OuterRef("topic_id"),
        author_id=OuterRef("advisor_id"),
        number__gt=1,
        created__gte=OuterRef("claimed_at"),
        deleted_at__isnull=True,
    )
    return AnswerClaim.objects.filter(
        ended_at__isnull=True,
        claimed_at__gt=now - CLAIM_SHOWN_FOR,
        advisor__is_active=True,
    ).exclude(Exists(replied_since))


def current_answer_claim(*, topic: Topic) -> AnswerClaim | None:
    """Who is answering this question now, with their account; None when nobody is. One query."""
    return current_claims().filter(topic=topic).select_related("advisor").first()


@dataclass
class AnsweringState:
    """What a viewer sees of "I'm answering this" on one topic, for the page and the API alike."""

    claim: AnswerClaim | None  # who is answering, for everyone; None when nobody is
    can_claim: bool  # offer them the button
    can_withdraw: bool  # offer them "I'm no longer answering this"
    viewer: Person | None = None
    topic: Topic | None = None

    @cached_property
    def could_claim(self) -> bool:
        """A trained advisor who finds someone else answering (told they may still reply).
        Asked only by the page that says so: it costs a look at their roles."""
        if self.claim is None or self.topic is None:
            return False
        return self.claim.advisor_id != getattr(self.viewer, "pk", None) and can_claim_question(
            self.viewer, self.topic, None
        )


def answering_state(*, viewer: Person | None, topic: Topic) -> AnsweringState:
    """Nothing, and no query, for a topic that did not ask for an advisor or is answered."""
    if not (topic.kind == Topic.Kind.QUESTION and topic.wants_advisor and not topic.is_answered):
        return AnsweringState(claim=None, can_claim=False, can_withdraw=False)
    claim = current_answer_claim(topic=topic)
    return AnsweringState(
        claim=claim,
        can_claim=can_claim_question(viewer, topic, claim),
        can_withdraw=can_withdraw_claim(viewer, claim),
        viewer=viewer,
        topic=topic,
    )


def with_answering(topics: QuerySet[Topic]) -> QuerySet[Topic]:
    """Annotates who is answering each topic (see waiting_for_advisor), within the same query."""
    claims = current_claims().filter(topic_id=OuterRef("pk")).order_by()
    return topics.annotate(
        answering_advisor_id=Subquery(claims.values("advisor_id")[:1]),
        answering_name=Subquery(claims.values("advisor__display_name")[:1]),
        answering_since=Subquery(claims.values("claimed_at")[:1]),
    )
