"""Choosing who can see a plan: share by display name, take it back, and let the partner's
organisation's staff read it or not. Only the owner reaches this page."""

from django.urls import reverse

from community.models import Notification
from community.support.models import PlanShare
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text, signed_in


def test_sharing_by_display_name_ignores_capitals_and_tells_them(member_client, plan):
    aunt = PersonFactory(display_name="Auntie Jo")
    response = member_client.post(
        reverse("plan_sharing", args=[plan.pk]),
        {"display_name": "  auntie JO ", "can_comment": "on"},
    )
    assert response.status_code == 302
    share = PlanShare.objects.get(plan=plan)
    assert share.person == aunt and share.can_comment
    assert Notification.objects.filter(recipient=aunt).exists()

    text = page_text(member_client.get(reverse("plan_sharing", args=[plan.pk])))
    assert "Auntie Jo Yes" in text
    assert signed_in(aunt).get(reverse("plan", args=[plan.pk])).status_code == 200


def test_an_unknown_name_is_an_error_next_to_the_field_with_the_name_kept(member_client, plan):
    response = member_client.post(
        reverse("plan_sharing", args=[plan.pk]), {"display_name": "Nobody Called This"}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_display_name"' in content
    assert "There is nobody on Alongside with this display name" in content
    assert 'value="Nobody Called This"' in content
    assert not PlanShare.objects.exists()


def test_sharing_with_yourself_is_a_field_error(member_client, member, plan):
    response = member_client.post(
        reverse("plan_sharing", args=[plan.pk]), {"display_name": member.display_name}
    )
    assert response.status_code == 400
    assert 'href="#id_display_name"' in response.content.decode()


def test_stop_sharing_takes_the_plan_back(member_client, reader, reader_client, plan):
    url = reverse("plan_share_remove", args=[plan.pk, reader.pk])
    assert member_client.post(url).status_code == 302
    assert not PlanShare.objects.exists()
    assert reader_client.get(reverse("plan", args=[plan.pk])).status_code == 404


def test_the_owner_turns_the_organisations_view_off_and_on(member_client, staff_client, plan):
    url = reverse("plan_organisation_can_see", args=[plan.pk])
    text = page_text(member_client.get(reverse("plan_sharing", args=[plan.pk])))
    assert "Let Leeds Independent Living staff read it" in text

    member_client.post(url, {})
    plan.refresh_from_db()
    assert not plan.organisation_can_see
    assert staff_client.get(reverse("plan", args=[plan.pk])).status_code == 404

    member_client.post(url, {"allowed": "on"})
    plan.refresh_from_db()
    assert plan.organisation_can_see


def test_only_the_owner_reaches_sharing(partner_client, reader_client, reader, plan):
    assert partner_client.get(reverse("plan_sharing", args=[plan.pk])).status_code == 403
    assert reader_client.get(reverse("plan_sharing", args=[plan.pk])).status_code == 403
    remove = reverse("plan_share_remove", args=[plan.pk, reader.pk])
    assert partner_client.post(remove).status_code == 403
    assert PlanShare.objects.filter(person=reader).exists()


def test_a_plan_of_ones_own_has_no_organisation_choice(member_client, member):
    member_client.post(reverse("plan_start"))
    own = member.support_plans.get(request__isnull=True)
    text = page_text(member_client.get(reverse("plan_sharing", args=[own.pk])))
    assert "staff read it" not in text
    assert (
        member_client.post(reverse("plan_organisation_can_see", args=[own.pk])).status_code == 404
    )
