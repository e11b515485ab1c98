"""Reporting a concern and moderating. Included at the site root, so each path is in full."""

from django.urls import path

from frontend.views.safety import audit, moderation, people, report

urlpatterns = [
    # Before report_concern, which would read "sent" as a kind.
    path("report/sent/<int:report_id>/", report.report_sent, name="report_sent"),
    path("report/<str:kind>/<int:object_id>/", report.report_concern, name="report_concern"),
    path("my-reports/", report.my_reports, name="my_reports"),
    path("moderation/", moderation.moderation_queue, name="moderation_queue"),
    path("moderation/audit/", audit.moderation_audit, name="moderation_audit"),
    path(
        "moderation/cases/<int:case_id>/",
        moderation.moderation_case,
        name="moderation_case",
    ),
    path(
        "moderation/people/<int:person_id>/",
        people.moderation_person,
        name="moderation_person",
    ),
    path(
        "moderation/<str:kind>/<int:object_id>/",
        moderation.moderation_thing,
        name="moderation_thing",
    ),
]
