"""The pages for issue 13 points 4 and 9c: a mention reads as a link to the person's profile, and
removing a topic's opening post says truthfully what will happen, then does it."""

from django.urls import reverse

from forums.models import Post
from tests.factories import PersonFactory
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import page_text, signed_in

OPENING_REMOVED = "The opening post was removed."


def _remove_url(topic) -> str:
    return reverse("forums_post_delete", args=[Post.objects.get(topic=topic, number=1).pk])


def test_a_mention_on_the_topic_page_links_to_the_persons_profile(client, question, replier):
    jo = PersonFactory(display_name="Jo")
    answer(replier, question, body="Ask @Jo, she did this last year.")
    page = client.get(question.get_absolute_url()).content.decode()
    assert f'<a class="mention" href="{jo.get_absolute_url()}">@Jo</a>' in page
    assert client.get(jo.get_absolute_url()).status_code == 200


def test_removing_an_opening_post_nobody_answered_says_the_topic_goes(asker, category):
    topic = ask(asker, category)
    text = page_text(signed_in(asker).get(_remove_url(topic)))
    assert "Nobody else has replied, so the whole topic will be removed" in text
    assert "The topic stays" not in text


def test_removing_an_opening_post_others_answered_says_the_replies_stay(asker, replier, category):
    topic = ask(asker, category)
    answer(replier, topic)
    text = page_text(signed_in(asker).get(_remove_url(topic)))
    assert "The topic will not be listed or found by search any more" in text
    assert "so the replies others wrote are not lost" in text


def test_removing_a_reply_says_only_that_it_shows_as_removed(asker, replier, question):
    reply = answer(replier, question)
    text = page_text(signed_in(replier).get(reverse("forums_post_delete", args=[reply.pk])))
    assert "People will see “This post was removed” in its place. Replies to it stay." in text
    assert "whole topic" not in text and "listed" not in text


def test_the_topic_goes_with_its_only_post_and_the_page_returns_to_the_category(
    client, asker, category
):
    topic = ask(asker, category, title="A question I asked by mistake")
    author = signed_in(asker)
    response = author.post(_remove_url(topic), follow=True)
    assert response.redirect_chain[-1][0] == category.get_absolute_url()
    text = page_text(response)
    assert "The topic is removed. Nobody else had replied to it." in text
    assert "A question I asked by mistake" not in text
    assert client.get(topic.get_absolute_url()).status_code == 404


def test_after_others_replied_the_topic_leaves_the_list_and_its_page_says_why(
    client, asker, replier, category
):
    topic = ask(asker, category, title="Can my PA drive my car?")
    answer(replier, topic, body="Check your insurance covers them.")
    response = signed_in(asker).post(_remove_url(topic))
    assert response.status_code == 302
    assert "Can my PA drive my car?" not in page_text(client.get(category.get_absolute_url()))
    page = page_text(client.get(topic.get_absolute_url()))
    assert OPENING_REMOVED in page
    assert "Check your insurance covers them." in page and "This post was removed." in page


def test_a_moderator_removing_the_opening_post_follows_the_same_rule(
    client, asker, replier, moderator, category
):
    alone = ask(asker, category, title="Nobody answered this")
    answered = ask(asker, category, title="Somebody answered this")
    answer(replier, answered)
    moderating = signed_in(moderator)
    moderating.post(_remove_url(alone))
    moderating.post(_remove_url(answered))
    assert client.get(alone.get_absolute_url()).status_code == 404
    assert OPENING_REMOVED in page_text(client.get(answered.get_absolute_url()))


def test_a_listed_topic_page_says_nothing_about_removal(client, question):
    assert OPENING_REMOVED not in page_text(client.get(question.get_absolute_url()))
