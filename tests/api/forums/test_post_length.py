"""The API answers the forum's own `body_too_long` for a post over the limit, for every way of
writing one, instead of a serializer's generic message; the schema states the limit."""

import pytest

from forums.models.posts import BODY_MAX
from tests.forums.fixtures import ask

API = "/api/v1/forums"
TOO_LONG = "x" * (BODY_MAX + 1)
MESSAGE = "Posts can be up to 20,000 characters. Split it into two posts."


@pytest.mark.parametrize("how", ["reply", "new_topic", "edit"])
def test_a_post_over_the_limit_is_body_too_long(signed_in, asker, category, how):
    topic = ask(asker, category)
    api = signed_in(asker)
    if how == "reply":
        response = api.post(f"{API}/topics/{topic.pk}/posts/", {"body": TOO_LONG})
    elif how == "new_topic":
        fields = {"category": category.slug, "title": "A very long question", "body": TOO_LONG}
        response = api.post(f"{API}/topics/", fields)
    else:
        response = api.patch(f"{API}/posts/{topic.posts.get().pk}/", {"body": TOO_LONG})

    assert response.status_code == 400
    assert response.json() == {
        "code": "body_too_long",
        "detail": MESSAGE,
        "fields": {"body": [MESSAGE]},
    }


def test_a_post_of_exactly_the_limit_is_accepted(signed_in, asker, category):
    topic = ask(asker, category)
    response = signed_in(asker).post(f"{API}/topics/{topic.pk}/posts/", {"body": "x" * BODY_MAX})
    assert response.status_code == 201


def test_the_schema_states_the_limit_on_every_body(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    for name in [
        "ReplyRequest",
        "NewTopicRequest",
        "PatchedPostChangeRequest",
        "DraftChangeRequest",
    ]:
        assert components[name]["properties"]["body"]["maxLength"] == BODY_MAX, name
