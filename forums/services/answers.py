"""The asker (or a moderator) marks one reply as the answer; choosing another replaces it."""

from django.db import transaction

from community.errors import NotAllowed
from community.models import User
from community.services.audit import record
from forums.errors import ForumError
from forums.models import Post, Topic
from forums.permissions import can_accept_answer
from forums.services.notifying import tell_answer_accepted


def accept_answer(*, person: User, post: Post) -> Topic:
    topic = post.topic
    if not can_accept_answer(person, topic):
        raise NotAllowed("Only the person who asked, or a moderator, can choose the answer.")
    if post.number == 1 or post.is_removed:
        raise ForumError("not_a_reply", "Choose one of the replies as the answer.")
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.accepted_answer_id == post.pk:
            return locked
        previous = locked.accepted_answer_id
        locked.accepted_answer, locked.is_answered = post, True
        locked.save(update_fields=["accepted_answer", "is_answered"])
        record(
            actor=person,
            action="forums.answer.accepted",
            subject=locked,
            post_id=post.pk,
            replaced_post_id=previous,
        )
        post.topic = locked
        tell_answer_accepted(post=post, accepted_by=person)
    topic.accepted_answer, topic.is_answered = post, True
    return locked


def clear_answer(*, person: User, topic: Topic) -> Topic:
    if not can_accept_answer(person, topic):
        raise NotAllowed("Only the person who asked, or a moderator, can change the answer.")
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.accepted_answer_id is None:
            return locked
        record(
            actor=person,
            action="forums.answer.cleared",
            subject=locked,
            post_id=locked.accepted_answer_id,
        )
        locked.accepted_answer, locked.is_answered = None, False
        locked.save(update_fields=["accepted_answer", "is_answered"])
    topic.accepted_answer, topic.is_answered = None, False
    return locked
