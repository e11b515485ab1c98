"""Public profiles, and editing one's own."""

import re

import pytest
from django.urls import reverse

from community.chat.models import Room
from community.models import Profile
from community.safety.models import Block
from community.safety.services import block_person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, advisor_of
from tests.frontend.conftest import page_text, signed_in


@pytest.fixture
def described(member):
    Profile.objects.filter(person=member).update(
        i_am="carer",
        bio_html="<p>I look after my dad.</p>",
        languages=["en", "bfi"],
        area="leeds",
    )
    return member


def test_public_profile_shows_display_name_not_real_name(client, described):
    response = client.get(reverse("person", args=[described.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rosa" in page
    assert "Rosalind Private" not in page
    assert "rosa@example.org" not in page


def test_public_profile_never_shows_real_name_or_email_even_to_the_person(member_client, described):
    page = member_client.get(reverse("person", args=[described.pk])).content.decode()
    assert "Rosalind Private" not in page
    assert "rosa@example.org" not in page


def test_public_profile_shows_what_the_person_chose_to_say(client, described):
    text = page_text(client.get(reverse("person", args=[described.pk])))
    assert "I am a carer" in text
    assert "I look after my dad." in text
    assert "British Sign Language (BSL)" in text
    assert "Leeds" in text


def test_public_profile_shows_training_badges(client, org):
    advisor = advisor_of(org, display_name="Jo")
    text = page_text(client.get(reverse("person", args=[advisor.pk])))
    assert "Trained advisor — Leeds Independent Living, since March 2025" in text


def test_public_profile_is_kept_out_of_search_engines(client, member):
    page = client.get(reverse("person", args=[member.pk])).content.decode()
    assert '<meta name="robots" content="noindex">' in page


def test_closed_and_unknown_accounts_have_no_profile_page(client, db):
    closed = PersonFactory(is_active=False)
    assert client.get(reverse("person", args=[closed.pk])).status_code == 404
    assert client.get(reverse("person", args=[closed.pk + 1000])).status_code == 404


@pytest.mark.parametrize("how_many_roles", [1, 6])
def test_public_profile_queries_do_not_grow_with_badges(
    client, db, django_assert_num_queries, how_many_roles
):
    person = PersonFactory()
    for _ in range(how_many_roles):
        MembershipFactory(person=person, organisation=OrganisationFactory())
    # The person with their profile, then their badges with organisations; then, as they are
    # trained, their helper card (five: support.selectors.helper_card, is_in_directory, the next
    # drop-in they host).
    with django_assert_num_queries(2 + HELPER_CARD_QUERIES):
        assert client.get(reverse("person", args=[person.pk])).status_code == 200


# Session, person, the profile with badges (two), whether the viewer may message them (the
# block both ways and whether they are trained), whether the viewer blocked them, and the
# header's two counts; then the helper card of a trained person.
HELPER_CARD_QUERIES = 5
SIGNED_IN_PROFILE_QUERIES = 9 + HELPER_CARD_QUERIES


@pytest.mark.parametrize("how_many_roles", [1, 6])
def test_profile_seen_by_a_member_queries_do_not_grow_with_badges(
    member_client, db, django_assert_num_queries, how_many_roles
):
    person = PersonFactory()
    for _ in range(how_many_roles):
        MembershipFactory(person=person, organisation=OrganisationFactory())
    member_client.get(reverse("person", args=[person.pk]))
    with django_assert_num_queries(SIGNED_IN_PROFILE_QUERIES):
        response = member_client.get(reverse("person", args=[person.pk]))
    assert "Send a private message" in response.content.decode()


# ---- Your profile ----


def test_your_profile_needs_signing_in(client, db):
    response = client.get(reverse("my_profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_your_profile_explains_real_name_is_private_and_links_account_pages(member_client):
    response = member_client.get(reverse("my_profile"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Rosalind Private"' in page
    assert "We never show it to other members" in page
    assert reverse("account_change_password") in page
    assert reverse("account_email") in page


def test_your_profile_saves_and_shows_on_the_public_page(client, member_client, member):
    response = member_client.post(
        reverse("my_profile"),
        {
            "display_name": "Rosa B",
            "real_name": "Rosalind Private",
            "i_am": "budget_holder",
            "bio": "I employ **two** personal assistants.",
            "languages": ["en", "pl"],
            "area": "kent",
        },
    )
    assert response.status_code == 302
    text = page_text(client.get(reverse("person", args=[member.pk])))
    assert "Rosa B" in text and "Polish" in text and "Kent" in text
    assert "I employ two personal assistants." in text


def test_profile_errors_keep_what_was_typed_and_sit_next_to_the_field(member_client, member):
    PersonFactory(display_name="Taken Name")
    response = member_client.post(
        reverse("my_profile"),
        {"display_name": "taken name", "bio": "My words stay here", "languages": ["cy"]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "My words stay here" in page
    assert re.search(r'value="cy"[^>]*checked', page)
    assert re.search(r'id="id_display_name_error">.*?Someone already uses that name', page, re.S)
    assert 'aria-describedby="id_display_name_helptext id_display_name_error"' in page
    assert 'aria-invalid="true"' in page
    assert '<a href="#id_display_name">Someone already uses that name' in page
    assert "<title>Error: Your profile" in page
    member.refresh_from_db()
    assert member.display_name == "Rosa"


def test_profile_error_on_a_group_of_choices_links_to_the_first_choice(member_client):
    response = member_client.post(
        reverse("my_profile"), {"display_name": "Rosa", "languages": ["klingon"]}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_languages_0"' in page
    assert re.search(r'<fieldset class="fieldset" aria-describedby="[^"]*id_languages_error', page)


# ---- Messaging and blocking from a profile ----


def _has_form(page: str, url: str) -> bool:
    return f'action="{url}"' in page


def test_member_can_message_an_advisor_from_their_profile(member_client, org):
    advisor = advisor_of(org, display_name="Jo")
    response = member_client.get(reverse("person", args=[advisor.pk]))
    page = response.content.decode()
    assert re.search(
        rf'<form[^>]*method="post" action="{reverse("chat_start", args=[advisor.pk])}"', page
    )
    assert "Send a private message" in page_text(response)


def test_the_message_button_opens_a_conversation(member_client, org):
    advisor = advisor_of(org, display_name="Jo")
    response = member_client.post(reverse("chat_start", args=[advisor.pk]))
    assert response["Location"] == Room.objects.get(kind=Room.Kind.PRIVATE).get_absolute_url()


def test_member_cannot_message_another_member_but_can_block_them(member_client, db):
    other = PersonFactory(display_name="Kit")
    page = member_client.get(reverse("person", args=[other.pk])).content.decode()
    assert not _has_form(page, reverse("chat_start", args=[other.pk]))
    assert _has_form(page, reverse("chat_block", args=[other.pk]))
    assert f'name="next" value="{other.get_absolute_url()}"' in page
    assert "Block Kit" in page


def test_advisor_can_message_any_member_from_their_profile(org, member):
    advisor = advisor_of(org, display_name="Jo")
    page = signed_in(advisor).get(reverse("person", args=[member.pk])).content.decode()
    assert _has_form(page, reverse("chat_start", args=[member.pk]))


def test_visitors_and_the_person_themselves_see_no_message_or_block_buttons(
    client, member_client, member, org
):
    advisor = advisor_of(org, display_name="Jo")
    for viewer, person in ((client, advisor), (member_client, member)):
        page = viewer.get(reverse("person", args=[person.pk])).content.decode()
        assert not _has_form(page, reverse("chat_start", args=[person.pk]))
        assert not _has_form(page, reverse("chat_block", args=[person.pk]))
        assert not _has_form(page, reverse("chat_unblock", args=[person.pk]))


def test_blocking_from_a_profile_returns_to_it_offering_unblock(member_client, member, org):
    advisor = advisor_of(org, display_name="Jo")
    profile = reverse("person", args=[advisor.pk])
    response = member_client.post(reverse("chat_block", args=[advisor.pk]), {"next": profile})
    assert response["Location"] == profile
    assert Block.objects.filter(blocker=member, blocked=advisor).exists()

    page = member_client.get(profile).content.decode()
    assert _has_form(page, reverse("chat_unblock", args=[advisor.pk]))
    assert not _has_form(page, reverse("chat_block", args=[advisor.pk]))
    assert not _has_form(page, reverse("chat_start", args=[advisor.pk]))
    assert "Unblock Jo" in page

    response = member_client.post(reverse("chat_unblock", args=[advisor.pk]), {"next": profile})
    assert response["Location"] == profile
    assert not Block.objects.exists()
    page = member_client.get(profile).content.decode()
    assert _has_form(page, reverse("chat_start", args=[advisor.pk]))


def test_someone_who_blocked_you_cannot_be_messaged_from_their_profile(member_client, member, org):
    advisor = advisor_of(org, display_name="Jo")
    block_person(blocker=advisor, blocked=member)
    page = member_client.get(reverse("person", args=[advisor.pk])).content.decode()
    assert not _has_form(page, reverse("chat_start", args=[advisor.pk]))
    # They were not told, and may still block in turn.
    assert _has_form(page, reverse("chat_block", args=[advisor.pk]))
