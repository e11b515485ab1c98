"""How far each person has read each topic, so lists show new replies and topics open there."""

from django.db.models.functions import Greatest
from django.utils import timezone

from community.models import User
from community.permissions import is_signed_in
from forums.models import Topic, TopicReadState
from forums.permissions import can_view_topic


def mark_topic_read(
    *, person: User, topic: Topic, up_to: int | None = None
) -> TopicReadState | None:
    """Read up to post number `up_to` (default: the whole topic). Never moves backwards, so an
    old tab cannot make read posts unread. Signed-out visitors have nothing to record."""
    if not is_signed_in(person) or not can_view_topic(person, topic):
        return None
    number = topic.last_post_number if up_to is None else min(up_to, topic.last_post_number)
    state, created = TopicReadState.objects.get_or_create(
        person=person, topic=topic, defaults={"last_read_post_number": number}
    )
    if not created and number > state.last_read_post_number:
        TopicReadState.objects.filter(pk=state.pk).update(
            last_read_post_number=Greatest("last_read_post_number", number),
            updated=timezone.now(),
        )
        state.refresh_from_db()
    return state
