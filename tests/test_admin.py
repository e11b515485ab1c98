"""The admin site works for site admins: every registered model's list, search and add pages."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin_client(client):
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    MembershipFactory()
    return client


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda model: model._meta.label_lower
)
def test_every_admin_list_and_search_page_opens(site_admin_client, model):
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert site_admin_client.get(changelist).status_code == 200
    assert site_admin_client.get(changelist, {"q": "leeds"}).status_code == 200


def test_people_and_organisations_can_be_opened_for_editing(site_admin_client):
    from community.models import Membership

    membership = Membership.objects.select_related("person", "organisation").get()
    for url in (
        reverse("admin:community_user_change", args=[membership.person.pk]),
        reverse("admin:community_organisation_change", args=[membership.organisation.pk]),
        reverse("admin:community_user_add"),
    ):
        assert site_admin_client.get(url).status_code == 200


def test_members_cannot_open_the_admin(client):
    client.force_login(PersonFactory())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_admins_password_change_goes_to_the_page_that_counts_guesses(db):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import PersonFactory

    client = Client()
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    answer = client.get("/admin/password_change/")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("account_change_password")


def test_a_role_ended_in_the_admin_takes_the_my_help_link_away_at_once(
    site_admin_client, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from community.models import Membership
    from community.services.memberships import roles_cache_key
    from tests.factories import advisor_of

    advisor = advisor_of(Membership.objects.get().organisation)
    role = advisor.memberships.get()
    cache.set(roles_cache_key(advisor.pk), True)
    data = {
        "person": advisor.pk,
        "organisation": role.organisation_id,
        "role": role.role,
        "trained_on": role.trained_on.isoformat(),
        "trained_for": "",
    }  # "active" left out: unticked

    with django_capture_on_commit_callbacks(execute=True):
        response = site_admin_client.post(
            reverse("admin:community_membership_change", args=[role.pk]), data
        )

    assert response.status_code == 302
    assert Membership.objects.get(pk=role.pk).active is False
    assert cache.get(roles_cache_key(advisor.pk)) is None


def test_roles_deleted_in_bulk_in_the_admin_are_forgotten_at_once(
    site_admin_client, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from community.models import Membership
    from community.services.memberships import roles_cache_key
    from tests.factories import advisor_of

    advisor = advisor_of(Membership.objects.get().organisation)
    cache.set(roles_cache_key(advisor.pk), True)
    changelist = reverse("admin:community_membership_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        response = site_admin_client.post(
            changelist,
            {
                "action": "delete_selected",
                "_selected_action": [advisor.memberships.get().pk],
                "post": "yes",
            },
        )

    assert response.status_code == 302
    assert not advisor.memberships.exists()
    assert cache.get(roles_cache_key(advisor.pk)) is None
