from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "community.support"
    label = "support"
    verbose_name = "Support"

    def ready(self):
        # The support notification kinds, what support holds about a person (export and
        # erasure), the job that expires requests nobody took, and requests as something
        # people can report.
        from community.support import (  # noqa: F401
            notification_kinds,
            personal_data,
            reportable,
            tasks,
        )
