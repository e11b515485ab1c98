"""Noting when someone looks at a category's topics, so that a topic they never opened shows
what is new to them (forums.selectors.topics.with_unread reads it)."""

import datetime

from django.utils import timezone

from community.permissions import Person, is_signed_in
from forums.models import Category, CategoryVisit

# Coming back within this long is the same visit: the "new" marks stay while they read.
VISIT_ENDS_AFTER = datetime.timedelta(minutes=30)
# During a visit, how often the time they were last here is written down (not every page view).
NOTE_AT_MOST_EVERY = datetime.timedelta(minutes=5)


def note_category_visit(*, person: Person | None, category: Category) -> None:
    """Call before listing the category's topics: this visit's "new" starts where the last visit
    ended, so the page they are opening still shows what came since. One query, two at most
    once every few minutes."""
    if not is_signed_in(person):
        return
    now = timezone.now()
    visit = CategoryVisit.objects.filter(person=person, category=category).first()
    if visit is None:
        # A first visit from two tabs at once makes one row: the second insert is skipped.
        CategoryVisit.objects.bulk_create(
            [CategoryVisit(person=person, category=category, last_seen=now)],
            ignore_conflicts=True,
        )
        return
    away = now - visit.last_seen
    if away < NOTE_AT_MOST_EVERY:
        return
    # Only if nobody noted it meanwhile (another tab): two new visits at once would otherwise
    # make the first one's start the second one's, and the marks would be gone.
    unchanged = CategoryVisit.objects.filter(pk=visit.pk, last_seen=visit.last_seen)
    if away >= VISIT_ENDS_AFTER:
        unchanged.update(last_seen=now, new_after=visit.last_seen)
    else:
        unchanged.update(last_seen=now)
