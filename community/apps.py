from django.apps import AppConfig
from django.core.validators import ProhibitNullCharactersValidator

from community.errors import HIDDEN_CHARACTER


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "People and organisations"

    def ready(self):
        # Registers the community's periodic jobs (the daily digest) and the SQLite limits hook.
        from community import sqlite, tasks  # noqa: F401

        # Django's words ("Null characters are not allowed.") are for developers. Every form
        # field and API field checks with this validator, and reads its message when it refuses.
        ProhibitNullCharactersValidator.message = HIDDEN_CHARACTER
