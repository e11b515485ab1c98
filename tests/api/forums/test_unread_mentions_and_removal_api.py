"""Issue 13 points 4, 5 and 9c through the API: mentions arrive as profile links in `body_html`,
topic lists say what is new to the requester (`is_new`, `unread_count`), and a topic whose opening
post was removed leaves the lists and search but stays at its address when others replied."""

from forums.models import Post
from forums.services.posts import post_reply
from forums.services.reading import mark_topic_read
from forums.services.visits import note_category_visit
from tests.factories import PersonFactory
from tests.forums.factories import TopicFactory, add_replies
from tests.forums.fixtures import answer, ask

API = "/api/v1/forums"


def _listed(api, topic_id) -> dict:
    return next(row for row in api.get(f"{API}/topics/").json()["results"] if row["id"] == topic_id)


def test_a_mention_comes_as_a_profile_link_in_the_posts_html(client, question, replier):
    jo = PersonFactory(display_name="Jo")
    reply = post_reply(author=replier, topic=question, body="Ask @Jo")
    body = client.get(f"{API}/posts/{reply.pk}/").json()["body_html"]
    assert body == f'<p>Ask <a class="mention" href="{jo.get_absolute_url()}">@Jo</a></p>'


def test_a_mention_written_through_the_api_is_linked(signed_in, question, replier):
    jo = PersonFactory(display_name="Jo")
    response = signed_in(replier).post(
        f"{API}/topics/{question.pk}/posts/", {"body": "Thanks @Jo"}, format="json"
    )
    assert response.status_code == 201
    assert f'href="{jo.get_absolute_url()}">@Jo</a>' in response.json()["body_html"]


def test_topic_lists_say_what_is_new_in_topics_never_opened(signed_in, replier, category):
    fresh = TopicFactory(category=category)
    add_replies(fresh, 2)
    api = signed_in(replier)
    assert (_listed(api, fresh.pk)["is_new"], _listed(api, fresh.pk)["unread_count"]) == (True, 3)

    opened = TopicFactory(category=category)
    add_replies(opened, 3)
    mark_topic_read(person=replier, topic=opened, up_to=3)
    row = _listed(api, opened.pk)
    assert (row["is_new"], row["unread_count"]) == (False, 1)


def test_signed_out_lists_show_nothing_new(client, question):
    row = client.get(f"{API}/topics/").json()["results"][0]
    assert (row["is_new"], row["unread_count"]) == (False, 0)


def test_what_is_new_counts_from_the_last_visit_to_the_category(signed_in, replier, category):
    topic = TopicFactory(category=category)
    note_category_visit(person=replier, category=category)
    # The next visit, as if they had been away: what came before it is no longer new.
    visit = replier.forum_category_visits.get()
    visit.new_after = visit.last_seen
    visit.save()
    add_replies(topic, 1)
    row = _listed(signed_in(replier), topic.pk)
    assert (row["is_new"], row["unread_count"]) == (False, 1)


def test_an_unlisted_topic_leaves_lists_and_search_but_its_address_answers(
    signed_in, client, asker, replier, category
):
    topic = ask(asker, category, title="Holiday pay for my PA")
    answer(replier, topic, "Holiday pay is 5.6 weeks a year")
    opening = Post.objects.get(topic=topic, number=1)
    assert signed_in(asker).delete(f"{API}/posts/{opening.pk}/").status_code == 204

    assert client.get(f"{API}/topics/").json()["results"] == []
    assert client.get(f"{API}/topics/?category={category.slug}").json()["results"] == []
    assert client.get(f"{API}/search/", {"q": "holiday pay"}).json() == []
    detail = client.get(f"{API}/topics/{topic.pk}/")
    assert detail.status_code == 200 and detail.json()["unlisted"] is True
    posts = client.get(f"{API}/topics/{topic.pk}/posts/").json()["results"]
    assert [post["number"] for post in posts] == [1, 2]


def test_removing_an_opening_post_nobody_answered_removes_the_topic(
    signed_in, client, asker, category
):
    topic = ask(asker, category)
    opening = Post.objects.get(topic=topic, number=1)
    assert signed_in(asker).delete(f"{API}/posts/{opening.pk}/").status_code == 204
    assert client.get(f"{API}/topics/{topic.pk}/").status_code == 404


def test_a_listed_topic_says_it_is_listed(client, question):
    assert client.get(f"{API}/topics/{question.pk}/").json()["unlisted"] is False
