"""When a person last looked at a category's topics, so a topic they never opened can show what is
new to them: everything written since the visit before this one (or since they joined)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CategoryVisit(models.Model):
    """One row per person and category, kept by forums.services.visits.note_category_visit.

    A visit lasts while they keep coming back to the category within a little while (reading a
    topic and coming back to the list is the same visit), so the "new" marks stay put while they
    work through them; the next visit shows only what came after this one."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_category_visits"
    )
    category = models.ForeignKey("forums.Category", on_delete=models.CASCADE, related_name="visits")
    # The latest time they looked, kept to within a few minutes (not a write per page view).
    last_seen = models.DateTimeField(default=timezone.now)
    # Where this visit's "new" starts: when the visit before it ended. None on a first visit:
    # then everything since they joined is new.
    new_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "category"], name="one_visit_per_person_and_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} looked at {self.category_id} at {self.last_seen:%Y-%m-%d %H:%M}"
