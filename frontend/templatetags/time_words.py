"""How long ago something happened, in words: "20 minutes ago", "3 days ago", "just now"."""

import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def time_ago(moment: datetime.datetime | None) -> str:
    """Never "0 minutes ago": under a minute (or a moment still to come, from a clock a little
    ahead) is "just now". One unit only ("2 days ago", not "2 days, 3 hours ago")."""
    if moment is None:
        return ""
    now = timezone.now()
    if now - moment < datetime.timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment, now, depth=1)} ago"
