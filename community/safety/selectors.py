"""Reading blocks: who is kept apart from whom."""

from django.db.models import Q, QuerySet

from community.models import User
from community.safety.models import Block


def blocked_by(*, person: User) -> QuerySet[Block]:
    return Block.objects.filter(blocker=person).select_related("blocked").order_by("-created")


def kept_apart_ids(*, person_id: int) -> set[int]:
    """Everyone `person` blocked or was blocked by, in one query. Presence hides both ways;
    messages are hidden only from the blocker (see `hidden_authors`)."""
    rows = Block.objects.filter(Q(blocker_id=person_id) | Q(blocked_id=person_id)).values_list(
        "blocker_id", "blocked_id"
    )
    return {other for pair in rows for other in pair if other != person_id}


def hidden_authors(*, person_id: int) -> set[int]:
    """The people whose messages `person` chose not to see."""
    return set(Block.objects.filter(blocker_id=person_id).values_list("blocked_id", flat=True))


def is_blocked_between(first_id: int, second_id: int) -> bool:
    return Block.objects.filter(
        Q(blocker_id=first_id, blocked_id=second_id) | Q(blocker_id=second_id, blocked_id=first_id)
    ).exists()
