from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Not a cycle dodge: Django's hook for registering things once every app's models are
        # loaded (importing these at the top would load the services before the app registry is
        # ready). Registers the notification kinds, the periodic jobs, what the app holds
        # about people (export and erasure), events as something people can report, and ending
        # someone's hosting when their last role at the organisation ends.
        from events import notification_kinds, personal_data, reportable, tasks  # noqa: F401
        from events.services import occurrences  # noqa: F401
