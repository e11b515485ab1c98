"""Recording what a council decided about an answered question, changing it and removing it.

The checks on what was typed (`clean_*`) are here too, so the page's form shows every problem at
once and the API says the same words.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from community.areas import AREA_NAMES
from community.errors import HIDDEN_CHARACTER, NotAllowed
from community.models import User
from community.services.audit import record
from forums.errors import ForumError
from forums.models import CouncilDecision, Topic
from forums.models.councils import FIRST_YEAR, TRIMMED, WHAT_FOR_MAX, what_for_key
from forums.permissions import can_choose_to_share_council, can_tell_council_decision

NOT_ALLOWED = (
    "Only the person who asked, a trained advisor or a moderator can say what the council "
    "decided. If the question was asked without a name, only the person who asked can."
)


# ---- What was typed ----


def clean_council(council: str) -> str:
    if council not in AREA_NAMES:
        raise ForumError("unknown_council", "Choose the council from the list.", field="council")
    return council


def clean_outcome(outcome: str) -> str:
    if outcome not in CouncilDecision.Outcome.values:
        raise ForumError(
            "unknown_outcome",
            "Choose whether the council agreed, refused or partly agreed.",
            field="outcome",
        )
    return outcome


def this_year() -> int:
    return timezone.localdate().year  # UK time: a decision on 1 January is that year's


def clean_year(year: int) -> int:
    if year > this_year():
        raise ForumError(
            "year_in_future",
            f"The year cannot be in the future. Enter {this_year()} or earlier.",
            field="year",
        )
    if year < FIRST_YEAR:
        raise ForumError(
            "year_too_early",
            f"Direct payments began in {FIRST_YEAR}. Enter {FIRST_YEAR} or later.",
            field="year",
        )
    return year


def clean_what_for(what_for: str) -> str:
    """Spaces squeezed and quotes taken off; the words and their capitals as typed."""
    if "\x00" in (what_for or ""):
        raise ForumError("hidden_character", HIDDEN_CHARACTER, field="what_for")
    what_for = " ".join((what_for or "").split()).strip(TRIMMED)
    if not what_for:
        raise ForumError(
            "what_for_empty",
            "Say in a few words what it was for, like “gym membership”.",
            field="what_for",
        )
    if len(what_for) > WHAT_FOR_MAX:
        raise ForumError(
            "what_for_too_long",
            f"Keep it to {WHAT_FOR_MAX} characters or fewer, like “gym membership”.",
            field="what_for",
        )
    return what_for


# ---- Changing state ----


def record_council_decision(
    *,
    person: User,
    topic: Topic,
    council: str,
    outcome: str,
    year: int,
    what_for: str,
    share_council: bool = False,
) -> CouncilDecision:
    _check_may_record(person, topic)
    what_for = clean_what_for(what_for)
    decision = CouncilDecision(
        topic=topic,
        council=clean_council(council),
        outcome=clean_outcome(outcome),
        year=clean_year(year),
        what_for=what_for,
        what_for_key=what_for_key(what_for),
        share_council=_sharing(person, topic, share_council, was=False),
        added_by=person,
    )
    try:
        with transaction.atomic():
            _answered_topic_locked(topic)
            if CouncilDecision.objects.filter(topic=topic).exists():
                raise _already_recorded()
            decision.save()
            _audit(person, "recorded", decision)
    except IntegrityError as error:  # recorded at the same moment by someone else
        raise _already_recorded() from error
    return decision


def change_council_decision(
    *,
    person: User,
    topic: Topic,
    council: str | None = None,
    outcome: str | None = None,
    year: int | None = None,
    what_for: str | None = None,
    share_council: bool | None = None,
) -> CouncilDecision:
    """Only what is given changes; None keeps what was there."""
    _check_may_record(person, topic)
    with transaction.atomic():
        _answered_topic_locked(topic)
        decision = _decision_locked(topic)
        if council is not None:
            decision.council = clean_council(council)
        if outcome is not None:
            decision.outcome = clean_outcome(outcome)
        if year is not None:
            decision.year = clean_year(year)
        if what_for is not None:
            decision.what_for = clean_what_for(what_for)
            decision.what_for_key = what_for_key(decision.what_for)
        if share_council is not None:
            decision.share_council = _sharing(
                person, topic, share_council, was=decision.share_council
            )
        decision.updated = timezone.now()
        decision.save()
        _audit(person, "changed", decision)
    return decision


def remove_council_decision(*, person: User, topic: Topic) -> None:
    _check_may_record(person, topic)
    with transaction.atomic():
        _answered_topic_locked(topic)
        decision = _decision_locked(topic)
        _audit(person, "removed", decision)
        decision.delete()


# ---- The rules ----


def _check_may_record(person: User, topic: Topic) -> None:
    if not can_tell_council_decision(person, topic):
        raise NotAllowed(NOT_ALLOWED)
    if not topic.is_answered:
        raise _not_answered()


def _answered_topic_locked(topic: Topic) -> Topic:
    """The answer may have been un-marked since the page was opened: checked again, under the
    topic's lock, so the decision never lands on a question without an answer."""
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    if not locked.is_answered:
        raise _not_answered()
    return locked


def _decision_locked(topic: Topic) -> CouncilDecision:
    decision = CouncilDecision.objects.select_for_update().filter(topic=topic).first()
    if decision is None:
        raise ForumError(
            "no_council_decision", "Nobody has said what the council decided about this yet."
        )
    return decision


def _sharing(person: User, topic: Topic, wanted: bool, *, was: bool) -> bool:
    """Whether a question asked without a name shows its council. Only the asker may change
    that; for a question with a name it means nothing, and stays off."""
    if not topic.anonymous:
        return False
    if wanted != was and not can_choose_to_share_council(person, topic):
        raise ForumError(
            "only_asker_shares_council",
            "Only the person who asked can choose whether their council is shown.",
            field="share_council",
        )
    return wanted


def _not_answered() -> ForumError:
    return ForumError(
        "question_not_answered",
        "You can add what the council decided once the question has an accepted answer.",
    )


def _already_recorded() -> ForumError:
    return ForumError(
        "council_decision_exists",
        "Someone has already said what the council decided. You can change it instead.",
    )


def _audit(person: User, what: str, decision: CouncilDecision) -> None:
    record(
        actor=person,
        action=f"forums.council_decision.{what}",
        subject=decision.topic,
        council=decision.council,
        outcome=decision.outcome,
        year=decision.year,
        what_for=decision.what_for,
    )
