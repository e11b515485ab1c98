"""Suspended and banned people are refused by every permission rule, because is_signed_in is."""

import datetime

import pytest
from django.utils import timezone

from community.permissions import (
    can_edit_profile,
    is_barred,
    is_moderator,
    is_signed_in,
    is_verified_advisor,
)
from community.safety.permissions import (
    can_act_on_people,
    can_read_audit_log,
    can_report,
    can_see_queue,
)
from tests.factories import OrganisationFactory, PersonFactory, advisor_of

pytestmark = pytest.mark.django_db


def _suspended(**fields):
    return PersonFactory(suspended_until=timezone.now() + datetime.timedelta(days=3), **fields)


def test_a_person_in_good_standing_is_not_barred():
    person = PersonFactory()
    assert not is_barred(person)
    assert is_signed_in(person)


def test_a_suspended_person_is_barred_until_the_suspension_ends():
    person = _suspended()
    assert is_barred(person)
    assert not is_signed_in(person)
    person.suspended_until = timezone.now() - datetime.timedelta(minutes=1)
    assert not is_barred(person)
    assert is_signed_in(person)


def test_a_banned_person_is_barred_for_good():
    person = PersonFactory(banned=True)
    assert is_barred(person)
    assert not is_signed_in(person)


def test_a_barred_moderator_loses_every_power():
    moderator = PersonFactory(is_moderator=True, banned=True)
    assert not is_moderator(moderator)
    assert not can_see_queue(moderator)
    assert not can_act_on_people(moderator)
    assert not can_read_audit_log(moderator)


def test_a_barred_advisor_is_no_longer_a_verified_advisor():
    advisor = advisor_of(OrganisationFactory())
    assert is_verified_advisor(advisor)
    advisor.suspended_until = timezone.now() + datetime.timedelta(days=1)
    assert not is_verified_advisor(advisor)


def test_a_barred_person_cannot_report_or_edit_their_profile():
    person = _suspended()
    other = PersonFactory()
    assert not can_report(person, "profile", other.pk)
    assert not can_edit_profile(person, person)
    assert can_report(PersonFactory(), "profile", other.pk)
