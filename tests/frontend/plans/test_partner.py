"""Choosing the planning partner on the sharing page: the member stops their partner seeing the
plan (at once) or chooses someone new by display name. Only the member can."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from community.models import Notification
from community.safety.services import block_person
from community.support.models import Listing, Plan
from community.support.services.plans import book_planning_session, remove_partner
from events.recurrence import LONDON
from tests.factories import PersonFactory, advisor_of, staff_of
from tests.frontend.conftest import page_text, signed_in

NOW = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


def sharing(plan) -> str:
    return reverse("plan_sharing", args=[plan.pk])


def test_the_sharing_page_names_the_partner_with_a_button_to_stop_them(member_client, plan):
    response = member_client.get(sharing(plan))
    text = page_text(response)
    assert "Your planning partner: Priya the Planner" in text
    content = response.content.decode()
    assert f'action="{reverse("plan_partner_remove", args=[plan.pk])}"' in content
    assert "Stop Priya the Planner seeing your plan</button>" in content
    assert "Choose a different planning partner" in text
    assert 'for="id_partner-display_name"' in content  # a real label


def test_stopping_the_partner_takes_the_plan_away_from_them_at_once(
    member_client, partner, partner_client, member, plan
):
    book_planning_session(
        person=member, plan=plan, starts=NOW + datetime.timedelta(days=3), minutes=60, way="phone"
    )
    assert partner_client.get(reverse("plan", args=[plan.pk])).status_code == 200

    response = member_client.post(reverse("plan_partner_remove", args=[plan.pk]), follow=True)

    text = page_text(response)
    assert "Priya the Planner can no longer see your plan." in text
    assert "Your planning sessions with them are cancelled." in text
    assert "You do not have a planning partner just now." in text
    assert Plan.objects.get(pk=plan.pk).partner is None
    assert partner_client.get(reverse("plan", args=[plan.pk])).status_code == 404
    assert partner_client.get(reverse("plan_print", args=[plan.pk])).status_code == 404


def test_stopping_the_partner_stops_their_organisations_staff_until_the_member_lets_them(
    member_client, org, plan
):
    staff_client = signed_in(staff_of(org))
    assert staff_client.get(reverse("plan", args=[plan.pk])).status_code == 200
    hint = page_text(member_client.get(sharing(plan)))
    assert f"Staff of {org.name} will not be able to either, until you let them again" in hint

    response = member_client.post(reverse("plan_partner_remove", args=[plan.pk]), follow=True)

    text = page_text(response)
    assert f"Nor can {org.name} staff, unless you let them again below." in text
    assert f"Staff of {org.name} cannot read your plan now." in text
    assert "the organisation your last partner worked with" in text
    for name in ("plan", "plan_print"):
        assert staff_client.get(reverse(name, args=[plan.pk])).status_code == 404
    member_client.post(reverse("plan_organisation_can_see", args=[plan.pk]), {"allowed": "on"})
    assert staff_client.get(reverse("plan", args=[plan.pk])).status_code == 200


def test_stopping_a_partner_who_is_already_gone_changes_nothing(member_client, member, plan):
    remove_partner(owner=member, plan=plan)
    response = member_client.post(reverse("plan_partner_remove", args=[plan.pk]))
    assert response.status_code == 302 and response["Location"] == sharing(plan)


def test_the_member_chooses_a_new_partner_by_display_name(member_client, partner, org, plan):
    newcomer = advisor_of(org, display_name="Nia New")

    response = member_client.post(
        reverse("plan_partner", args=[plan.pk]), {"partner-display_name": "  nia NEW "}
    )

    assert response.status_code == 302 and response["Location"] == sharing(plan)
    assert Plan.objects.get(pk=plan.pk).partner == newcomer
    assert Notification.objects.filter(recipient=newcomer, kind="support.plan_shared").exists()
    assert signed_in(newcomer).get(reverse("plan", args=[plan.pk])).status_code == 200
    assert signed_in(partner).get(reverse("plan", args=[plan.pk])).status_code == 404
    text = page_text(member_client.get(sharing(plan)))
    assert "Your planning partner: Nia New" in text


@pytest.mark.parametrize(
    "who, message",
    [
        ("nobody", "There is nobody on Alongside with this display name"),
        ("not trained", "is not in the list of advisors and planning partners just now"),
        ("unlisted", "is not in the list of advisors and planning partners just now"),
        ("blocked", "You cannot choose this person as your planning partner."),
    ],
)
def test_someone_who_cannot_be_chosen_is_an_error_next_to_the_field(
    member_client, member, partner, plan, who, message
):
    name = {"nobody": "Nobody Called This", "not trained": "Just Amember", "blocked": "Bo",
            "unlisted": "Una Unlisted"}[who]  # fmt: skip
    if who == "not trained":
        PersonFactory(display_name=name)
    if who == "unlisted":  # trained, taking team requests, but not in the list
        Listing.objects.create(
            person=advisor_of(plan.organisation, display_name=name), listed=False
        )
    if who == "blocked":
        block_person(blocker=member, blocked=advisor_of(plan.organisation, display_name=name))

    response = member_client.post(
        reverse("plan_partner", args=[plan.pk]), {"partner-display_name": name}
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in content
    assert 'href="#id_partner-display_name"' in content
    assert message in page_text(response)
    assert f'value="{name}"' in content  # what they typed is kept
    assert Plan.objects.get(pk=plan.pk).partner == partner


def test_an_empty_name_is_an_error(member_client, plan):
    response = member_client.post(reverse("plan_partner", args=[plan.pk]), {})
    assert response.status_code == 400
    assert "Enter the display name of the planning partner you want." in page_text(response)


def test_only_the_member_changes_the_partner(
    partner_client, reader_client, stranger_client, partner, org, plan
):
    newcomer = advisor_of(org, display_name="Nia New")
    choose = reverse("plan_partner", args=[plan.pk])
    remove = reverse("plan_partner_remove", args=[plan.pk])
    for client in (partner_client, reader_client):
        assert client.post(remove).status_code == 403
        assert client.post(choose, {"partner-display_name": "Nia New"}).status_code == 403
    assert stranger_client.post(remove).status_code == 404
    assert stranger_client.post(choose, {"partner-display_name": "Nia New"}).status_code == 404
    assert Plan.objects.get(pk=plan.pk).partner == partner
    assert newcomer.plans_as_partner.count() == 0


def test_a_plan_without_a_partner_points_the_member_to_choosing_one(member_client, member):
    member_client.post(reverse("plan_start"))
    plan = Plan.objects.get(owner=member)
    text = page_text(member_client.get(reverse("plan", args=[plan.pk])))
    assert "choose them as your planning partner" in text
    assert "Choose a planning partner" in page_text(member_client.get(sharing(plan)))
