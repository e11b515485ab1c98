from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "community.support"
    label = "support"
    verbose_name = "Support"

    def ready(self):
        # The support notification kinds, what support holds about a person (export and
        # erasure), and the job that expires requests nobody took.
        from community.support import notification_kinds, personal_data, tasks  # noqa: F401
