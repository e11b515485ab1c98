"""Search (what visitors may see, filters, highlighted snippets) and "Waiting for an advisor"."""

import pytest
from django.urls import reverse

from forums.services.answers import accept_answer
from tests.factories import theme
from tests.forums.factories import CategoryFactory
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import page_text, signed_in

SEARCH = reverse("forums_search")
WAITING = reverse("forums_waiting")

# ---- Search ----


def test_the_search_page_starts_empty(client, db):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "Results for" not in page_text(response)
    assert 'role="search"' in response.content.decode()


def test_search_finds_titles_and_bodies_with_highlights(client, question, replier):
    answer(replier, question, body="Your council must consider a family member as a PA.")
    response = client.get(SEARCH, {"q": "daughter"})
    page = response.content.decode()
    assert "Results for “daughter”" in page_text(response)
    assert "<mark>daughter</mark>" in page.lower()
    assert question.title.split()[0] in page_text(response)


def test_search_results_link_to_the_page_and_post_they_found(client, question, replier):
    answer(replier, question, body="Ask about exceptional circumstances.")
    page = client.get(SEARCH, {"q": "exceptional"}).content.decode()
    assert f'href="{question.get_absolute_url()}?page=1#post-2"' in page


def test_search_snippets_escape_what_people_wrote(client, asker, category):
    body = "<script>alert(1)</script> <b>receipts</b> for 5 < 6 items"
    ask(asker, category, title="Receipts for everything?", body=body)
    page = client.get(SEARCH, {"q": "receipts"}).content.decode()
    results = page.split('class="search-results"')[1]
    # Only the highlight is markup; what people wrote is text (PostgreSQL drops tags, SQLite
    # escapes them).
    assert "<script>" not in results and "<b>" not in results
    assert "5 &lt; 6" in results
    assert "<mark>receipts</mark>" in results.lower()


def test_search_never_shows_members_only_posts_to_visitors(client, member_client, private_question):
    anonymous = client.get(SEARCH, {"q": "assessment"})
    assert "Feeling low" not in anonymous.content.decode()
    assert private_question.get_absolute_url() not in anonymous.content.decode()
    assert "We did not find anything" in page_text(anonymous)
    # and the members-only category is not even offered as a filter
    assert "Mental health" not in client.get(SEARCH).content.decode()
    assert "Feeling low" in page_text(member_client.get(SEARCH, {"q": "assessment"}))


def test_search_by_category_and_answered(client, category, asker, replier):
    other = CategoryFactory(name="Carers", slug="carers")
    answered = ask(asker, category, title="Holiday pay for a PA, answered")
    accept_answer(person=asker, post=answer(replier, answered, body="Holiday is 5.6 weeks."))
    ask(asker, category, title="Holiday pay for a PA, not answered")
    ask(asker, other, title="Holiday for carers")

    only_answered = page_text(client.get(SEARCH, {"q": "holiday", "answered": "on"}))
    assert "answered" in only_answered and "not answered" not in only_answered
    assert "Holiday for carers" not in only_answered

    in_carers = page_text(client.get(SEARCH, {"q": "holiday", "category": "carers"}))
    assert "Holiday for carers" in in_carers and "Holiday pay for a PA" not in in_carers


def test_search_with_an_unknown_category_searches_everywhere(client, question):
    response = client.get(SEARCH, {"q": "daughter", "category": "atlantis"})
    assert response.status_code == 200 and "daughter" in page_text(response).lower()


def test_search_results_are_paged(client, asker, category, rate_limits):
    rate_limits(topic="100/600")  # more topics than one person may start in ten minutes
    for number in range(25):
        ask(asker, category, title=f"Timesheets question {number}", body="About timesheets.")
    first = client.get(SEARCH, {"q": "timesheets"})
    assert "Next page" in page_text(first)
    second = page_text(client.get(SEARCH, {"q": "timesheets", "page": 2}))
    assert "Previous page" in second and "Next page" not in second


def test_search_in_peoples_own_words_finds_the_others_and_says_which(
    client, synonyms, asker, category
):
    ask(asker, category, title="Holiday pay for my PA", body="She works ten hours a week.")
    ask(asker, category, title="Respite once a month", body="For my mum's carer.")
    response = client.get(SEARCH, {"q": "personal assistant"})
    text = page_text(response)
    assert "Holiday pay for my PA" in text
    assert "<mark>PA</mark>" in response.content.decode()
    assert "We also looked for words that mean the same: PA, PAs." in text
    assert "Respite once a month" in page_text(client.get(SEARCH, {"q": "short breaks"}))


def test_quoted_words_are_searched_as_written(client, synonyms, asker, category):
    ask(asker, category, title="Holiday pay for my PA", body="She works ten hours a week.")
    text = page_text(client.get(SEARCH, {"q": '"personal assistant"'}))
    assert "We did not find anything" in text and "We also looked for" not in text


@pytest.mark.parametrize("how_many", [2, 20])
def test_search_page_queries_do_not_grow_with_results(
    client, synonyms, asker, category, django_assert_num_queries, how_many, rate_limits
):
    rate_limits(topic="100/600")  # more topics than one person may start in ten minutes
    for number in range(how_many):
        ask(asker, category, title=f"Paying a PA, question {number}", body="About a PA.")
    # Session (none yet), categories for the filter, the words that mean the same (then
    # cached), the page of results, its posts with their topics and categories.
    with django_assert_num_queries(4):
        response = client.get(SEARCH, {"q": "personal assistant"})
    assert response.status_code == 200
    assert response.content.decode().count('class="search-result"') == how_many


def test_search_pages_are_kept_out_of_search_engines(client, db):
    assert '<meta name="robots" content="noindex">' in client.get(SEARCH).content.decode()


# ---- Waiting for an advisor ----


def test_advisors_see_questions_waiting_for_them_oldest_first(advisor, asker, category):
    older = ask(asker, category, title="Older question for an advisor", wants_advisor=True)
    newer = ask(asker, category, title="Newer question for an advisor", wants_advisor=True)
    ask(asker, category, title="Nobody asked for an advisor here")
    text = page_text(signed_in(advisor).get(WAITING))
    assert text.index(older.title) < text.index(newer.title)
    assert "Nobody asked for an advisor" not in text


def test_a_question_leaves_the_list_once_an_advisor_replies(advisor, asker, replier, category):
    topic = ask(asker, category, title="Question for an advisor", wants_advisor=True)
    answer(replier, topic)  # a peer's reply does not count
    assert topic.title in page_text(signed_in(advisor).get(WAITING))
    answer(advisor, topic)
    assert topic.title not in page_text(signed_in(advisor).get(WAITING))


def test_the_waiting_list_filters_by_theme(advisor, asker):
    pa_category = CategoryFactory(name="PAs", slug="pas", theme=theme())
    money = CategoryFactory(
        name="Money", slug="money", theme=theme("managing-the-money", "Managing the money")
    )
    ask(asker, pa_category, title="A question about my PA", wants_advisor=True)
    ask(asker, money, title="A question about money", wants_advisor=True)
    response = signed_in(advisor).get(WAITING, {"theme": "managing-the-money"})
    text = page_text(response)
    assert "A question about money" in text and "A question about my PA" not in text
    assert "Clear filter" in text


def test_members_cannot_see_the_waiting_list(member_client, client, db):
    assert member_client.get(WAITING).status_code == 403
    response = client.get(WAITING)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_moderators_can_see_the_waiting_list(moderator, db):
    assert signed_in(moderator).get(WAITING).status_code == 200


@pytest.mark.parametrize("how_many", [2, 20])
def test_waiting_list_queries_do_not_grow(
    advisor, asker, category, django_assert_num_queries, how_many, rate_limits
):
    rate_limits(topic="100/600")  # more topics than one person may start in ten minutes
    for number in range(how_many):
        ask(asker, category, title=f"Waiting question {number}", wants_advisor=True)
    advisor_client = signed_in(advisor)
    # Session, person, categories (for the theme filter), the advisor check, pager count,
    # the page of topics, the header's unread count.
    with django_assert_num_queries(8):
        assert advisor_client.get(WAITING).status_code == 200
