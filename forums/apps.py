from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        # Registers the forum's notification kinds, so people can choose how to hear about them,
        # and what the forums hold about a person (export and erasure).
        from forums import notification_kinds, personal_data, reportable  # noqa: F401

        # Posts and topics can be reported and moderated (community.safety's registry).
        reportable.register()
