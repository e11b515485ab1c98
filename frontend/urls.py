"""The web pages. URL names are a contract: other parts, e-mails and tests reverse them."""

from django.urls import include, path

from frontend.views import (
    account_closing,
    my_data,
    notifications,
    organisations,
    pages,
    people,
    text_size,
)

urlpatterns = [
    path("", pages.home, name="home"),
    path("help/", pages.get_help, name="get_help"),
    path("privacy/", pages.privacy, name="privacy"),
    path("house-rules/", pages.house_rules, name="house_rules"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("contact/", pages.contact, name="contact"),
    path("glossary/", pages.glossary, name="glossary"),
    path("glossary/easy-read/", pages.glossary_easy_read, name="glossary_easy_read"),
    path("text-size/", text_size.text_size, name="text_size"),
    path("forums/", include("frontend.routes.forums")),
    path("events/", include("frontend.routes.events")),
    path("chat/", include("frontend.routes.chat")),
    path("plans/", include("frontend.routes.plans")),
    path("", include("frontend.routes.support")),
    path("", include("frontend.routes.safety")),
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
    path("account/delete/", account_closing.delete_my_account, name="delete_account"),
    path("account/deleted/", account_closing.account_deleted, name="account_deleted"),
    path("account/my-data/", my_data.my_data, name="my_data"),
    path("account/my-data/<str:token>.zip", my_data.my_data_download, name="my_data_download"),
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
