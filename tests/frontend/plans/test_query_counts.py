"""The plan page and the list of plans ask the database the same number of questions however
many comments, versions, shares and plans there are."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from community.support.models import PlanSection
from community.support.services.plans import (
    book_planning_session,
    comment_on_plan,
    edit_section,
    resolve_comment,
    share_plan,
    start_plan,
)
from tests.factories import PersonFactory

PARTS = PlanSection.Part.values
# Session and user; the plan, its sections, comments, shares and sessions; the unread chat and
# notification counts in the header.
PLAN_PAGE_QUERIES = 9
# Session and user, the plans (with owner and partner), the unread counts.
LIST_QUERIES = 5


def fill(plan, member, partner, how_many: int) -> None:
    for number in range(how_many):
        part = PARTS[number % len(PARTS)]
        edit_section(person=member, plan=plan, part=part, body=f"Version {number}")
        comment = comment_on_plan(
            person=partner if number % 2 else member,
            plan=plan,
            body=f"Comment {number}",
            part="" if number % 3 == 0 else part,
        )
        if number % 4 == 0:
            resolve_comment(person=member, comment=comment)
    for _ in range(how_many // 5 + 1):
        share_plan(owner=member, plan=plan, person=PersonFactory(), can_comment=True)
    book_planning_session(
        person=member,
        plan=plan,
        starts=timezone.now() + datetime.timedelta(days=how_many),
        minutes=60,
        way="phone",
    )


@pytest.mark.parametrize("how_many", [2, 20])
def test_the_plan_page_queries_do_not_grow(
    member_client, member, partner, plan, how_many, django_assert_num_queries
):
    fill(plan, member, partner, how_many)
    url = reverse("plan", args=[plan.pk])
    member_client.get(url)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = member_client.get(url)
    assert response.status_code == 200
    assert f"Comment {how_many - 1}" in response.content.decode()


@pytest.mark.parametrize("how_many", [2, 20])
def test_the_plan_page_queries_do_not_grow_for_the_partner(
    partner_client, member, partner, plan, how_many, django_assert_num_queries
):
    fill(plan, member, partner, how_many)
    url = reverse("plan", args=[plan.pk])
    partner_client.get(url)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        assert partner_client.get(url).status_code == 200


@pytest.mark.parametrize("how_many", [2, 20])
def test_the_list_of_plans_queries_do_not_grow(
    member_client, member, how_many, django_assert_num_queries
):
    for number in range(how_many):
        owner = member if number % 2 else PersonFactory()
        other = start_plan(owner=owner)
        if owner != member:
            share_plan(owner=owner, plan=other, person=member)
    member_client.get(reverse("plans"))
    with django_assert_num_queries(LIST_QUERIES):
        assert member_client.get(reverse("plans")).status_code == 200
