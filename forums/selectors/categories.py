"""Categories someone may see, with topic counts and latest activity, in one query."""

from django.db.models import Count, Max, Q, QuerySet

from community.permissions import Person
from community.safety.visibility import Visibility
from forums.models import Category
from forums.permissions import can_view_category


def _visible(viewer: Person | None) -> QuerySet[Category]:
    categories = Category.objects.all()
    if not can_view_category(viewer, Category(members_only=True)):
        categories = categories.filter(members_only=False)
    return categories


def categories_for(*, viewer: Person | None) -> QuerySet[Category]:
    """Annotated with `topic_count` and `latest_activity` (None when empty): of the topics
    everyone sees and that are listed, so a waiting or hidden topic gives nothing away."""
    live = Q(topics__deleted=False, topics__unlisted=False, topics__visibility=Visibility.SHOWN)
    return (
        _visible(viewer)
        .select_related("theme")
        .annotate(
            topic_count=Count("topics", filter=live),
            latest_activity=Max("topics__last_activity", filter=live),
        )
        .order_by("position", "name")
    )


def category_for(*, viewer: Person | None, slug: str) -> Category | None:
    """None when there is no such category or this viewer may not see it (pages answer 404)."""
    return _visible(viewer).select_related("theme").filter(slug=slug).first()
