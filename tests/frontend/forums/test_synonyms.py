"""The moderators' page of words that mean the same in search: who may see it, adding, changing
and removing groups, errors shown next to the field, and search following at once."""

import pytest
from django.urls import reverse

from forums.models import Synonym, SynonymGroup
from tests.forums.fixtures import ask
from tests.forums.words import only_these_synonyms
from tests.frontend.conftest import page_text, signed_in

WORDS = reverse("forums_synonyms")
SEARCH = reverse("forums_search")


def change_url(group):
    return reverse("forums_synonym_change", args=[group.pk])


def remove_url(group):
    return reverse("forums_synonym_remove", args=[group.pk])


@pytest.fixture
def moderator_client(moderator):
    return signed_in(moderator)


@pytest.fixture
def pa_group(synonyms):
    return Synonym.objects.get(key="pa").group


def test_moderators_see_every_group_with_a_link_to_change_it(moderator_client, pa_group):
    response = moderator_client.get(WORDS)
    text = page_text(response)
    assert response.status_code == 200
    assert "Words that mean the same" in text
    assert "PA, PAs, personal assistant" in text
    assert "Groups of words (4)" in text
    assert f'href="{change_url(pa_group)}"' in response.content.decode()


def test_a_moderator_adds_a_group_and_search_finds_the_others_at_once(
    moderator_client, client, synonyms, asker, category
):
    ask(asker, category, title="Help from an OT", body="She looked at my stairs.")
    assert "Help from an OT" not in page_text(client.get(SEARCH, {"q": "occupational therapist"}))

    response = moderator_client.post(WORDS, {"words": "OT, occupational therapist"})
    assert response.status_code == 302 and response["Location"] == WORDS
    assert "The words are added" in page_text(moderator_client.get(WORDS))
    assert "Help from an OT" in page_text(client.get(SEARCH, {"q": "occupational therapist"}))


def test_a_refused_group_comes_back_with_the_reason_next_to_the_field_and_the_words_kept(
    moderator_client, synonyms
):
    response = moderator_client.post(WORDS, {"words": "helper, personal assistant"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Error:" in page_text(response)
    assert 'href="#id_words"' in page and 'id="id_words_error"' in page
    assert "“personal assistant” is already in another group (PA, PAs, personal assistant)" in (
        page_text(response)
    )
    assert "helper, personal assistant</textarea>" in page
    assert SynonymGroup.objects.count() == 4


def test_an_empty_group_is_refused_with_a_plain_message(moderator_client, synonyms):
    response = moderator_client.post(WORDS, {"words": "  "})
    assert response.status_code == 400
    assert "Write at least two words or phrases that mean the same." in page_text(response)


def test_a_moderator_changes_a_group_and_search_follows(
    moderator_client, client, pa_group, asker, category
):
    ask(asker, category, title="Looking for a support worker", body="Two hours a day.")
    form = moderator_client.get(change_url(pa_group))
    assert "PA, PAs, personal assistant</textarea>" in form.content.decode()

    response = moderator_client.post(
        change_url(pa_group), {"words": "PA, PAs, personal assistant, support worker"}
    )
    assert response.status_code == 302 and response["Location"] == WORDS
    assert "Looking for a support worker" in page_text(client.get(SEARCH, {"q": "PA"}))


def test_a_refused_change_keeps_what_was_typed(moderator_client, pa_group):
    response = moderator_client.post(change_url(pa_group), {"words": "PA, P.A."})
    assert response.status_code == 400
    assert "“P.A.” has characters search cannot use" in page_text(response)
    assert "PA, P.A.</textarea>" in response.content.decode()


def test_a_moderator_removes_a_group_and_search_finds_only_the_words_typed(
    moderator_client, client, pa_group, asker, category
):
    ask(asker, category, title="Holiday pay for my PA", body="Ten hours a week.")
    response = moderator_client.post(remove_url(pa_group))
    assert response.status_code == 302
    assert "no longer treats “PA, PAs, personal assistant” as the same" in page_text(
        moderator_client.get(WORDS)
    )
    assert not SynonymGroup.objects.filter(pk=pa_group.pk).exists()
    assert "We did not find anything" in page_text(client.get(SEARCH, {"q": "personal assistant"}))


def test_removing_needs_a_post(moderator_client, pa_group):
    assert moderator_client.get(remove_url(pa_group)).status_code == 405


def test_members_are_refused_and_visitors_asked_to_log_in(member_client, client, pa_group):
    for url in (WORDS, change_url(pa_group)):
        assert member_client.get(url).status_code == 403
        visitor = client.get(url)
        assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]
    assert member_client.post(WORDS, {"words": "OT, occupational therapist"}).status_code == 403
    assert member_client.post(change_url(pa_group), {"words": "PA, helper"}).status_code == 403
    assert member_client.post(remove_url(pa_group)).status_code == 403
    assert SynonymGroup.objects.filter(pk=pa_group.pk).exists()
    assert not Synonym.objects.filter(key__in=["ot", "helper"]).exists()


def test_a_group_that_is_not_there_is_not_found(moderator_client, synonyms):
    assert moderator_client.get(reverse("forums_synonym_change", args=[9999])).status_code == 404
    assert moderator_client.post(reverse("forums_synonym_remove", args=[9999])).status_code == 404


def test_moderators_find_the_page_from_moderation_and_from_search(moderator_client, member_client):
    assert f'href="{WORDS}"' in moderator_client.get(reverse("moderation_queue")).content.decode()
    assert f'href="{WORDS}"' in moderator_client.get(SEARCH).content.decode()
    assert f'href="{WORDS}"' not in member_client.get(SEARCH).content.decode()


@pytest.mark.parametrize("how_many", [2, 20])
def test_the_page_of_groups_takes_the_same_queries_however_many(
    moderator_client, django_assert_num_queries, how_many
):
    only_these_synonyms(*(f"word{number}, other{number}" for number in range(how_many)))
    # Session, person, the groups, their words, the header's unread chat and notifications.
    with django_assert_num_queries(6):
        assert moderator_client.get(WORDS).status_code == 200
