"""Quoting through the API: the forum's rule (forums.permissions.can_quote) decides, and its
`cannot_quote` comes back against the field the client sent, `quote_id`."""

from forums.services.posts import delete_post
from tests.forums.factories import TopicFactory
from tests.forums.fixtures import answer, ask

API = "/api/v1/forums"


def reply(api, topic, quote_id):
    return api.post(
        f"{API}/topics/{topic.pk}/posts/", {"body": "As you said", "quote_id": quote_id}
    )


def test_a_post_of_the_same_topic_is_quoted(signed_in, asker, replier, category):
    topic = ask(asker, category)
    quoted = answer(replier, topic, body="Ask for it in writing.")
    response = reply(signed_in(asker), topic, quoted.pk)
    assert response.status_code == 201
    assert "Ask for it in writing." in response.json()["body"]


def test_a_post_of_another_topic_cannot_be_quoted(signed_in, asker, replier, category):
    topic = ask(asker, category)
    other = TopicFactory(category=category)
    response = reply(signed_in(replier), topic, other.posts.get().pk)
    assert response.status_code == 400
    assert response.json() == {
        "code": "cannot_quote",
        "detail": "That post cannot be quoted here.",
        "fields": {"quote_id": ["That post cannot be quoted here."]},
    }
    assert topic.posts.count() == 1


def test_a_removed_post_cannot_be_quoted(signed_in, asker, replier, category):
    topic = ask(asker, category)
    removed = delete_post(deleted_by=replier, post=answer(replier, topic))
    response = reply(signed_in(asker), topic, removed.pk)
    assert response.status_code == 400
    assert response.json()["code"] == "cannot_quote"
    assert list(response.json()["fields"]) == ["quote_id"]


def test_a_post_that_does_not_exist_gets_the_same_answer_as_one_that_cannot_be_quoted(
    signed_in, asker, category
):
    topic = ask(asker, category)
    response = reply(signed_in(asker), topic, 999999)
    assert response.status_code == 400
    assert response.json()["code"] == "cannot_quote"
    assert response.json()["fields"] == {"quote_id": ["That post cannot be quoted here."]}
