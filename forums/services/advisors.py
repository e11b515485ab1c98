"""Questions for an advisor's answer (issue 13 point 3): telling the advisors who know about the
question's theme, "I'm answering this", and raising a question that waited too long to staff.

Who "knows about" a theme: a trained advisor or planning partner (Membership.trained()) who chose
that theme as a specialism in their directory listing (community.support's Listing), and whose
organisation has not paused them there. The forums sit below community.support, so they never
import it: they read the listing through the account's `listing` relation."""

import datetime
from collections.abc import Collection

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from community.errors import NotAllowed
from community.models import Membership, Organisation, User
from community.services.audit import record
from community.services.notifications import notify_many
from forums.errors import ForumError
from forums.freshness import topic_changed
from forums.models import AnswerClaim, Post, RaisedQuestion, Topic, Watch
from forums.notification_kinds import QUESTION_FOR_ADVISORS, QUESTION_WAITING_LONG
from forums.permissions import can_claim_question, can_view_topic, can_withdraw_claim
from forums.selectors.waiting import current_answer_claim, waiting_longer_than

# ---- Telling advisors ----


def advisors_who_know(*, theme_id: int | None) -> QuerySet[User]:
    """Open accounts with a trained role whose directory specialisms include this theme."""
    if theme_id is None:
        return User.objects.none()
    trained = Membership.objects.trained().order_by().values("person_id")
    return (
        User.objects.filter(pk__in=trained, is_active=True, listing__specialisms=theme_id)
        .filter(listing__paused_by_organisation__isnull=True)
        .distinct()
    )


def tell_advisors_about_question(
    *, post: Post, author_name: str, levels: dict[int, str], told: Collection[int | None]
) -> list[User]:
    """Called by forums.services.notifying when a question that asked for an advisor is first
    seen by everyone (posted shown, or approved by a moderator). Tells the advisors who know
    about its theme and may see it, except the asker, people already told about this post
    (`told`) and people who muted it (`levels`); answers who was told. Two queries to choose
    them, however many advisors, then one grouped send."""
    topic = post.topic
    if post.number != 1 or not topic.wants_advisor or topic.kind != Topic.Kind.QUESTION:
        return []
    advisors = [
        person
        for person in advisors_who_know(theme_id=topic.category.theme_id)
        if person.pk not in told
        and person.pk != topic.author_id
        and levels.get(person.pk) != Watch.Level.MUTED
        and can_view_topic(person, topic)
    ]
    if not advisors:
        return []
    return [
        note.recipient
        for note in notify_many(
            recipients=advisors,
            kind=QUESTION_FOR_ADVISORS.code,
            message=f"{author_name} asked for an advisor's answer: “{topic.title}”",
            url=post.get_absolute_url(),
            about=post,
            sender=post.author,
        )
    ]


# ---- "I'm answering this" ----


def claim_question(*, advisor: User, topic: Topic) -> AnswerClaim:
    """Say "I'm answering this", so other advisors know. Checked under the topic's row lock: of
    two advisors pressing at once, the second is told who was first. Pressing it again keeps the
    claim from when they first said it."""
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("category").get(pk=topic.pk)
        if not can_claim_question(advisor, topic, None):
            raise NotAllowed("Only trained advisors can say they are answering this question.")
        current = current_answer_claim(topic=topic)
        if current is not None and current.advisor_id == advisor.pk:
            return current
        if current is not None:
            raise _someone_is_answering(current)
        _end_claims_that_no_longer_show(topic)
        try:
            with transaction.atomic():
                claim = AnswerClaim.objects.create(topic=topic, advisor=advisor)
        except IntegrityError:
            # Another advisor's claim committed between our read and our insert (SQLite takes
            # no row lock): tell them whose it is.
            raise _someone_is_answering(current_answer_claim(topic=topic)) from None
        record(actor=advisor, action="forums.question.claimed", subject=topic)
    return claim


def withdraw_claim(*, advisor: User, topic: Topic) -> None:
    """Take back "I'm answering this": other advisors see the question as free again."""
    with transaction.atomic():
        current = current_answer_claim(topic=topic)
        if current is None:
            raise ForumError("not_answering", "Nobody has said they are answering this question.")
        if not can_withdraw_claim(advisor, current):
            raise NotAllowed("Only the advisor who said they are answering it can take it back.")
        AnswerClaim.objects.filter(pk=current.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended=AnswerClaim.Ended.WITHDRAWN
        )
        topic_changed(topic.pk)
        record(actor=advisor, action="forums.question.claim_withdrawn", subject=topic)


def _someone_is_answering(claim: AnswerClaim | None) -> ForumError:
    name = claim.advisor.display_name if claim is not None else "Another advisor"
    return ForumError(
        "someone_is_answering",
        f"{name} is already answering this question. You can still reply if you have "
        "something to add.",
    )


def _end_claims_that_no_longer_show(topic: Topic) -> None:
    """An open claim that no longer shows (its advisor replied, or it ran out) is closed with
    why, so the database's one-open-claim rule lets the new one in."""
    now = timezone.now()
    for claim in AnswerClaim.objects.filter(topic=topic, ended_at__isnull=True):
        replied = Post.objects.filter(
            topic=topic,
            author_id=claim.advisor_id,
            number__gt=1,
            created__gte=claim.claimed_at,
            deleted_at__isnull=True,
        ).exists()
        claim.ended_at = now
        claim.ended = AnswerClaim.Ended.REPLIED if replied else AnswerClaim.Ended.LAPSED
        claim.save(update_fields=["ended_at", "ended"])


# ---- Raising a question that waited too long ----


def organisations_covering(*, theme_id: int | None) -> list[Organisation]:
    """Verified organisations with a trained advisor or planning partner who knows about this
    theme: their staff vouch for the people who could answer. One query."""
    if theme_id is None:
        return []
    people = advisors_who_know(theme_id=theme_id).values("pk")
    roles = Membership.objects.trained().filter(person__in=people).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=roles, verified=True).order_by("name"))


def _staff_of(organisations: list[Organisation]) -> list[User]:
    now = timezone.now()
    return list(
        User.objects.filter(
            memberships__organisation__in=organisations,
            memberships__role=Membership.Role.STAFF,
            memberships__active=True,
            is_active=True,
            banned=False,
        )
        .filter(Q(suspended_until__isnull=True) | Q(suspended_until__lte=now))
        .distinct()
    )


def _moderators() -> list[User]:
    now = timezone.now()
    return list(
        User.objects.filter(Q(is_moderator=True) | Q(is_superuser=True))
        .filter(is_active=True, banned=False)
        .filter(Q(suspended_until__isnull=True) | Q(suspended_until__lte=now))
    )


def raise_long_waiting_questions(*, now: datetime.datetime | None = None) -> int:
    """Every question that has waited FORUMS_ADVISOR_WAIT_DAYS for an advisor goes, once, to the
    staff of the organisations whose advisors know about its theme (or, when none do, to the
    moderators, so no question is left with nobody). Answers how many were raised. Run by the
    task worker; the queries grow with the themes and questions raised, never with the forum."""
    now = now or timezone.now()
    days = settings.FORUMS_ADVISOR_WAIT_DAYS
    questions = list(waiting_longer_than(days=days, now=now))
    staff_by_theme: dict[int | None, tuple[list[Organisation], list[User]]] = {}
    raised = 0
    for topic in questions:
        theme_id = topic.category.theme_id
        if theme_id not in staff_by_theme:
            organisations = organisations_covering(theme_id=theme_id)
            people = _staff_of(organisations) if organisations else _moderators()
            staff_by_theme[theme_id] = (organisations, people)
        organisations, people = staff_by_theme[theme_id]
        if _raise(topic, organisations=organisations, people=people, now=now, days=days):
            raised += 1
    return raised


def _raise(
    topic: Topic,
    *,
    organisations: list[Organisation],
    people: list[User],
    now: datetime.datetime,
    days: int,
) -> bool:
    """Record it first: a second worker running at the same moment finds the row and stops."""
    try:
        with transaction.atomic():
            row = RaisedQuestion.objects.create(
                topic=topic, raised_at=now, to_moderators=not organisations
            )
            if organisations:
                row.organisations.set(organisations)
            told = [
                person
                for person in people
                if person.pk != topic.author_id and can_view_topic(person, topic)
            ]
            notify_many(
                recipients=told,
                kind=QUESTION_WAITING_LONG.code,
                message=(
                    f"“{topic.title}” has waited {days} day{'s' if days != 1 else ''} for an "
                    "advisor's answer. Could one of your advisors answer it?"
                    if organisations
                    else f"“{topic.title}” has waited {days} day{'s' if days != 1 else ''} "
                    "for an advisor's answer, and no organisation's advisors cover its theme."
                ),
                url=topic.get_absolute_url(),
                about=topic,
            )
    except IntegrityError:
        return False
    return True
