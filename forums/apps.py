from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        # Registers the forum's notification kinds, so people can choose how to hear about them,
        # and what the forums hold about a person (export and erasure), and their periodic jobs;
        # search_index keeps the SQLite search index whole after every migrate.
        from forums import (  # noqa: F401
            answering_data,
            council_data,
            freshness,
            notification_kinds,
            personal_data,
            reportable,
            search_index,
            tasks,
        )

        # Posts and topics can be reported and moderated (community.safety's registry).
        reportable.register()
        # Copies of topic pages kept for visitors are told when what they show changes.
        freshness.connect()
