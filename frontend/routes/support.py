"""Connecting people: the directory, asking for help, requests, My help and an organisation's
view of its helpers. Included at the site root, so each path is written out in full. The plan
pages (plans, plan_*) are their own routes."""

from django.urls import path

from frontend.views.support import asking, directory, my_help, organisation_support, requests

REQUEST = "support/requests/<int:request_id>/"

urlpatterns = [
    path("advisors/", directory.advisor_directory, name="advisors"),
    path("support/ask/", asking.ask_for_help, name="ask_for_help"),
    path("support/requests/", requests.my_requests, name="my_requests"),
    path(REQUEST, requests.request_detail, name="support_request"),
    path(f"{REQUEST}accept/", requests.accept, name="support_request_accept"),
    path(f"{REQUEST}withdraw/", requests.withdraw, name="support_request_withdraw"),
    path(f"{REQUEST}close/", requests.close, name="support_request_close"),
    path(f"{REQUEST}hand-over/", requests.hand_over, name="support_request_hand_over"),
    path(f"{REQUEST}reassign/", requests.reassign, name="support_request_reassign"),
    path(f"{REQUEST}did-it-help/", requests.did_it_help, name="support_request_did_it_help"),
    path(f"{REQUEST}send-again/", requests.send_again, name="support_request_send_again"),
    path("my-help/", my_help.my_help, name="my_help"),
    path("my-help/listing/", my_help.my_listing, name="my_listing"),
    path("my-help/pause/", my_help.pause, name="my_help_pause"),
    path(
        "organisations/<slug:slug>/support/",
        organisation_support.organisation_support,
        name="organisation_support",
    ),
    path(
        "organisations/<slug:slug>/support/<int:person_id>/pause/",
        organisation_support.pause,
        name="organisation_support_pause",
    ),
]
