"""New accounts: their first posts wait for approval, few links, private talk only with helpers."""

import datetime

import pytest
from django.utils import timezone

from community.errors import CommunityError
from community.safety.holds import (
    check_links,
    is_new_account,
    may_start_private_conversation,
    must_wait_for_approval,
    wait_for_approval,
)
from community.safety.models import Case
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    advisor_of,
    staff_of,
)

pytestmark = pytest.mark.django_db


def _newcomer(**fields):
    return PersonFactory(date_joined=timezone.now() - datetime.timedelta(hours=1), **fields)


def _approved(author, object_id):
    Case.objects.create(
        kind="post", object_id=object_id, author=author, state="closed", outcome="approved"
    )


def _links(count):
    return "".join(f'<p><a href="https://example.org/{n}">link</a></p>' for n in range(count))


def test_an_account_is_new_for_the_configured_days(settings):
    settings.SAFETY_NEW_ACCOUNT_DAYS = 3
    assert is_new_account(PersonFactory(date_joined=timezone.now() - datetime.timedelta(days=2)))
    assert not is_new_account(
        PersonFactory(date_joined=timezone.now() - datetime.timedelta(days=4))
    )


def test_anyone_with_a_role_is_never_new():
    assert not is_new_account(_newcomer(is_moderator=True))
    assert not is_new_account(_newcomer(is_superuser=True))
    member = _newcomer()
    MembershipFactory(person=member, role="advisor")
    assert not is_new_account(member)


def test_an_ended_role_does_not_count():
    member = _newcomer()
    MembershipFactory(person=member, role="advisor", active=False)
    assert is_new_account(member)


def test_a_new_account_waits_until_enough_posts_are_approved(settings):
    settings.SAFETY_NEW_ACCOUNT_APPROVALS = 2
    newcomer = _newcomer()
    assert must_wait_for_approval(newcomer)
    Case.objects.create(
        kind="post", object_id=1, author=newcomer, state="closed", outcome="approved"
    )
    assert must_wait_for_approval(newcomer)
    Case.objects.create(
        kind="post", object_id=2, author=newcomer, state="closed", outcome="approved"
    )
    assert not must_wait_for_approval(newcomer)


def test_established_members_never_wait():
    assert not must_wait_for_approval(PersonFactory())


def test_a_new_account_may_add_only_the_configured_number_of_links(settings):
    settings.SAFETY_NEW_ACCOUNT_LINKS = 2
    newcomer = _newcomer()
    check_links(person=newcomer, body_html=_links(2))
    with pytest.raises(CommunityError) as refused:
        check_links(person=newcomer, body_html=_links(3))
    assert refused.value.code == "too_many_links"
    assert refused.value.field == "body"
    assert "2 links" in refused.value.message


def test_established_members_may_add_any_number_of_links():
    check_links(person=PersonFactory(), body_html=_links(20))


def test_a_new_account_may_start_private_talk_only_with_trained_helpers():
    organisation = OrganisationFactory()
    newcomer = _newcomer()
    assert not may_start_private_conversation(person=newcomer, other=PersonFactory())
    assert may_start_private_conversation(person=newcomer, other=advisor_of(organisation))
    partner = PersonFactory()
    MembershipFactory(person=partner, organisation=organisation, role="planning_partner")
    assert may_start_private_conversation(person=newcomer, other=partner)
    assert may_start_private_conversation(person=newcomer, other=PersonFactory(is_moderator=True))
    assert may_start_private_conversation(person=newcomer, other=staff_of(organisation))
    unverified = OrganisationFactory(verified=False)
    assert not may_start_private_conversation(person=newcomer, other=staff_of(unverified))


def test_established_members_may_talk_privately_with_anyone():
    assert may_start_private_conversation(person=PersonFactory(), other=PersonFactory())


def test_waiting_for_approval_opens_one_case_marked_waiting():
    newcomer = _newcomer()
    organisation = OrganisationFactory()
    case = wait_for_approval(
        kind="post", object_id=7, author=newcomer, organisation_id=organisation.pk
    )
    again = wait_for_approval(kind="post", object_id=7, author=newcomer)
    assert again.pk == case.pk
    assert case.waiting_approval
    assert case.author == newcomer
    assert case.organisation == organisation
    assert Case.objects.filter(kind="post", object_id=7).count() == 1
