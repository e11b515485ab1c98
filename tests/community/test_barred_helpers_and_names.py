"""In the community base: a barred helper loses
their badges and leaves the directory; a one-word organisation name is an everyday word; the
admin's person form follows the display-name rules."""

import datetime

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from community.admin import PersonAdmin
from community.display_names import claimed_role_problem
from community.models import Membership, User
from community.permissions import is_verified_advisor
from community.selectors import badge_memberships
from community.support.selectors import directory
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of
from tests.support.helpers import helper

pytestmark = pytest.mark.django_db


def _bar(person, **fields):
    User.objects.filter(pk=person.pk).update(**fields)
    person.refresh_from_db()


BARS = {
    "banned": {"banned": True},
    "suspended": {"suspended_until": timezone.now() + datetime.timedelta(days=3)},
}


@pytest.mark.parametrize("bar", BARS, ids=list(BARS))
def test_a_barred_helper_loses_the_trained_role_and_leaves_the_directory(bar):
    organisation = OrganisationFactory(verified=True)
    barred = helper(organisation, display_name="Barred")
    helper(organisation, display_name="Still here")
    _bar(barred, **BARS[bar])
    assert not Membership.objects.trained().filter(person=barred).exists()
    assert not badge_memberships().filter(person=barred).exists()
    assert [person.display_name for person in directory()] == ["Still here"]


def test_a_suspension_that_has_ended_gives_the_role_back():
    advisor = advisor_of(OrganisationFactory(verified=True))
    _bar(advisor, suspended_until=timezone.now() - datetime.timedelta(minutes=1))
    assert Membership.objects.trained().filter(person=advisor).exists()
    # Lifting a ban brings the role back too: nothing was deleted.
    _bar(advisor, banned=True)
    _bar(advisor, banned=False)
    assert is_verified_advisor(advisor)


def test_only_organisation_names_of_two_or_more_words_are_kept_for_staff():
    mind = OrganisationFactory(name="Mind", verified=True)
    OrganisationFactory(name="Age UK", verified=True)
    member = PersonFactory()
    assert claimed_role_problem("Never Mind Sue", person=member) is None
    assert claimed_role_problem("Mind", person=member) is None
    assert claimed_role_problem("Sue from Age UK", person=member) is not None
    assert claimed_role_problem("Sue from Age UK", person=staff_of(mind)) is not None


def _admin_form(person, display_name):
    request = RequestFactory().post("/")
    request.user = PersonFactory(is_staff=True, is_superuser=True)
    form_class = PersonAdmin(User, admin.site).get_form(request, person)
    data = {"email": person.email, "display_name": display_name, "date_joined_0": "2026-01-01"}
    return form_class(data=data, instance=person)


def test_the_admin_person_form_follows_the_display_name_rules():
    member = PersonFactory()
    refused = _admin_form(member, "NHS Advisor Sue")
    assert not refused.is_valid()
    assert "Names cannot include" in refused.errors["display_name"][0]
    tidy = _admin_form(member, "  Quiet   Otter ")
    tidy.is_valid()
    assert "display_name" not in tidy.errors
    assert tidy.cleaned_data["display_name"] == "Quiet Otter"
    # A trained advisor may call themselves one, in the admin as everywhere.
    advisor = advisor_of(OrganisationFactory(verified=True))
    allowed = _admin_form(advisor, "Advisor Amir")
    allowed.is_valid()
    assert "display_name" not in allowed.errors


def test_the_admin_person_pages_still_open():
    client = Client()
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    member = PersonFactory()
    assert client.get(reverse("admin:community_user_change", args=[member.pk])).status_code == 200
    assert client.get(reverse("admin:community_user_add")).status_code == 200
