"""Questions waiting for an advisor: asked for one, and no verified advisor or planning partner
has replied yet. Oldest first, so nobody waits longest."""

from django.db.models import Exists, OuterRef, QuerySet

from community.errors import NotAllowed
from community.permissions import Person
from community.selectors import badge_memberships
from forums.models import Category, Post, Topic
from forums.permissions import can_see_waiting_for_advisor
from forums.selectors.topics import visible_topics, with_unread


def waiting_for_advisor(
    *, viewer: Person | None, theme: str = "", category: Category | None = None
) -> QuerySet[Topic]:
    if not can_see_waiting_for_advisor(viewer):
        raise NotAllowed("Only trained advisors, planning partners and moderators see this list.")
    trained_people = badge_memberships().order_by().values("person_id")
    advisor_replied = Post.objects.filter(
        topic=OuterRef("pk"), deleted_at__isnull=True, author_id__in=trained_people
    )
    topics = (
        visible_topics(viewer=viewer)
        .filter(kind=Topic.Kind.QUESTION, wants_advisor=True)
        .exclude(Exists(advisor_replied))
        .select_related("category", "category__theme", "author")
    )
    if theme:
        topics = topics.filter(category__theme__slug=theme)
    if category is not None:
        topics = topics.filter(category=category)
    return with_unread(topics, viewer=viewer).order_by("created", "id")
