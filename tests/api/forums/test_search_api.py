"""Search and "Questions like yours" through the API: the same words as the pages (issue 13),
the existing fields kept, `is_answered` on every suggestion, queries that do not grow."""

import pytest

from forums.services.answers import accept_answer
from tests.forums.fixtures import answer, ask

pytestmark = pytest.mark.django_db

API = "/api/v1/forums"


def test_search_finds_posts_in_the_words_people_use_both_ways(client, synonyms, asker, category):
    pa = ask(asker, category, title="Holiday pay for my PA", body="Ten hours a week.")
    assistant = ask(
        asker, category, title="Help at home", body="I employ a personal assistant now."
    )
    for query in ("personal assistant", "PA", "PAs"):
        found = client.get(f"{API}/search/", {"q": query}).json()
        assert {hit["topic"]["id"] for hit in found} == {pa.pk, assistant.pk}, query
    hit = client.get(f"{API}/search/", {"q": "PA"}).json()[0]
    assert set(hit) == {
        "topic",
        "post_id",
        "post_number",
        "url",
        "title_html",
        "snippet_html",
        "rank",
    }


def test_similar_suggests_the_closer_unanswered_gym_question_first(
    client, synonyms, asker, replier, category
):
    daughter = ask(asker, category, title="Can I pay my daughter to be my PA?")
    accept_answer(person=asker, post=answer(replier, daughter))
    gym = ask(asker, category, title="Using my direct payment for a gym membership")
    found = client.get(
        f"{API}/similar/",
        {"title": "Can I use my direct payment to pay for a gym membership?"},
    ).json()
    assert found[0]["id"] == gym.pk and found[0]["is_answered"] is False
    assert daughter.pk not in [topic["id"] for topic in found]


def test_similar_puts_answered_first_among_equally_close_and_says_which(
    client, synonyms, asker, replier, category
):
    waiting = ask(asker, category, title="Holiday pay for a PA, no answer yet")
    answered = ask(asker, category, title="Holiday pay for a personal assistant")
    accept_answer(person=asker, post=answer(replier, answered))
    found = client.get(f"{API}/similar/", {"title": "How much holiday pay for my PA?"}).json()
    assert [(topic["id"], topic["is_answered"]) for topic in found] == [
        (answered.pk, True),
        (waiting.pk, False),
    ]
    assert set(found[0]) == {"id", "title", "kind", "category", "is_answered", "url"}


def test_similar_needs_a_title(client, db):
    response = client.get(f"{API}/similar/")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


@pytest.mark.parametrize("how_many", [2, 20])
def test_search_and_similar_queries_do_not_grow(
    client, synonyms, asker, category, django_assert_num_queries, how_many, rate_limits
):
    rate_limits(topic="100/600")  # more topics than one person may start in ten minutes
    for number in range(how_many):
        ask(asker, category, title=f"Paying a PA, question {number}", body="About a PA.")
    # The words that mean the same (then cached), the page of results, its posts.
    with django_assert_num_queries(3):
        found = client.get(f"{API}/search/", {"q": "personal assistant"}).json()
    assert len(found) == how_many
    # Cached words; one query for the closest topics with their categories.
    with django_assert_num_queries(1):
        similar = client.get(f"{API}/similar/", {"title": "Paying my personal assistant"}).json()
    assert len(similar) == min(how_many, 5)
