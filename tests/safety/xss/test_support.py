"""The XSS corpus through connecting people: a request for help (written by a member, by page and
by API, read by the advisor it went to) and a part of a support plan (written by its owner, read
by someone it is shared with, and in its history)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from community.support.models import SupportRequest
from community.support.services.plans import share_plan, start_plan
from community.support.services.requests import ask_for_help
from tests.factories import OrganisationFactory, PersonFactory, theme
from tests.frontend.conftest import signed_in
from tests.safety.xss.checks import WITHOUT_NUL, Tally, by_door
from tests.support.helpers import helper

pytestmark = pytest.mark.django_db


def api_client(person):
    api = APIClient()
    api.force_login(person)
    return api


def test_requests_for_help_show_the_advisor_nothing_dangerous():
    theme("employing-a-pa", "Employing a personal assistant (PA)")
    advisor = helper(
        OrganisationFactory(),
        specialisms=["employing-a-pa"],
        languages=["en"],
        areas=["leeds"],
        ways=["chat"],
    )
    advisor_client = signed_in(advisor)
    ask_url = reverse("ask_for_help")
    answers = {"wants": "one_off", "way_to_talk": "chat", "area": "leeds", "language": "en"}
    baseline_request = ask_for_help(
        member=PersonFactory(), advisor=advisor, body="How do I pay my PA?", **answers
    )
    page_baseline = advisor_client.get(
        reverse("support_request", args=[baseline_request.pk])
    ).content.decode()
    my_help_baseline = advisor_client.get(reverse("my_help")).content.decode()
    tally = Tally("request for help: question and access needs")

    for door, vector in by_door():
        member = PersonFactory()
        fields = {**answers, "body": vector, "access_needs": vector[:500]}
        if door == "page":
            page_client = signed_in(member)
            form_baseline = page_client.get(ask_url, {"advisor": advisor.pk}).content.decode()
            response = page_client.post(ask_url, {**fields, "advisor": advisor.pk})
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            response = api_client(member).post(
                "/api/v1/support-requests/", {**fields, "advisor_id": advisor.pk}, format="json"
            )
            tally.api_write(vector, response)

    asked = SupportRequest.objects.filter(advisor=advisor).exclude(pk=baseline_request.pk)
    for support_request in asked:
        page = advisor_client.get(reverse("support_request", args=[support_request.pk]))
        tally.check_page(support_request.body, page.content.decode(), page_baseline)
    tally.check_api("advisor's list", api_client(advisor).get("/api/v1/support-requests/").json())
    tally.check_page(
        "my help", advisor_client.get(reverse("my_help")).content.decode(), my_help_baseline
    )
    tally.assert_clean(at_least=WITHOUT_NUL)


def test_support_plan_sections_show_nothing_dangerous():
    owner, reader = PersonFactory(), PersonFactory()
    plan = start_plan(owner=owner)
    share_plan(owner=owner, plan=plan, person=reader)
    owner_client, reader_client, api = signed_in(owner), signed_in(reader), api_client(owner)
    plan_url = reverse("plan", args=[plan.pk])
    edit_url = reverse("plan_section_edit", args=[plan.pk, "about_me"])
    history_url = reverse("plan_section_history", args=[plan.pk, "about_me"])
    plan_baseline = reader_client.get(plan_url).content.decode()
    history_baseline = reader_client.get(history_url).content.decode()
    form_baseline = owner_client.get(edit_url).content.decode()
    tally = Tally("support plan section")

    for door, vector in by_door():
        if door == "page":
            response = owner_client.post(edit_url, {"body": vector})
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            url = f"/api/v1/plans/{plan.pk}/sections/about_me/"
            tally.api_write(vector, api.put(url, {"body": vector}, format="json"))
        tally.check_page(vector, reader_client.get(plan_url).content.decode(), plan_baseline)

    tally.check_page("history", reader_client.get(history_url).content.decode(), history_baseline)
    history = api.get(f"/api/v1/plans/{plan.pk}/sections/about_me/history/").json()
    tally.check_api("history API", history)
    tally.check_api("plan API", api.get(f"/api/v1/plans/{plan.pk}/").json())
    tally.assert_clean(at_least=WITHOUT_NUL)
