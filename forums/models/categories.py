"""Categories: the shelves topics sit on, each open to everyone or to signed-in members only."""

from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, help_text="One or two plain-English sentences.")
    theme = models.ForeignKey(
        "community.Theme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_categories",
    )
    members_only = models.BooleanField(
        default=False,
        help_text="Only signed-in members can see it; hidden from visitors and search engines.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/forums/c/{self.slug}/"
