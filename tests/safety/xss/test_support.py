"""The XSS corpus through connecting people: a request for help (written by a member, by page and
by API, read by the advisor it went to) and a part of a support plan (written by its owner, read
by someone it is shared with, and in its history). Each vector is its own request or its own plan
section, so nothing overwrites it and the pages are read once at the end."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from community.support.models import PlanSection, SupportRequest
from community.support.services.plans import share_plan, start_plan
from community.support.services.requests import ask_for_help
from tests.factories import OrganisationFactory, PersonFactory, theme
from tests.frontend.conftest import signed_in
from tests.safety.xss.checks import WITHOUT_NUL, Tally, by_door, follow_api_pages, sample
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

    for door, vector in by_door("request"):
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
    assert asked.count() == tally.stored
    # Each request's own page is the only page showing its question: a sample of them, and
    # every one of them in the advisor's API list.
    for support_request in sample(list(asked.order_by("pk"))):
        page = advisor_client.get(reverse("support_request", args=[support_request.pk]))
        tally.check_page(support_request.body, page.content.decode(), page_baseline)
    follow_api_pages(tally, api_client(advisor), "/api/v1/support-requests/")
    tally.check_page(
        "my help", advisor_client.get(reverse("my_help")).content.decode(), my_help_baseline
    )
    tally.assert_clean(at_least=WITHOUT_NUL)


def test_support_plan_sections_show_nothing_dangerous():
    owner, reader = PersonFactory(), PersonFactory()
    owner_client, reader_client, api = signed_in(owner), signed_in(reader), api_client(owner)
    parts = [part for part, _ in PlanSection.Part.choices]
    harmless = start_plan(owner=owner)
    share_plan(owner=owner, plan=harmless, person=reader)
    plan_baseline = reader_client.get(reverse("plan", args=[harmless.pk])).content.decode()
    history_baseline = reader_client.get(
        reverse("plan_section_history", args=[harmless.pk, parts[0]])
    ).content.decode()
    form_baseline = owner_client.get(
        reverse("plan_section_edit", args=[harmless.pk, parts[0]])
    ).content.decode()
    tally = Tally("support plan section")
    plans, written = [], []

    # Each vector is its own section: a plan holds one vector in each of its six parts.
    for n, (door, vector) in enumerate(by_door("plan section")):
        if n % len(parts) == 0:
            plans.append(start_plan(owner=owner))
            share_plan(owner=owner, plan=plans[-1], person=reader)
        plan, part = plans[-1], parts[n % len(parts)]
        written.append((vector, plan, part))
        if door == "page":
            edit_url = reverse("plan_section_edit", args=[plan.pk, part])
            response = owner_client.post(edit_url, {"body": vector})
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            url = f"/api/v1/plans/{plan.pk}/sections/{part}/"
            tally.api_write(vector, api.put(url, {"body": vector}, format="json"))

    shown = ""
    for plan in plans:
        page = shown = reader_client.get(reverse("plan", args=[plan.pk])).content.decode()
        tally.check_page(f"plan {plan.pk}", page, plan_baseline)
        tally.check_api(f"plan API {plan.pk}", api.get(f"/api/v1/plans/{plan.pk}/").json())
    assert "alert(1)" in shown  # the sections are on the page, as text
    for vector, plan, part in sample(written):
        history = reader_client.get(reverse("plan_section_history", args=[plan.pk, part]))
        tally.check_page(vector, history.content.decode(), history_baseline)
        url = f"/api/v1/plans/{plan.pk}/sections/{part}/history/"
        tally.check_api(vector, api.get(url).json())
    tally.assert_clean(at_least=WITHOUT_NUL)
