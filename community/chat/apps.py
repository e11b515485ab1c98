from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "community.chat"
    label = "chat"
    verbose_name = "Chat"

    def ready(self):
        # Django's hook for registering things once every app's models are loaded: the chat's
        # notification kinds, the delivery task, and messages as a kind safety can report.
        from community.chat import notification_kinds, personal_data, reportable, tasks
        from community.consumers import on_connect_send

        on_connect_send(tasks.unread_frame_for)
        del notification_kinds, personal_data, reportable
