from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "People and organisations"

    def ready(self):
        # Registers the community's periodic jobs (the daily digest).
        from community import tasks  # noqa: F401
