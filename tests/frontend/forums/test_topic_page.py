"""The topic page: the question first, the answer right under it, names and badges, edits,
"This helped", choosing the answer, watching, unread, permalinks, and who may see what."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Notification
from forums.freshness import topic_changed
from forums.models import Post, Reaction, Watch
from forums.services.answers import accept_answer
from forums.services.drafts import save_draft
from forums.services.posts import edit_post
from forums.services.reading import mark_topic_read
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.forums.factories import TopicFactory, add_replies
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import page_text, signed_in

NOINDEX = '<meta name="robots" content="noindex">'


def test_topic_page_shows_the_question_then_the_replies(client, question, replier):
    answer(replier, question, body="Ask your council about **exceptional circumstances**.")
    response = client.get(question.get_absolute_url())
    page = response.content.decode()
    text = page_text(response)
    assert response.status_code == 200
    assert "<h1>Can I pay my daughter as my PA?</h1>" in page
    assert text.index("My council says no.") < text.index("exceptional circumstances")
    assert "<strong>exceptional circumstances</strong>" in page
    assert "Question from Kestrel" in text and "Reply 1 from Marigold" in text


def test_each_posts_own_link_says_what_it_links_to(client, question, replier):
    reply = answer(replier, question, body="Ask your council.")
    page = client.get(question.get_absolute_url()).content.decode()
    for post, name in ((question.posts.get(number=1), "question"), (reply, "reply")):
        link = reverse("forums_post", args=[post.pk])
        assert f'<a href="{link}">Link to this {name}</a>' in page
    assert ">Link<" not in page


def test_a_wrong_slug_redirects_to_the_right_address(client, question):
    response = client.get(reverse("forums_topic", args=[question.pk, "old-title"]))
    assert response.status_code == 301
    assert response["Location"] == question.get_absolute_url()
    short = client.get(reverse("forums_topic_short", args=[question.pk]))
    assert short["Location"] == question.get_absolute_url()


def test_the_chosen_answer_shows_once_in_the_thread_and_the_question_points_to_it(
    client, question, asker, replier
):
    answer(replier, question, body="First, a reply that did not help.")
    chosen = answer(PersonFactory(display_name="Wren"), question, body="The answer that helped.")
    accept_answer(person=asker, post=chosen)
    response = client.get(question.get_absolute_url())
    page = response.content.decode()
    text = page_text(response)
    assert "Answered" in text
    assert page.count("The answer that helped.") == 1
    pointer = text.index("the reply from Wren was chosen as the answer")
    assert text.index("My council says no.") < pointer < text.index("First, a reply")
    assert f'<a href="{reverse("forums_post", args=[chosen.pk])}">Go to the answer</a>' in page
    # Where it sits among the replies, marked, and named so for screen readers.
    assert text.index("First, a reply") < text.index("Chosen as the answer")
    assert text.index("Chosen as the answer") < text.index("The answer that helped.")
    assert "The answer, reply 2 from Wren" in text


def test_advisor_replies_carry_their_badge(client, question, advisor):
    answer(advisor, question)
    text = page_text(client.get(question.get_absolute_url()))
    assert "Trained advisor — Calder Valley Collective, since March 2025" in text


def test_a_topic_without_a_name_never_names_its_author_to_members(
    member_client, client, asker, category, replier
):
    topic = ask(asker, category, title="Worried about my money running out", anonymous=True)
    answer(replier, topic)
    answer(asker, topic, body="Thank you, that helps.")  # the asker replying stays hidden too
    for visitor in (client, member_client, signed_in(replier)):
        page = visitor.get(topic.get_absolute_url(), follow=True).content.decode()
        assert "Kestrel" not in page and "Katherine Secret" not in page
        assert asker.get_absolute_url() not in page
        assert "A member" in page_text(visitor.get(topic.get_absolute_url(), follow=True))
        assert "You, without your name" not in page


def test_the_author_of_a_topic_without_a_name_is_reminded_it_is_theirs(asker, category):
    topic = ask(asker, category, title="Worried about my money running out", anonymous=True)
    text = page_text(signed_in(asker).get(topic.get_absolute_url()))
    assert "A member" in text and "You, without your name" in text


def test_moderators_see_who_wrote_a_topic_without_a_name(asker, category, moderator):
    topic = ask(asker, category, title="Worried about my money running out", anonymous=True)
    text = page_text(signed_in(moderator).get(topic.get_absolute_url()))
    assert "Kestrel" in text and "Posted without their name" in text


def test_members_only_topics_are_not_found_for_anonymous_visitors(client, private_question):
    response = client.get(private_question.get_absolute_url())
    assert response.status_code == 404
    assert "Feeling low" not in response.content.decode()
    post = private_question.posts.get()
    assert client.get(reverse("forums_post", args=[post.pk])).status_code == 404
    assert client.get(reverse("forums_topic_short", args=[private_question.pk])).status_code == 404


def test_members_only_topics_are_kept_out_of_search_engines(member_client, private_question):
    response = member_client.get(private_question.get_absolute_url())
    assert response.status_code == 200
    assert NOINDEX in response.content.decode()


def test_a_public_topic_may_be_indexed(client, question):
    assert NOINDEX not in client.get(question.get_absolute_url()).content.decode()


def test_a_removed_topic_is_not_found(client, question):
    question.deleted = True
    question.save()
    assert client.get(question.get_absolute_url()).status_code == 404


def test_visitors_are_asked_to_log_in_to_reply(client, question):
    response = client.get(question.get_absolute_url())
    page = response.content.decode()
    assert "Log in to reply" in page_text(response)
    assert 'action="/forums/topics/' not in page  # no reply or watch forms


def test_members_get_a_reply_form_with_a_plain_text_hint(member_client, question):
    response = member_client.get(question.get_absolute_url())
    page = response.content.decode()
    assert f'action="{reverse("forums_reply", args=[question.pk])}"' in page
    assert "Plain text is fine." in page_text(response)
    assert "csrfmiddlewaretoken" in page


def test_edited_posts_say_so_and_only_the_author_and_moderators_see_the_history_link(
    client, member_client, question, asker, moderator
):
    opening = question.posts.get(number=1)
    edit_post(editor=asker, post=opening, body="My council says no. What can I do?")
    history = reverse("forums_post_history", args=[opening.pk])
    assert "edited" in page_text(client.get(question.get_absolute_url()))
    assert history not in client.get(question.get_absolute_url()).content.decode()
    assert history not in member_client.get(question.get_absolute_url()).content.decode()
    assert history in signed_in(asker).get(question.get_absolute_url()).content.decode()
    assert history in signed_in(moderator).get(question.get_absolute_url()).content.decode()


def test_this_helped_counts_once_per_person(member_client, member, question, replier):
    reply = answer(replier, question)
    url = reverse("forums_post_helped", args=[reply.pk])
    first = member_client.post(url)
    assert first.status_code == 302
    assert first["Location"] == f"{question.get_absolute_url()}?page=1#post-2"
    member_client.post(url)
    reply.refresh_from_db()
    assert reply.helped_count == 1
    assert Reaction.objects.filter(post=reply).count() == 1
    page = member_client.get(question.get_absolute_url()).content.decode()
    assert re.search(r'aria-pressed="true">This helped · 1', page)


def test_this_helped_can_be_taken_back(member_client, member, question, replier):
    reply = answer(replier, question)
    url = reverse("forums_post_helped", args=[reply.pk])
    member_client.post(url)
    member_client.post(url, {"helped": "no"})
    reply.refresh_from_db()
    assert reply.helped_count == 0


def test_you_cannot_say_your_own_post_helped(question, replier):
    reply = answer(replier, question)
    response = signed_in(replier).post(reverse("forums_post_helped", args=[reply.pk]))
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.helped_count == 0
    page = signed_in(replier).get(question.get_absolute_url()).content.decode()
    assert reverse("forums_post_helped", args=[reply.pk]) not in page


def test_visitors_cannot_say_a_post_helped(client, question, replier):
    reply = answer(replier, question)
    response = client.post(reverse("forums_post_helped", args=[reply.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Reaction.objects.exists()


def test_the_asker_marks_the_answer_and_its_author_is_told(
    question, asker, replier, django_capture_on_commit_callbacks
):
    reply = answer(replier, question)
    asker_client = signed_in(asker)
    # The asker has read their own question, so the topic opens at the new reply.
    opened = asker_client.get(question.get_absolute_url())
    assert opened["Location"] == reply.get_absolute_url()
    assert "Mark as answer" in page_text(asker_client.get(opened["Location"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = asker_client.post(reverse("forums_post_answer", args=[reply.pk]))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer_id == reply.pk and question.is_answered
    assert Notification.objects.filter(recipient=replier, kind="forums.answer_accepted").exists()
    text = page_text(asker_client.get(response["Location"]))
    assert "Marked as the answer" in text
    assert "Unmark as the answer" in text


def test_the_asker_can_unmark_the_answer(question, asker, replier):
    reply = answer(replier, question)
    accept_answer(person=asker, post=reply)
    signed_in(asker).post(reverse("forums_post_answer", args=[reply.pk]), {"answer": "no"})
    question.refresh_from_db()
    assert not question.is_answered


def test_a_moderator_can_mark_the_answer(question, moderator, replier):
    reply = answer(replier, question)
    signed_in(moderator).post(reverse("forums_post_answer", args=[reply.pk]))
    question.refresh_from_db()
    assert question.accepted_answer_id == reply.pk


def test_other_members_cannot_mark_the_answer(member_client, question, replier):
    reply = answer(replier, question)
    assert "Mark as answer" not in page_text(member_client.get(question.get_absolute_url()))
    response = member_client.post(reverse("forums_post_answer", args=[reply.pk]))
    assert response.status_code == 403
    question.refresh_from_db()
    assert not question.is_answered


def test_watch_mute_and_stop(member_client, member, question):
    url = reverse("forums_topic_watch", args=[question.pk])
    response = member_client.post(url, {"level": "watching", "next": question.get_absolute_url()})
    assert response["Location"] == question.get_absolute_url()
    assert Watch.objects.get(person=member, topic=question).level == "watching"
    assert "Stop watching" in page_text(member_client.get(question.get_absolute_url()))
    member_client.post(url, {"level": "muted"})
    assert Watch.objects.get(person=member, topic=question).level == "muted"
    member_client.post(url, {"level": ""})
    assert not Watch.objects.filter(person=member, topic=question).exists()


def test_watching_never_sends_you_to_another_site(member_client, question):
    response = member_client.post(
        reverse("forums_topic_watch", args=[question.pk]),
        {"level": "watching", "next": "https://evil.example/"},
    )
    assert response["Location"] == question.get_absolute_url()


def test_watching_a_category(member_client, member, category):
    member_client.post(
        reverse("forums_category_watch", args=[category.slug]), {"level": "watching"}
    )
    assert Watch.objects.get(person=member, category=category).level == "watching"


def test_the_category_page_says_what_watching_and_muting_do(member_client, category):
    url = reverse("forums_category_watch", args=[category.slug])
    before = page_text(member_client.get(category.get_absolute_url()))
    assert "Watch to hear about every new topic here and every reply in its topics" in before

    response = member_client.post(url, {"level": "watching"}, follow=True)
    text = page_text(response)
    assert "We will tell you about every new topic in it and every reply in its topics" in text
    assert "we tell you about every new topic here and every reply in its topics" in text

    text = page_text(member_client.post(url, {"level": "muted"}, follow=True))
    assert "We will not tell you about its topics, unless you watch one of them yourself" in text
    assert "You have muted Employing a PA: we will not tell you about its topics" in text


def test_muting_a_topic_says_it_wins_over_watching_its_category(member_client, question):
    url = reverse("forums_topic_watch", args=[question.pk])
    text = page_text(member_client.post(url, {"level": "muted"}, follow=True))
    assert "We will not tell you about it, even if you watch Employing a PA" in text


def test_a_notification_link_opens_at_its_post_not_at_the_first_unread(
    member_client, member, question, replier
):
    mark_topic_read(person=member, topic=question, up_to=1)
    answer(replier, question, body="First reply.")
    answer(replier, question, body="@Rosa what did your council say?")
    note = Notification.objects.get(recipient=member, kind="forums.mention")

    response = member_client.get(note.url)

    assert note.url == f"{question.get_absolute_url()}?page=1#post-3"
    assert response.status_code == 200
    assert 'id="post-3"' in response.content.decode()


def test_visitors_cannot_watch_a_members_only_category(member_client, client, private_category):
    response = client.post(
        reverse("forums_category_watch", args=[private_category.slug]), {"level": "watching"}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Watch.objects.exists()


def test_the_topic_opens_at_the_first_unread_post(member_client, member, question):
    add_replies(question, 30)
    mark_topic_read(person=member, topic=question, up_to=24)
    response = member_client.get(question.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}?page=2#post-25"
    page = member_client.get(f"{question.get_absolute_url()}?page=2")
    text = page_text(page)
    assert "New since you last looked" in text
    assert text.index("New since you last looked") < text.index("Reply number 25")
    assert "Reply number 24" in text and "Reply number 21" in text


def test_on_the_first_page_the_page_number_goes_in_so_the_link_never_loops(
    member_client, member, question
):
    add_replies(question, 3)
    mark_topic_read(person=member, topic=question, up_to=2)
    response = member_client.get(question.get_absolute_url(), follow=True)
    assert response.redirect_chain == [(f"{question.get_absolute_url()}?page=1#post-3", 302)]
    assert response.status_code == 200


def test_reading_a_page_marks_it_read(member_client, member, question):
    add_replies(question, 30)
    member_client.get(question.get_absolute_url())  # never opened: starts at the top
    listing = page_text(member_client.get(question.category.get_absolute_url()))
    assert "11 new" in listing  # 20 posts a page: 1–20 read, 21–31 not yet


def test_a_permalink_goes_to_the_right_page_and_post(client, question):
    add_replies(question, 45)
    post = Post.objects.get(topic=question, number=42)
    response = client.get(reverse("forums_post", args=[post.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}?page=3#post-42"
    assert 'id="post-42"' in client.get(f"{question.get_absolute_url()}?page=3").content.decode()


def test_a_permalink_on_the_first_page_goes_to_its_post_even_with_unread_posts(
    member_client, member, question, replier
):
    first = answer(replier, question)
    add_replies(question, 3)
    mark_topic_read(person=member, topic=question, up_to=1)
    response = member_client.get(reverse("forums_post", args=[first.pk]), follow=True)
    assert response.redirect_chain == [(f"{question.get_absolute_url()}?page=1#post-2", 302)]


def test_planning_partners_carry_their_badge(client, question):
    partner = MembershipFactory(
        role="planning_partner",
        organisation=OrganisationFactory(name="Plan Together"),
        trained_on=datetime.date(2024, 6, 1),
    ).person
    answer(partner, question)
    assert "Plan Together, since June 2024" in page_text(client.get(question.get_absolute_url()))


def test_a_permalink_to_an_unknown_post_is_not_found(client, db):
    assert client.get(reverse("forums_post", args=[999])).status_code == 404


def test_later_pages_point_back_to_the_answer(client, question, asker, replier):
    reply = answer(replier, question)
    accept_answer(person=asker, post=reply)
    add_replies(question, 30)
    page = client.get(f"{question.get_absolute_url()}?page=2").content.decode()
    assert "This question has an answer." in page
    assert f'<a href="{reverse("forums_post", args=[reply.pk])}">Go to the answer</a>' in page
    assert reply.body_html not in page  # the answer itself is on page 1, once


@pytest.mark.parametrize("replies", [9, 299])
def test_topic_page_queries_are_the_same_for_10_and_300_posts(
    client, category, replier, asker, django_assert_num_queries, replies
):
    topic = TopicFactory(category=category, author=asker)
    add_replies(topic, replies, author=replier)
    accept_answer(person=asker, post=Post.objects.get(topic=topic, number=replies + 1))
    # The topic with its category and author; the page's posts (and the answer) with their
    # authors and badges; what the council decided (an answered question).
    with django_assert_num_queries(3):
        assert client.get(topic.get_absolute_url()).status_code == 200


def test_a_waiting_reply_draft_costs_one_more_query(member_client, member, question):
    url = f"{question.get_absolute_url()}?page=1"
    member_client.get(url)
    topic_changed(question.pk)  # measured as drawn, not from a kept copy
    with CaptureQueriesContext(connection) as without:
        member_client.get(url)
    save_draft(person=member, topic=question, body="Half a reply")
    topic_changed(question.pk)
    with CaptureQueriesContext(connection) as with_draft:
        assert "Half a reply" in member_client.get(url).content.decode()
    assert len(with_draft) == len(without) + 1


@pytest.mark.parametrize("replies", [9, 299])
def test_topic_page_queries_for_a_member_are_the_same_for_10_and_300_posts(
    member_client, member, category, advisor, django_assert_num_queries, replies
):
    topic = TopicFactory(category=category)
    add_replies(topic, replies, author=advisor)
    mark_topic_read(person=member, topic=topic)
    url = f"{topic.get_absolute_url()}?page=2"
    # Session, person, topic (with the read mark, watch level and whether a reply draft waits:
    # none here, so no query for it), posts (with their authors, badges and "helped by you"),
    # the header's unread counts (chat, notifications). Nothing newly read: no write.
    with django_assert_num_queries(6):
        assert member_client.get(url).status_code == 200
