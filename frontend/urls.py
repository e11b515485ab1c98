"""The web pages. URL names are a contract: other parts, e-mails and tests reverse them."""

from django.urls import include, path

from frontend.views import advisors, notifications, organisations, pages, people

urlpatterns = [
    path("", pages.home, name="home"),
    path("help/", pages.get_help, name="get_help"),
    path("forums/", include("frontend.routes.forums")),
    path("events/", include("frontend.routes.events")),
    path("chat/", include("frontend.routes.chat")),
    path("advisors/", advisors.advisor_directory, name="advisors"),
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", organisations.organisation_detail, name="organisation"),
    path(
        "organisations/<slug:slug>/edit/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisations/<slug:slug>/roles/",
        organisations.organisation_grant_role,
        name="organisation_grant_role",
    ),
    path(
        "organisations/<slug:slug>/roles/<int:membership_id>/revoke/",
        organisations.organisation_revoke_role,
        name="organisation_revoke_role",
    ),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("profile/", people.my_profile, name="my_profile"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path(
        "notifications/read/",
        notifications.notifications_mark_read,
        name="notifications_mark_read",
    ),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
]
