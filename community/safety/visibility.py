"""Whether other people see a piece of content. Each content model that can be held or hidden has
a `visibility` field with these choices; its own selectors show only SHOWN to other people."""

from django.db import models


class Visibility(models.TextChoices):
    SHOWN = "shown", "Shown"
    # A new account's first posts: seen by the author (marked "waiting for a moderator") and by
    # moderators, by nobody else, until a moderator approves it.
    WAITING = "waiting", "Waiting for a moderator"
    # Hidden automatically after enough reports, until a moderator looks at it.
    HELD = "held", "Hidden while a moderator looks at it"
    # Hidden by a moderator or the organisation's staff, with a reason.
    HIDDEN = "hidden", "Hidden by a moderator"


NOT_SHOWN = (Visibility.WAITING, Visibility.HELD, Visibility.HIDDEN)
