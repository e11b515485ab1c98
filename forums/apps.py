from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        # Registers the forum's notification kinds, so people can choose how to hear about them.
        from forums import notification_kinds  # noqa: F401
