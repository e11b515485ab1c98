"""Fixtures for the support plan pages: a member's plan started from their request for help,
with a planning partner from an organisation, and clients signed in as each person."""

import datetime

import pytest
from django.utils import timezone

from community.support.models import SupportRequest
from community.support.services.plans import share_plan, start_plan
from tests.factories import PersonFactory, advisor_of
from tests.frontend.conftest import signed_in


@pytest.fixture
def partner(org):
    return advisor_of(org, display_name="Priya the Planner")


@pytest.fixture
def plan_request(member, partner, org):
    return SupportRequest.objects.create(
        member=member,
        advisor=partner,
        organisation=org,
        wants=SupportRequest.Wants.PLAN,
        body="Can someone help me write my support plan?",
        state=SupportRequest.State.ACCEPTED,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )


@pytest.fixture
def plan(member, plan_request):
    return start_plan(owner=member, request=plan_request)


@pytest.fixture
def reader(member, plan):
    person = PersonFactory(display_name="Dana Daughter")
    share_plan(owner=member, plan=plan, person=person)
    return person


@pytest.fixture
def partner_client(partner):
    return signed_in(partner)


@pytest.fixture
def reader_client(reader):
    return signed_in(reader)


@pytest.fixture
def stranger_client(db):
    return signed_in(PersonFactory(display_name="Somebody Else"))
