"""The category index and a category's topic lists: counts, tabs, unread, pages, and what
anonymous visitors may not see."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from forums.services.answers import accept_answer
from forums.services.reading import mark_topic_read
from tests.factories import PersonFactory
from tests.forums.factories import CategoryFactory, TopicFactory, add_replies
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import page_text, signed_in

NOINDEX = '<meta name="robots" content="noindex">'
NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)

# ---- The category index ----


def test_index_lists_categories_with_topic_counts_and_latest_activity(client, question):
    TopicFactory(category=question.category)
    response = client.get(reverse("forums"))
    text = page_text(response)
    assert response.status_code == 200
    assert "Employing a PA" in text
    assert "Finding, hiring and paying a personal assistant." in text
    assert "2 topics" in text
    assert "Latest activity" in text
    assert question.category.get_absolute_url() in response.content.decode()


def test_index_says_when_a_category_is_empty(client, category):
    text = page_text(client.get(reverse("forums")))
    assert "0 topics" in text and "No topics yet" in text


def test_members_only_categories_are_hidden_from_anonymous_visitors(
    client, member_client, category, private_category
):
    anonymous = client.get(reverse("forums")).content.decode()
    assert "Mental health" not in anonymous
    assert private_category.get_absolute_url() not in anonymous
    assert "Some themes are for members only" in page_text(client.get(reverse("forums")))
    member = page_text(member_client.get(reverse("forums")))
    assert "Mental health" in member and "Members only" in member


def test_the_waiting_list_link_is_only_for_advisors(member_client, advisor, category):
    assert reverse("forums_waiting") not in member_client.get(reverse("forums")).content.decode()
    page = signed_in(advisor).get(reverse("forums")).content.decode()
    assert reverse("forums_waiting") in page


@pytest.mark.parametrize("how_many", [2, 20])
def test_index_queries_do_not_grow_with_categories(client, db, django_assert_num_queries, how_many):
    for _ in range(how_many):
        TopicFactory(category=CategoryFactory())
    # The categories with their counts in one query; the waiting-list check needs no query
    # for a visitor who is not signed in.
    with django_assert_num_queries(1):
        assert client.get(reverse("forums")).status_code == 200


@pytest.mark.parametrize("how_many", [2, 20])
def test_index_queries_for_a_member_do_not_grow(
    member_client, db, django_assert_num_queries, how_many
):
    for _ in range(how_many):
        TopicFactory(category=CategoryFactory())
    # Session, person, categories, advisor and planning-partner checks, header count (the
    # header's Moderation link is kept from log-in).
    with django_assert_num_queries(7):
        assert member_client.get(reverse("forums")).status_code == 200


# ---- A category's topics ----


def test_category_page_lists_its_topics_newest_first(client, category):
    older = TopicFactory(category=category, title="How do I pay a PA's holiday?")
    newer = TopicFactory(category=category, title="Do I need employer's insurance?")
    TopicFactory(title="Somewhere else entirely")
    text = page_text(client.get(category.get_absolute_url()))
    assert text.index(newer.title) < text.index(older.title)
    assert "Somewhere else entirely" not in text


def test_unknown_category_is_not_found(client, db):
    assert client.get(reverse("forums_category", args=["nowhere"])).status_code == 404


def test_members_only_category_is_not_found_for_anonymous_visitors(client, private_question):
    response = client.get(private_question.category.get_absolute_url())
    assert response.status_code == 404
    assert "Feeling low" not in response.content.decode()


def test_members_only_category_tells_search_engines_to_stay_away(member_client, private_question):
    response = member_client.get(private_question.category.get_absolute_url())
    assert response.status_code == 200
    assert NOINDEX in response.content.decode()
    assert "Feeling low about my assessment" in page_text(response)


def test_a_public_category_may_be_indexed(client, category):
    assert NOINDEX not in client.get(category.get_absolute_url()).content.decode()


def test_tabs_show_unanswered_answered_and_mine(member_client, member, category, asker, replier):
    mine = ask(member, category, title="My own question about timesheets")
    open_question = ask(asker, category, title="Nobody has answered this one")
    answered = ask(asker, category, title="This one has an answer now")
    reply = answer(replier, answered)
    accept_answer(person=asker, post=reply)
    url = category.get_absolute_url()

    unanswered = page_text(member_client.get(url, {"show": "unanswered"}))
    assert open_question.title in unanswered and mine.title in unanswered
    assert answered.title not in unanswered

    answered_text = page_text(member_client.get(url, {"show": "answered"}))
    assert answered.title in answered_text and open_question.title not in answered_text
    assert "Answered" in answered_text

    mine_text = page_text(member_client.get(url, {"show": "mine"}))
    assert mine.title in mine_text and open_question.title not in mine_text


def test_the_current_tab_is_marked_for_screen_readers(client, category):
    page = client.get(category.get_absolute_url(), {"show": "answered"}).content.decode()
    assert 'href="/forums/c/employing-a-pa/?show=answered" aria-current="page"' in page


def test_an_unknown_tab_shows_the_latest(client, category, question):
    response = client.get(category.get_absolute_url(), {"show": "everything"})
    assert response.status_code == 200
    assert question.title in page_text(response)


def test_visitors_do_not_get_a_mine_tab(client, category):
    assert "?show=mine" not in client.get(category.get_absolute_url()).content.decode()


def test_topic_lists_say_how_many_replies_are_new_and_link_to_the_first(
    member_client, member, question, replier
):
    answer(replier, question)
    mark_topic_read(person=member, topic=question)
    add_replies(question, 3)
    response = member_client.get(question.category.get_absolute_url())
    assert "3 new" in page_text(response)
    assert f"{question.get_absolute_url()}?page=1#post-3" in response.content.decode()


def test_a_topic_never_opened_started_since_they_joined_shows_as_new(
    member_client, question, replier
):
    answer(replier, question)
    text = page_text(member_client.get(question.category.get_absolute_url()))
    assert "Question New Started by Kestrel" in text and "2 new" not in text


def test_a_topic_never_opened_shows_only_what_came_since_the_last_visit(
    member_client, member, category, replier
):
    member.date_joined = NOW - datetime.timedelta(days=30)
    member.save(update_fields=["date_joined"])
    with time_machine.travel(NOW, tick=False):
        topic = TopicFactory(category=category)
        first = page_text(member_client.get(category.get_absolute_url()))
        # Opening the page again, as part of the same visit, keeps its marks.
        assert "New" in page_text(member_client.get(category.get_absolute_url()))
    assert f"{topic.title} Question New" in first
    with time_machine.travel(NOW + datetime.timedelta(minutes=45), tick=False):
        add_replies(topic, 2, author=replier)
    with time_machine.travel(NOW + datetime.timedelta(hours=3), tick=False):
        later = page_text(member_client.get(category.get_absolute_url()))
    assert f"{topic.title} Question 2 new" in later


def test_topic_lists_are_paginated(client, category):
    for number in range(35):
        TopicFactory(category=category, title=f"Question number {number:02d}")
    first = page_text(client.get(category.get_absolute_url()))
    assert "Question number 34" in first and "Question number 04" not in first
    assert "Next page" in first
    second = page_text(client.get(category.get_absolute_url(), {"page": 2}))
    assert "Question number 04" in second and "Question number 34" not in second


def test_an_anonymous_topic_is_listed_as_by_a_member(member_client, asker, category):
    ask(asker, category, title="A private worry about my payment", anonymous=True)
    text = page_text(member_client.get(category.get_absolute_url()))
    assert "Started by A member" in text
    assert "Kestrel" not in text


@pytest.mark.parametrize("how_many", [3, 40])
def test_topic_list_queries_do_not_grow_with_topics(
    client, category, django_assert_num_queries, how_many
):
    for _ in range(how_many):
        TopicFactory(category=category)
    # The category, the count for the pager, the page of topics with authors.
    with django_assert_num_queries(3):
        assert client.get(category.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("how_many", [3, 40])
def test_topic_list_queries_for_a_member_do_not_grow_with_topics(
    member_client, member, category, django_assert_num_queries, how_many
):
    for topic in [TopicFactory(category=category) for _ in range(how_many)]:
        mark_topic_read(person=member, topic=topic)
        add_replies(topic, 2, author=PersonFactory())
    # Session, person, category, their last visit and (the first time) noting this one, pager
    # count, topics with unread counts, watch level, header.
    with django_assert_num_queries(10):
        response = member_client.get(category.get_absolute_url())
    assert response.status_code == 200
    assert page_text(response).count("2 new") == min(how_many, 30)
    # Again within a few minutes: the visit is read, not written.
    with django_assert_num_queries(9):
        assert member_client.get(category.get_absolute_url()).status_code == 200
