from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "People and organisations"

    def ready(self):
        # Registers the community's periodic jobs (the daily digest) and the SQLite limits hook.
        from community import sqlite, tasks  # noqa: F401
