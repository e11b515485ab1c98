from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "community.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self):
        # What the community base holds about a person, for export and erasure; the
        # data-export notification kind and the job that deletes expired exports.
        from community.safety import account_data, notification_kinds, tasks  # noqa: F401
