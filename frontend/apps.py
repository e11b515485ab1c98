from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "frontend"
    verbose_name = "Web pages"

    def ready(self):
        from django.contrib import admin

        from frontend.forms.passwords import StaffLoginForm

        # The admin site's log-in takes a password too: it counts guesses like every other door.
        admin.site.login_form = StaffLoginForm

        from django.contrib.auth.signals import user_logged_in

        from frontend.shared.support import on_login

        # Whether the header shows "My help", kept in the session (see that module).
        user_logged_in.connect(on_login, dispatch_uid="frontend.support.header")

        from frontend.shared.safety import on_login as learn_moderation

        # Whether the header shows "Moderation": log-in pays the query, not the next page.
        user_logged_in.connect(learn_moderation, dispatch_uid="frontend.safety.header")

        from frontend.shared.hosting import on_login as learn_event_tools

        # "Sessions I host" and the events dashboards: the same, for the event tools.
        user_logged_in.connect(learn_event_tools, dispatch_uid="frontend.hosting.header")
