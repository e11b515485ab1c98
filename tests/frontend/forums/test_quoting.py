"""Quoting on the reply page: ?quote= fills the box only with a post the forum's rule
(forums.permissions.can_quote) lets this person quote here."""

from django.urls import reverse

from forums.services.posts import delete_post
from tests.forums.fixtures import answer, ask


def reply_page(client, topic, quote):
    return client.get(reverse("forums_reply", args=[topic.pk]), {"quote": quote}).content.decode()


def test_a_post_of_the_same_topic_is_quoted(member_client, question, replier):
    quoted = answer(replier, question, body="Ask for a direct payment review.")
    assert "&gt; Ask for a direct payment review." in reply_page(member_client, question, quoted.pk)


def test_a_post_of_another_topic_is_not_quoted(member_client, question, asker, category):
    other = ask(asker, category, title="Another question about PAs", body="Elsewhere entirely")
    page = reply_page(member_client, question, other.posts.get().pk)
    assert "Elsewhere entirely" not in page and "[wrote]" not in page


def test_a_removed_post_is_not_quoted(member_client, question, replier):
    removed = delete_post(
        deleted_by=replier, post=answer(replier, question, body="Thought better of it")
    )
    page = reply_page(member_client, question, removed.pk)
    assert "Thought better of it" not in page and "[wrote]" not in page


def test_a_post_that_does_not_exist_is_ignored(member_client, question):
    response = member_client.get(reverse("forums_reply", args=[question.pk]), {"quote": "99999"})
    assert response.status_code == 200 and "[wrote]" not in response.content.decode()
