"""Safety in the forum API (issue 10): `visibility` only for authors and moderators, waiting and
hidden things never listed for others, `locked` and the `topic_locked` refusal, and `urgent_help`
on what was just written."""

import pytest
from django.utils import timezone

from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from forums.services.posts import post_reply
from tests.factories import PersonFactory
from tests.forums.fixtures import ask

pytestmark = pytest.mark.django_db

API = "/api/v1/forums"


@pytest.fixture
def newcomer(db):
    return PersonFactory(display_name="New Nell", date_joined=timezone.now())


def test_a_new_members_topic_comes_back_waiting_and_is_not_listed_for_others(
    signed_in, newcomer, replier, moderator, category
):
    created = signed_in(newcomer).post(
        f"{API}/topics/",
        {"category": category.slug, "title": "Can I pay my sister?", "body": "She helps me."},
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["visibility"] == "waiting" and body["locked"] is False
    assert body["urgent_help"] is None
    topic_id = body["id"]

    assert signed_in(replier).get(f"{API}/topics/{topic_id}/").status_code == 404
    listed = signed_in(replier).get(f"{API}/topics/").json()["results"]
    assert topic_id not in [topic["id"] for topic in listed]
    as_moderator = signed_in(moderator).get(f"{API}/topics/{topic_id}/").json()
    assert as_moderator["visibility"] == "waiting"


def test_others_get_no_visibility_and_never_a_waiting_post(
    signed_in, asker, newcomer, replier, category
):
    topic = ask(asker, category)
    post_reply(author=replier, topic=topic, body="Shown reply")
    post_reply(author=newcomer, topic=topic, body="Waiting reply")

    posts = signed_in(asker).get(f"{API}/topics/{topic.pk}/posts/").json()["results"]
    assert [post["body"] for post in posts] == ["My council says no.", "Shown reply"]
    assert [post["visibility"] for post in posts] == ["shown", None]

    own = signed_in(newcomer).get(f"{API}/topics/{topic.pk}/posts/").json()["results"]
    assert [post["visibility"] for post in own] == [None, None, "waiting"]


def test_a_locked_topic_answers_403_with_its_code(signed_in, question, replier, moderator):
    reportable_kind("topic").actions["lock"](question.pk, moderator)

    response = signed_in(replier).post(
        f"{API}/topics/{question.pk}/posts/", {"body": "Me too"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "topic_locked"
    assert signed_in(replier).get(f"{API}/topics/{question.pk}/").json()["locked"] is True


def test_a_reply_with_words_that_suggest_risk_carries_urgent_help(signed_in, question, replier):
    response = signed_in(replier).post(
        f"{API}/topics/{question.pk}/posts/", {"body": "I feel like ending it all."}, format="json"
    )
    assert response.status_code == 201
    contacts = response.json()["urgent_help"]
    assert any("116 123" in contact["how"] for contact in contacts)


def test_a_hidden_topic_is_gone_from_the_api_for_others(signed_in, question, replier, moderator):
    reportable_kind("topic").set_visibility(question.pk, Visibility.HIDDEN, moderator)
    assert signed_in(replier).get(f"{API}/topics/{question.pk}/").status_code == 404
    assert signed_in(replier).get(f"{API}/topics/{question.pk}/posts/").status_code == 404


@pytest.mark.parametrize("waiting", [2, 20])
def test_the_posts_list_queries_do_not_grow_with_waiting_posts(
    signed_in, question, moderator, django_assert_max_num_queries, waiting
):
    for number in range(waiting):
        post_reply(
            author=PersonFactory(date_joined=timezone.now()),
            topic=question,
            body=f"Waiting {number}",
        )
    client = signed_in(moderator)
    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/topics/{question.pk}/posts/")
    assert len(response.json()["results"]) == min(waiting + 1, 20)
