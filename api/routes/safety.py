"""API routes for reporting and moderating, included under /api/v1/."""

from django.urls import path

from api.views.safety import moderation, reports

urlpatterns = [
    path("reports/", reports.ReportList.as_view(), name="report-list"),
    path("moderation/cases/", moderation.CaseList.as_view(), name="moderation-case-list"),
    path(
        "moderation/cases/<int:pk>/",
        moderation.CaseDetail.as_view(),
        name="moderation-case-detail",
    ),
    path(
        "moderation/cases/<int:pk>/actions/",
        moderation.CaseAction.as_view(),
        name="moderation-case-action",
    ),
    path(
        "moderation/people/<int:pk>/actions/",
        moderation.PersonAction.as_view(),
        name="moderation-person-action",
    ),
    path("moderation/audit-log/", moderation.AuditLog.as_view(), name="moderation-audit-log"),
]
