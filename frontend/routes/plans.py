"""Support plan pages, under /plans/. URL names are the contract's (plans, plan, plan_*)."""

from django.urls import path

from frontend.views.plans import pages, plan, sections, sharing

urlpatterns = [
    path("", pages.plan_list, name="plans"),
    path("start/", pages.plan_start, name="plan_start"),
    path("<int:plan_id>/", plan.plan_detail, name="plan"),
    path("<int:plan_id>/print/", pages.plan_print, name="plan_print"),
    path("<int:plan_id>/download.<str:fmt>", pages.plan_download, name="plan_download"),
    path(
        "<int:plan_id>/sections/<str:part>/",
        sections.section_edit,
        name="plan_section_edit",
    ),
    path(
        "<int:plan_id>/sections/<str:part>/history/",
        sections.section_history_page,
        name="plan_section_history",
    ),
    path("<int:plan_id>/comments/", plan.comment_add, name="plan_comment"),
    path(
        "<int:plan_id>/comments/<int:comment_id>/resolve/",
        plan.comment_resolve,
        name="plan_comment_resolve",
    ),
    path("<int:plan_id>/sharing/", sharing.sharing, name="plan_sharing"),
    path(
        "<int:plan_id>/sharing/<int:person_id>/remove/",
        sharing.share_remove,
        name="plan_share_remove",
    ),
    path(
        "<int:plan_id>/sharing/organisation/",
        sharing.organisation_can_see,
        name="plan_organisation_can_see",
    ),
    path("<int:plan_id>/partner/", sharing.partner_choose, name="plan_partner"),
    path("<int:plan_id>/partner/remove/", sharing.partner_remove, name="plan_partner_remove"),
    path("<int:plan_id>/sessions/", plan.session_book, name="plan_session_book"),
    path(
        "<int:plan_id>/sessions/<int:session_id>/cancel/",
        plan.session_cancel,
        name="plan_session_cancel",
    ),
]
