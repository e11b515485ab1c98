"""The shared list of themes people ask about. Forum categories, events and the advisor directory
all point at these, so "employing a PA" means the same thing everywhere."""

from django.db import models


class Theme(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
