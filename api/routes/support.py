"""API routes for connecting people, included under /api/v1/."""

from django.urls import path

from api.views.support import directory, helping, plans, requests

urlpatterns = [
    path("advisors/", directory.AdvisorList.as_view(), name="advisor-list"),
    path("support-requests/", requests.SupportRequestList.as_view(), name="support-request-list"),
    path(
        "support-requests/<int:pk>/",
        requests.SupportRequestDetail.as_view(),
        name="support-request-detail",
    ),
    path(
        "support-requests/<int:pk>/accept/",
        requests.RequestAccept.as_view(),
        name="support-request-accept",
    ),
    path(
        "support-requests/<int:pk>/withdraw/",
        requests.RequestWithdraw.as_view(),
        name="support-request-withdraw",
    ),
    path(
        "support-requests/<int:pk>/close/",
        requests.RequestClose.as_view(),
        name="support-request-close",
    ),
    path(
        "support-requests/<int:pk>/hand-over/",
        requests.RequestHandOver.as_view(),
        name="support-request-hand-over",
    ),
    path(
        "support-requests/<int:pk>/reassign/",
        requests.RequestReassign.as_view(),
        name="support-request-reassign",
    ),
    path(
        "support-requests/<int:pk>/did-it-help/",
        requests.RequestDidItHelp.as_view(),
        name="support-request-did-it-help",
    ),
    path(
        "support-requests/<int:pk>/send-again/",
        requests.RequestSendAgain.as_view(),
        name="support-request-send-again",
    ),
    path("my-help/", helping.MyHelp.as_view(), name="my-help"),
    path("my-help/listing/", helping.MyListing.as_view(), name="my-listing"),
    path(
        "organisations/<slug:slug>/support/",
        helping.OrganisationSupport.as_view(),
        name="organisation-support",
    ),
    path(
        "organisations/<slug:slug>/support/<int:person_id>/pause/",
        helping.HelperPause.as_view(),
        name="organisation-support-pause",
    ),
    path(
        "organisations/<slug:slug>/support/<int:person_id>/resume/",
        helping.HelperResume.as_view(),
        name="organisation-support-resume",
    ),
    path("plans/", plans.PlanList.as_view(), name="plan-list"),
    path("plans/<int:pk>/", plans.PlanDetail.as_view(), name="plan-detail"),
    path(
        "plans/<int:pk>/sections/<str:part>/",
        plans.SectionEdit.as_view(),
        name="plan-section",
    ),
    path(
        "plans/<int:pk>/sections/<str:part>/history/",
        plans.SectionHistory.as_view(),
        name="plan-section-history",
    ),
    path("plans/<int:pk>/comments/", plans.PlanComments.as_view(), name="plan-comments"),
    path(
        "plans/<int:pk>/comments/<int:comment_id>/resolve/",
        plans.CommentResolve.as_view(),
        name="plan-comment-resolve",
    ),
    path("plans/<int:pk>/shares/", plans.PlanShares.as_view(), name="plan-shares"),
    path(
        "plans/<int:pk>/shares/<int:person_id>/",
        plans.PlanShareDetail.as_view(),
        name="plan-share-detail",
    ),
    path("plans/<int:pk>/partner/", plans.PlanPartner.as_view(), name="plan-partner"),
    path(
        "plans/<int:pk>/organisation-access/",
        plans.PlanOrganisationAccess.as_view(),
        name="plan-organisation-access",
    ),
    path("plans/<int:pk>/sessions/", plans.PlanSessions.as_view(), name="plan-sessions"),
    path(
        "plans/<int:pk>/sessions/<int:session_id>/cancel/",
        plans.SessionCancel.as_view(),
        name="plan-session-cancel",
    ),
]
