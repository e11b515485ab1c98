"""Safety on the forum pages (issue 10): waiting and hidden things marked for their author, gone
for everyone else; Report links and the moderators' Moderate button; locked topics; urgent help
after writing words that suggest risk."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from forums.models import Post
from forums.services.posts import post_reply
from tests.factories import PersonFactory
from tests.forums.fixtures import ask
from tests.frontend.conftest import page_text, signed_in

WAITING_NOTE = (
    '<p class="waiting-note">Waiting for a moderator. Other people will see it once it is '
    "approved.</p>"
)


@pytest.fixture
def newcomer(db):
    return PersonFactory(display_name="New Nell", date_joined=timezone.now())


def test_a_new_members_topic_page_is_marked_waiting_for_them_and_missing_for_others(
    newcomer, replier, moderator, category, client
):
    topic = ask(newcomer, category, title="Who pays for my PA's training?")

    own = signed_in(newcomer).get(topic.get_absolute_url())
    assert own.status_code == 200
    assert WAITING_NOTE in own.content.decode()
    assert signed_in(replier).get(topic.get_absolute_url()).status_code == 404
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert "Who pays for my PA" not in page_text(
        signed_in(replier).get(category.get_absolute_url())
    )
    assert WAITING_NOTE in signed_in(moderator).get(topic.get_absolute_url()).content.decode()


def test_posting_as_a_new_member_says_it_waits(newcomer, category):
    response = signed_in(newcomer).post(
        reverse("forums_reply", args=[ask(PersonFactory(), category).pk]),
        {"body": "Thank you, this helps."},
        follow=True,
    )
    assert "A moderator will look at it soon" in page_text(response)
    assert WAITING_NOTE in response.content.decode()


def test_a_hidden_reply_is_marked_for_its_author_and_gone_for_others(
    question, replier, asker, moderator
):
    post = post_reply(author=replier, topic=question, body="Message me for cheap care.")
    reportable_kind("post").set_visibility(post.pk, Visibility.HIDDEN, moderator)

    own = page_text(signed_in(replier).get(question.get_absolute_url() + "?page=1"))
    assert "Hidden by a moderator. Other people cannot see it." in own
    assert "Message me for cheap care." in own
    other = page_text(signed_in(asker).get(question.get_absolute_url() + "?page=1"))
    assert "Message me for cheap care." not in other
    assert "0 replies" in other


def test_posts_have_report_links_and_moderators_a_moderate_button(
    question, replier, asker, moderator, client
):
    post = post_reply(author=replier, topic=question, body="Here is what I did.")
    url = question.get_absolute_url() + "?page=1"

    page = signed_in(asker).get(url).content.decode()
    assert reverse("report_concern", args=["post", post.pk]) in page
    assert reverse("moderation_thing", args=["post", post.pk]) not in page
    # Nobody reports their own words; visitors who are not signed in get no link.
    assert reverse("report_concern", args=["topic", question.pk]) not in page
    assert "report-link" not in client.get(url).content.decode()

    as_moderator = signed_in(moderator).get(url).content.decode()
    assert reverse("moderation_thing", args=["post", post.pk]) in as_moderator
    assert reverse("moderation_thing", args=["topic", question.pk]) in as_moderator


def test_a_locked_topic_replaces_the_reply_form(question, replier, moderator):
    reportable_kind("topic").actions["lock"](question.pk, moderator)
    replier_client = signed_in(replier)

    page = replier_client.get(question.get_absolute_url() + "?page=1")
    assert "This topic is closed to new replies." in page_text(page)
    assert 'name="body"' not in page.content.decode()

    response = replier_client.post(
        reverse("forums_reply", args=[question.pk]), {"body": "Me too"}, follow=True
    )
    assert "This topic was closed to new replies" in page_text(response)
    assert not Post.objects.filter(topic=question, number=2).exists()

    as_moderator = page_text(signed_in(moderator).get(question.get_absolute_url() + "?page=1"))
    assert "As a moderator, you can still reply." in as_moderator


def test_writing_words_that_suggest_risk_shows_urgent_help_once(question, replier):
    replier_client = signed_in(replier)
    response = replier_client.post(
        reverse("forums_reply", args=[question.pk]),
        {"body": "Honestly I want to end it all."},
    )
    assert response.status_code == 302
    assert replier_client.session.get("urgent_help") is True
    shown = page_text(replier_client.get(response["Location"]))
    assert "116 123" in shown
    assert "116 123" not in page_text(replier_client.get(response["Location"]))


@pytest.mark.parametrize("waiting", [2, 30])
def test_topic_page_queries_do_not_grow_with_waiting_posts(
    question, moderator, django_assert_max_num_queries, waiting
):
    for number in range(waiting):
        newcomer = PersonFactory(date_joined=timezone.now())
        post_reply(author=newcomer, topic=question, body=f"Waiting reply {number}")
    moderator_client = signed_in(moderator)
    moderator_client.get(question.get_absolute_url() + "?page=1")  # warms the header's cache
    with django_assert_max_num_queries(12):
        response = moderator_client.get(question.get_absolute_url() + "?page=1")
    assert response.content.decode().count('class="waiting-note"') == min(waiting, 19)


@pytest.mark.parametrize("waiting", [2, 30])
def test_category_page_queries_do_not_grow_with_waiting_topics(
    category, replier, django_assert_max_num_queries, waiting
):
    for number in range(waiting):
        ask(PersonFactory(date_joined=timezone.now()), category, title=f"Waiting topic {number}")
    ask(replier, category, title="A shown topic")
    replier_client = signed_in(replier)
    replier_client.get(category.get_absolute_url())
    with django_assert_max_num_queries(9):
        text = page_text(replier_client.get(category.get_absolute_url()))
    assert "A shown topic" in text and "Waiting topic" not in text


def test_a_topic_locked_while_someone_writes_keeps_their_reply(question, replier, moderator):
    replier_client = signed_in(replier)
    replier_client.get(reverse("forums_reply", args=[question.pk]))  # they start writing
    reportable_kind("topic").actions["lock"](question.pk, moderator)

    response = replier_client.post(
        reverse("forums_reply", args=[question.pk]),
        {"body": "Ring the council's direct payments team first."},
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "Ring the council&#x27;s direct payments team first." in page
    assert "so your reply was not posted" in page_text(response)
    assert 'class="error-summary"' in page
    assert not Post.objects.filter(topic=question, number=2).exists()
