from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Notification kinds, and the periodic jobs (reminders, keeping dates filled ahead).
        from events import notification_kinds, tasks  # noqa: F401
