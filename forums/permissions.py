"""Who may do what in the forums: one predicate per rule, used by services, pages and the API.

Each takes the acting person first (which may be anonymous). Services call them before changing
anything; adapters call them only to decide what to show.
"""

from community.permissions import (
    Person,
    is_moderator,
    is_signed_in,
    is_verified_advisor,
    is_verified_planning_partner,
)
from community.safety.visibility import Visibility
from forums.models import AnswerClaim, Category, Post, Topic


def sees_unshown(viewer: Person | None, author_id: int | None) -> bool:
    """Whether this viewer sees a waiting, held or hidden thing: its author (marked) and
    moderators. Everyone else sees only what is shown."""
    if is_moderator(viewer):
        return True
    return is_signed_in(viewer) and author_id is not None and author_id == viewer.pk


def can_view_category(viewer: Person | None, category: Category) -> bool:
    """Members-only categories are for signed-in, active members; everything else is public."""
    return not category.members_only or is_signed_in(viewer)


def can_view_topic(viewer: Person | None, topic: Topic) -> bool:
    return (
        not topic.deleted
        and can_view_category(viewer, topic.category)
        and (topic.visibility == Visibility.SHOWN or sees_unshown(viewer, topic.author_id))
    )


def can_view_post(viewer: Person | None, post: Post) -> bool:
    return can_view_topic(viewer, post.topic) and (
        post.visibility == Visibility.SHOWN or sees_unshown(viewer, post.author_id)
    )


def can_start_topic(person: Person | None, category: Category) -> bool:
    return is_signed_in(person) and can_view_category(person, category)


def can_reply(person: Person | None, topic: Topic) -> bool:
    """A locked topic takes no new replies, except from moderators."""
    return (
        is_signed_in(person) and can_view_topic(person, topic) and not is_closed_to(person, topic)
    )


def is_closed_to(person: Person | None, topic: Topic) -> bool:
    """A locked topic is closed to everyone's replies but moderators'."""
    return topic.locked and not is_moderator(person)


def can_quote(person: Person | None, post: Post, topic: Topic) -> bool:
    """A reply to `topic` may quote a post of that same topic that is still there: anyone who may
    reply there may quote it."""
    return (
        post.topic_id == topic.pk
        and not post.is_removed
        and post.visibility == Visibility.SHOWN
        and can_reply(person, topic)
    )


def is_author(person: Person | None, post: Post) -> bool:
    return is_signed_in(person) and post.author_id is not None and post.author_id == person.pk


def can_edit_post(person: Person | None, post: Post) -> bool:
    return not post.is_removed and (is_author(person, post) or is_moderator(person))


def can_delete_post(person: Person | None, post: Post) -> bool:
    return not post.is_removed and (is_author(person, post) or is_moderator(person))


def can_see_post_history(viewer: Person | None, post: Post) -> bool:
    """Earlier versions may hold what someone chose to take back: only they and moderators."""
    return is_author(viewer, post) or is_moderator(viewer)


def can_mark_helped(person: Person | None, post: Post) -> bool:
    return (
        is_signed_in(person)
        and not post.is_removed
        and not is_author(person, post)
        and can_view_topic(person, post.topic)
    )


def can_accept_answer(person: Person | None, topic: Topic) -> bool:
    """The asker, or a moderator, chooses the answer to a question."""
    if topic.kind != Topic.Kind.QUESTION or not can_view_topic(person, topic):
        return False
    asker = is_signed_in(person) and topic.author_id == person.pk
    return asker or is_moderator(person)


def can_tell_council_decision(person: Person | None, topic: Topic) -> bool:
    """Who may say what the council decided about a question: the asker, a moderator, or a
    trained advisor (who often hears the outcome at a drop-in). A question asked without a name
    is the asker's alone (and moderators'): its council could point to them, and only they may
    choose to share it."""
    if not is_signed_in(person) or not can_view_topic(person, topic):
        return False
    if topic.author_id == person.pk or is_moderator(person):
        return True
    return not topic.anonymous and is_verified_advisor(person)


def can_choose_to_share_council(person: Person | None, topic: Topic) -> bool:
    """Whether a question asked without a name shows its council is its asker's choice alone;
    a question asked with a name has no such choice (its council is shown)."""
    return topic.anonymous and is_signed_in(person) and topic.author_id == person.pk


def can_record_council_decision(person: Person | None, topic: Topic) -> bool:
    """Adding, changing or removing it: only once the question has an accepted answer."""
    return topic.is_answered and can_tell_council_decision(person, topic)


def can_see_anonymous_author(viewer: Person | None) -> bool:
    """Who wrote a topic 'without their name' is known to moderators and nobody else."""
    return is_moderator(viewer)


def can_see_waiting_for_advisor(viewer: Person | None) -> bool:
    return (
        is_verified_advisor(viewer) or is_verified_planning_partner(viewer) or is_moderator(viewer)
    )


def can_claim_question(
    person: Person | None, topic: Topic, current_claim: AnswerClaim | None
) -> bool:
    """A trained advisor or planning partner may say "I'm answering this" on a question that
    asked for an advisor, is not answered, takes their reply, and nobody else has said it of
    (`current_claim`: forums.selectors.waiting.current_answer_claim). Not on their own question."""
    return (
        topic.kind == Topic.Kind.QUESTION
        and topic.wants_advisor
        and not topic.is_answered
        and current_claim is None
        and is_signed_in(person)
        and topic.author_id != person.pk
        and can_reply(person, topic)
        and (is_verified_advisor(person) or is_verified_planning_partner(person))
    )


def can_withdraw_claim(person: Person | None, claim: AnswerClaim | None) -> bool:
    """Only the advisor who said it can take back "I'm answering this"."""
    return claim is not None and is_signed_in(person) and claim.advisor_id == person.pk


def can_watch(person: Person | None, category: Category) -> bool:
    return is_signed_in(person) and can_view_category(person, category)


def can_change_search_words(person: Person | None) -> bool:
    """The words search treats as the same change what everyone finds: moderators only."""
    return is_moderator(person)
