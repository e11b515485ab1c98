from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "community.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self):
        # What the community base holds about a person, for export and erasure; the
        # data-export notification kind and the job that deletes expired exports; profiles as a
        # reportable kind (the base cannot register itself); blocks as a notification filter.
        from community.safety import (  # noqa: F401
            account_data,
            blocking,
            notification_kinds,
            reportable_profiles,
            tasks,
        )
