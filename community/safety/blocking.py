"""Blocking reaches beyond chat: someone who blocked a person no longer hears from them, so
their replies, mentions, quotes and other news of what they did never reach the blocker."""

from community.notification_filters import register_recipient_filter
from community.safety.models import Block


def blockers_of(sender_id: int, recipient_ids: list[int]) -> set[int]:
    """Those among `recipient_ids` who blocked `sender_id`, in one query."""
    return set(
        Block.objects.filter(blocked_id=sender_id, blocker_id__in=recipient_ids).values_list(
            "blocker_id", flat=True
        )
    )


register_recipient_filter(blockers_of)
