"""The forum API: thin over the domain, errors as {"code", "detail"}, visibility everywhere."""

import pytest
from django.core import mail

from community.models import Notification
from forums.models import Reaction, Topic
from forums.services.posts import post_reply
from forums.services.topics import start_topic
from tests.factories import PersonFactory
from tests.forums.factories import CategoryFactory, TopicFactory, add_replies

pytestmark = pytest.mark.django_db

API = "/api/v1/forums"


@pytest.fixture
def hidden_topic(private_category):
    return TopicFactory(
        category=private_category,
        title="Hearing voices and my budget",
        opening="A private worry about my direct payment",
    )


def test_categories_list_counts_and_hides_members_only_ones_from_visitors(
    client, signed_in, category, private_category, replier
):
    TopicFactory(category=category)
    visitor = client.get(f"{API}/categories/").json()
    member = signed_in(replier).get(f"{API}/categories/").json()

    assert [c["slug"] for c in visitor] == ["employing-a-pa"]
    assert visitor[0]["topic_count"] == 1 and visitor[0]["latest_activity"]
    assert {c["slug"] for c in member} == {"employing-a-pa", "mental-health"}


def test_members_only_content_is_not_found_by_visitors_anywhere_in_the_api(
    client, hidden_topic, private_category
):
    post = hidden_topic.posts.get()
    for url in (
        f"{API}/categories/mental-health/",
        f"{API}/topics/{hidden_topic.pk}/",
        f"{API}/topics/{hidden_topic.pk}/posts/",
        f"{API}/posts/{post.pk}/",
        f"{API}/topics/?category=mental-health",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
    assert client.get(f"{API}/topics/").json()["results"] == []
    assert client.get(f"{API}/search/", {"q": "private worry"}).json() == []
    body = client.get(f"{API}/search/", {"q": "direct payment"}).content.decode()
    assert "private worry" not in body and "Hearing voices" not in body


def test_members_see_members_only_topics(signed_in, replier, hidden_topic):
    api = signed_in(replier)
    assert api.get(f"{API}/topics/{hidden_topic.pk}/").status_code == 200
    hits = api.get(f"{API}/search/", {"q": "private worry"}).json()
    assert [hit["topic"]["id"] for hit in hits] == [hidden_topic.pk]


def test_a_member_asks_a_question_and_the_author_watches_it(signed_in, asker, category):
    response = signed_in(asker).post(
        f"{API}/topics/",
        {
            "category": "employing-a-pa",
            "title": "Can I pay my daughter as my PA?",
            "body": "She lives with me. **Help**",
            "wants_advisor": True,
        },
        format="json",
    )

    assert response.status_code == 201
    data = response.json()
    assert data["kind"] == "question" and data["wants_advisor"] is True
    assert data["opening_post"]["number"] == 1
    assert "<strong>Help</strong>" in data["opening_post"]["body_html"]
    assert data["watch_level"] == "watching"
    assert data["url"] == f"/forums/t/{data['id']}/can-i-pay-my-daughter-as-my-pa/"


def test_validation_errors_name_the_field(signed_in, asker, category):
    response = signed_in(asker).post(
        f"{API}/topics/",
        {"category": "employing-a-pa", "title": "PA?", "body": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "title_too_short"
    assert "title" in response.json()["fields"]


def test_visitors_must_sign_in_to_post(client, category):
    topic = TopicFactory(category=category)
    response = client.post(f"{API}/topics/{topic.pk}/posts/", {"body": "hi"}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_anonymous_topics_never_reveal_the_author_in_the_api(
    signed_in, asker, replier, moderator, category
):
    topic = start_topic(
        author=asker,
        category=category,
        title="Worried my council reads this",
        body="Can they?",
        anonymous=True,
    )
    post_reply(author=asker, topic=topic, body="Adding more detail")
    api = signed_in(replier)
    for url in (
        f"{API}/topics/",
        f"{API}/topics/{topic.pk}/",
        f"{API}/topics/{topic.pk}/posts/",
        f"{API}/search/?q=council",
    ):
        body = api.get(url).content.decode()
        assert "Kestrel" not in body and asker.real_name not in body and asker.email not in body
        assert f'"author":{{"id":{asker.pk}' not in body.replace(" ", "")
    posts = api.get(f"{API}/topics/{topic.pk}/posts/").json()["results"]
    assert [p["author"] for p in posts] == [
        {"id": None, "display_name": "A member", "badges": []}
    ] * 2

    seen_by_moderator = signed_in(moderator).get(f"{API}/topics/{topic.pk}/").json()
    assert seen_by_moderator["author"] == {"id": asker.pk, "display_name": "Kestrel"}


def test_replying_with_a_quote_and_the_watcher_is_notified(signed_in, asker, replier, category):
    topic = start_topic(
        author=asker, category=category, title="Holiday pay for my PA", body="How much?"
    )
    opening = topic.posts.get()
    response = signed_in(replier).post(
        f"{API}/topics/{topic.pk}/posts/",
        {"body": "12.07% of hours worked", "quote_id": opening.pk},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["number"] == 2
    assert "<blockquote>" in response.json()["body_html"]
    assert Notification.objects.filter(recipient=asker, kind="forums.reply").count() == 1


def test_advisor_replies_carry_their_badge(signed_in, asker, advisor, category):
    topic = start_topic(author=asker, category=category, title="Holiday pay for PAs", body="?")
    post_reply(author=advisor, topic=topic, body="As an advisor: 12.07%.")

    posts = signed_in(asker).get(f"{API}/topics/{topic.pk}/posts/").json()["results"]
    badges = posts[1]["author"]["badges"]
    assert badges[0]["role"] == "advisor"
    assert badges[0]["organisation"]["name"] == "Calder Valley Collective"


def test_posts_are_cursor_paged_oldest_first(client, category):
    topic = TopicFactory(category=category)
    add_replies(topic, 44)
    first = client.get(f"{API}/topics/{topic.pk}/posts/").json()
    second = client.get(first["next"]).json()
    assert [p["number"] for p in first["results"]] == list(range(1, 21))
    assert [p["number"] for p in second["results"]] == list(range(21, 41))


def test_editing_deleting_and_history(signed_in, asker, replier, category):
    topic = start_topic(author=asker, category=category, title="Prepaid card problems", body="v1")
    reply = post_reply(author=replier, topic=topic, body="first try")
    api = signed_in(replier)

    edited = api.patch(f"{API}/posts/{reply.pk}/", {"body": "second try"}, format="json")
    assert edited.status_code == 200 and edited.json()["is_edited"] is True
    history = api.get(f"{API}/posts/{reply.pk}/history/").json()
    assert [r["body"] for r in history] == ["first try", "second try"]
    assert signed_in(asker).get(f"{API}/posts/{reply.pk}/history/").status_code == 403

    assert signed_in(replier).delete(f"{API}/posts/{reply.pk}/").status_code == 204
    removed = signed_in(asker).get(f"{API}/posts/{reply.pk}/").json()
    assert removed["is_removed"] and removed["body"] == ""
    assert removed["body_html"] == "<p>This post was removed.</p>"


def test_others_may_not_edit_a_post(signed_in, asker, replier, category):
    topic = start_topic(author=asker, category=category, title="Prepaid card problems", body="v1")
    response = signed_in(replier).patch(
        f"{API}/posts/{topic.posts.get().pk}/", {"body": "mine now"}, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"


def test_this_helped_once_per_person_and_not_on_your_own_post(signed_in, asker, replier, category):
    topic = start_topic(author=asker, category=category, title="Prepaid card problems", body="?")
    reply = post_reply(author=replier, topic=topic, body="Call the card company")
    api = signed_in(asker)

    assert api.post(f"{API}/posts/{reply.pk}/helped/").json()["helped_count"] == 1
    assert api.post(f"{API}/posts/{reply.pk}/helped/").json()["helped_count"] == 1
    assert Reaction.objects.count() == 1
    own = signed_in(replier).post(f"{API}/posts/{reply.pk}/helped/")
    assert own.status_code == 400 and own.json()["code"] == "own_post"
    api = signed_in(asker)
    assert api.delete(f"{API}/posts/{reply.pk}/helped/").json()["helped_count"] == 0


def test_the_asker_accepts_an_answer_and_it_shows_under_the_question(
    signed_in, asker, replier, category, django_capture_on_commit_callbacks
):
    topic = start_topic(author=asker, category=category, title="Prepaid card problems", body="?")
    reply = post_reply(author=replier, topic=topic, body="Call the card company")

    assert signed_in(replier).post(f"{API}/posts/{reply.pk}/accept/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(asker).post(f"{API}/posts/{reply.pk}/accept/")

    assert response.status_code == 200
    assert response.json()["is_answered"] is True
    assert response.json()["answer"]["id"] == reply.pk
    listed = signed_in(asker).get(f"{API}/topics/", {"listing": "answered"}).json()["results"]
    assert [t["id"] for t in listed] == [topic.pk]
    assert any("chosen as the answer" in m.body for m in mail.outbox)
    assert signed_in(asker).delete(f"{API}/topics/{topic.pk}/answer/").status_code == 204
    assert not Topic.objects.get(pk=topic.pk).is_answered


def test_watch_mute_and_unwatch(signed_in, replier, category):
    topic = TopicFactory(category=category)
    api = signed_in(replier)
    assert api.put(f"{API}/topics/{topic.pk}/watch/", {"level": "muted"}).json() == {
        "level": "muted"
    }
    assert api.get(f"{API}/topics/{topic.pk}/").json()["watch_level"] == "muted"
    assert api.delete(f"{API}/topics/{topic.pk}/watch/").status_code == 204
    assert api.put(f"{API}/categories/employing-a-pa/watch/", {}).json() == {"level": "watching"}
    assert api.put(f"{API}/topics/{topic.pk}/watch/", {"level": "loud"}).status_code == 400


def test_muting_a_category_leaves_its_topics_out_of_your_latest_topics(
    signed_in, replier, category
):
    other = CategoryFactory(name="Local groups", slug="local-groups")
    kept, muted = TopicFactory(category=category), TopicFactory(category=other)
    api = signed_in(replier)
    assert api.put(f"{API}/categories/local-groups/watch/", {"level": "muted"}).status_code == 200

    latest = [t["id"] for t in api.get(f"{API}/topics/").json()["results"]]
    in_category = api.get(f"{API}/topics/", {"category": "local-groups"}).json()["results"]

    assert latest == [kept.pk]
    assert [t["id"] for t in in_category] == [muted.pk]


def test_a_reply_through_the_api_is_read_by_its_author(signed_in, replier, category):
    topic = TopicFactory(category=category)
    add_replies(topic, 3)
    api = signed_in(replier)
    assert api.post(f"{API}/topics/{topic.pk}/posts/", {"body": "Me too"}).status_code == 201
    listed = api.get(f"{API}/topics/").json()["results"][0]
    detail = api.get(f"{API}/topics/{topic.pk}/").json()
    assert listed["unread_count"] == 0
    assert detail["first_unread_post_number"] is None


def test_unread_counts_and_marking_read(signed_in, replier, category):
    topic = TopicFactory(category=category)
    add_replies(topic, 4)
    api = signed_in(replier)
    assert api.post(f"{API}/topics/{topic.pk}/read/", {"up_to": 2}).json() == {
        "last_read_post_number": 2
    }
    listed = api.get(f"{API}/topics/").json()["results"][0]
    detail = api.get(f"{API}/topics/{topic.pk}/").json()
    assert listed["unread_count"] == 3
    assert detail["first_unread_post_number"] == 3


def test_waiting_for_advisor_is_for_advisors_only(signed_in, asker, advisor, replier, category):
    question = start_topic(
        author=asker, category=category, title="Holiday pay for my PA", body="?", wants_advisor=True
    )
    assert signed_in(replier).get(f"{API}/waiting-for-advisor/").status_code == 403
    waiting = signed_in(advisor).get(f"{API}/waiting-for-advisor/").json()["results"]
    assert [t["id"] for t in waiting] == [question.pk]


def test_drafts_are_saved_read_back_and_cleared_by_posting(signed_in, replier, category):
    topic = TopicFactory(category=category)
    api = signed_in(replier)
    assert api.get(f"{API}/topics/{topic.pk}/draft/").status_code == 404
    saved = api.put(f"{API}/topics/{topic.pk}/draft/", {"body": "I think"}, format="json")
    assert saved.json()["body"] == "I think" and saved.json()["kind"] == "reply"
    api.post(f"{API}/topics/{topic.pk}/posts/", {"body": "I think so"}, format="json")
    assert api.get(f"{API}/topics/{topic.pk}/draft/").status_code == 404

    new = api.put(
        f"{API}/drafts/new-topic/",
        {"category": "employing-a-pa", "title": "Half a title", "body": "and half"},
        format="json",
    )
    assert new.json()["category"] == "employing-a-pa"
    assert api.delete(f"{API}/drafts/new-topic/").status_code == 204


def test_similar_topics_for_a_title(client, asker, replier, category):
    from forums.services.answers import accept_answer

    topic = start_topic(author=asker, category=category, title="Holiday pay for my PA", body="?")
    accept_answer(person=asker, post=post_reply(author=replier, topic=topic, body="12.07%"))
    found = client.get(f"{API}/similar/", {"title": "how much holiday pay"}).json()
    assert [t["id"] for t in found] == [topic.pk]


def test_search_needs_words(client, db):
    response = client.get(f"{API}/search/")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_the_notifications_api_lists_forum_notifications(signed_in, asker, category):
    topic = start_topic(author=asker, category=category, title="Holiday pay for my PA", body="?")
    post_reply(author=PersonFactory(), topic=topic, body="12.07%")
    kinds = [n["kind"] for n in signed_in(asker).get("/api/v1/notifications/").json()["results"]]
    assert kinds == ["forums.reply"]
