"""Find an advisor: the directory of verified advisors and support planning partners."""

import re

import pytest
from django.urls import reverse

from community.models import Profile
from community.safety.services import block_person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, advisor_of
from tests.frontend.conftest import page_text, signed_in

# A visitor's three, then the session, the person, the people kept apart by a block (one query
# for every card), and the header's unread chat and notification counts.
SIGNED_IN_DIRECTORY_QUERIES = 8


def test_directory_lists_verified_advisors_linking_to_their_profiles(client, org):
    advisor = advisor_of(org, display_name="Jo")
    response = client.get(reverse("advisors"))
    page = response.content.decode()
    assert f'<a href="{advisor.get_absolute_url()}">Jo</a>' in page
    assert "Trained advisor — Leeds Independent Living, since March 2025" in page_text(response)


def test_directory_leaves_out_unverified_organisations_and_revoked_roles(client, org):
    advisor_of(OrganisationFactory(verified=False), display_name="Unchecked")
    revoked = advisor_of(org, display_name="Former")
    revoked.memberships.update(active=False)
    text = page_text(client.get(reverse("advisors")))
    assert "Unchecked" not in text and "Former" not in text


def test_directory_never_shows_real_names_or_emails(client, org):
    advisor_of(org, display_name="Jo", real_name="Joanna Secret", email="jo@example.org")
    page = client.get(reverse("advisors")).content.decode()
    assert "Joanna Secret" not in page and "jo@example.org" not in page


def test_directory_filters_by_area_and_organisation(client, org):
    kent = OrganisationFactory(name="Kent Carers", slug="kent-carers", area="kent")
    in_leeds = advisor_of(org, display_name="Leeds Lou")
    Profile.objects.filter(person=in_leeds).update(area="leeds")
    in_kent = advisor_of(kent, display_name="Kent Kit")
    Profile.objects.filter(person=in_kent).update(area="kent")

    by_area = page_text(client.get(reverse("advisors"), {"area": "kent"}))
    assert "Kent Kit" in by_area and "Leeds Lou" not in by_area

    by_org = page_text(
        client.get(reverse("advisors"), {"organisation": "leeds-independent-living"})
    )
    assert "Leeds Lou" in by_org and "Kent Kit" not in by_org


def test_someone_with_two_roles_is_listed_once_with_both_badges(client, org):
    person = advisor_of(org, display_name="Jo")
    MembershipFactory(person=person, organisation=org, role="planning_partner")
    text = page_text(client.get(reverse("advisors")))
    assert text.count("Jo Trained advisor") == 1
    assert "Support planning partner — Leeds Independent Living" in text


@pytest.mark.parametrize("how_many", [3, 30])
def test_directory_queries_do_not_grow_with_advisors(
    client, org, django_assert_num_queries, how_many
):
    for _ in range(how_many):
        advisor_of(org)
    PersonFactory()  # someone with no role is not listed and costs nothing
    # Organisations for the filter, the count for the pager, one page of people with profiles.
    with django_assert_num_queries(3):
        assert client.get(reverse("advisors")).status_code == 200


# ---- Messaging from the directory ----


def _message_forms(page: str) -> set[str]:
    return set(re.findall(r'action="(/chat/with/\d+/)"', page))


def test_signed_in_members_can_message_each_advisor_from_the_directory(member_client, org):
    jo = advisor_of(org, display_name="Jo")
    kit = advisor_of(org, display_name="Kit")
    response = member_client.get(reverse("advisors"))
    assert _message_forms(response.content.decode()) == {
        reverse("chat_start", args=[jo.pk]),
        reverse("chat_start", args=[kit.pk]),
    }
    text = page_text(response)
    assert "Send a private message to Jo" in text and "Send a private message to Kit" in text


def test_visitors_see_no_message_buttons(client, org):
    advisor_of(org, display_name="Jo")
    assert not _message_forms(client.get(reverse("advisors")).content.decode())


def test_advisors_see_no_message_button_on_their_own_card(org):
    jo = advisor_of(org, display_name="Jo")
    kit = advisor_of(org, display_name="Kit")
    page = signed_in(jo).get(reverse("advisors")).content.decode()
    assert _message_forms(page) == {reverse("chat_start", args=[kit.pk])}


def test_no_message_button_across_a_block_either_way(member_client, member, org):
    blocked_by_me = advisor_of(org, display_name="Jo")
    blocking_me = advisor_of(org, display_name="Kit")
    open_to_me = advisor_of(org, display_name="Lou")
    block_person(blocker=member, blocked=blocked_by_me)
    block_person(blocker=blocking_me, blocked=member)
    response = member_client.get(reverse("advisors"))
    assert _message_forms(response.content.decode()) == {
        reverse("chat_start", args=[open_to_me.pk])
    }
    # Still listed: a block only stops private conversations.
    assert "Jo" in page_text(response) and "Kit" in page_text(response)


@pytest.mark.parametrize("how_many", [3, 30])
def test_directory_queries_for_a_signed_in_member_do_not_grow_with_advisors_or_blocks(
    member_client, member, org, django_assert_num_queries, how_many
):
    advisors = [advisor_of(org) for _ in range(how_many)]
    for advisor in advisors[: how_many // 3]:
        block_person(blocker=member, blocked=advisor)
    member_client.get(reverse("advisors"))  # the session is read once and settled
    with django_assert_num_queries(SIGNED_IN_DIRECTORY_QUERIES):
        response = member_client.get(reverse("advisors"))
    assert len(_message_forms(response.content.decode())) == how_many - how_many // 3
