"""A topic page (and the API's list of its posts) is drawn once for every plain visitor and kept
(frontend.shared.visitor_pages, forums.freshness): the kept copy is exactly what a fresh drawing
shows, costs no query, and any change to the topic gives visitors a fresh page at once."""

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.services.profiles import update_profile
from forums.reportable import lock_topic
from forums.services.posts import edit_post
from forums.services.reactions import mark_helped
from forums.services.topics import start_topic
from tests.forums.fixtures import answer
from tests.frontend.conftest import page_text, signed_in

API = "/api/v1/forums"


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_a_second_visitor_gets_the_same_page_with_no_query(question):
    url = question.get_absolute_url()
    drawn, drawing_queries = _get(Client(), url)
    kept, kept_queries = _get(Client(), url)
    assert drawing_queries > 0 and kept_queries == 0
    assert kept.content == drawn.content
    assert kept["Content-Type"] == drawn["Content-Type"]
    assert "Cookie" in kept["Vary"]


def test_a_reply_an_edit_and_a_helped_mark_show_to_the_next_visitor(question, replier, member):
    url = question.get_absolute_url()
    _get(Client(), url)
    reply = answer(replier, question, body="Ask your council for a review.")
    assert "Ask your council for a review." in page_text(Client().get(url))
    edit_post(editor=replier, post=reply, body="Ask for a review in writing.")
    assert "Ask for a review in writing." in page_text(Client().get(url))
    mark_helped(person=member, post=reply)
    assert "1 person found this helpful" in page_text(Client().get(url))


def test_closing_a_topic_and_a_new_name_show_to_the_next_visitor(question, asker, moderator):
    url = question.get_absolute_url()
    _get(Client(), url)
    lock_topic(question.pk, moderator)
    assert "This topic is closed to new replies." in page_text(Client().get(url))
    update_profile(editor=asker, person=asker, display_name="Jo from Calderdale")
    assert "Jo from Calderdale" in page_text(Client().get(url))


def test_signed_in_people_and_visitors_with_a_session_are_drawn_their_own(question, member):
    url = question.get_absolute_url()
    _get(Client(), url)
    _, member_queries = _get(signed_in(member), url)
    assert member_queries > 0
    with_session = Client()
    with_session.cookies["sessionid"] = "not-a-real-session"
    _, session_queries = _get(with_session, url)
    assert session_queries > 0


def test_each_text_size_and_page_address_has_its_own_copy(question):
    url = question.get_absolute_url()
    _get(Client(), url)
    larger = Client()
    larger.cookies["text_size"] = "larger.standard"
    page, queries = _get(larger, url)
    assert queries > 0 and 'class="text-larger"' in page.content.decode()
    # The log-in link names the address: a page asked for by number is its own copy.
    numbered, queries = _get(Client(), f"{url}?page=1")
    assert queries > 0 and "page%3D1" in numbered.content.decode()
    # An address with anything else in its query is drawn, never kept.
    _get(Client(), f"{url}?from=search")
    _, queries = _get(Client(), f"{url}?from=search")
    assert queries > 0


def test_a_members_only_topic_is_never_kept_for_visitors(private_category, asker, member):
    topic = start_topic(
        author=asker, category=private_category, title="Feeling low after my review",
        body="I have had a hard week since the council's letter came.",
    )  # fmt: skip
    url = topic.get_absolute_url()
    assert Client().get(url).status_code != 200
    assert "hard week" in page_text(signed_in(member).get(url))
    assert Client().get(url).status_code != 200


def test_a_kept_copy_ages_out_within_a_minute(question, cache_with_our_clock):
    url = question.get_absolute_url()
    with time_machine.travel("2026-12-01 12:00 +0000", tick=False) as clock:
        _get(Client(), url)
        _, queries = _get(Client(), url)
        assert queries == 0
        clock.shift(61)
        _, queries = _get(Client(), url)
        assert queries > 0


def test_the_api_keeps_the_posts_list_for_visitors_too(question, replier):
    url = f"{API}/topics/{question.pk}/posts/"
    drawn, drawing_queries = _get(Client(), url)
    kept, kept_queries = _get(Client(), url)
    assert drawing_queries > 0 and kept_queries == 0
    assert kept.json() == drawn.json()
    answer(replier, question, body="Ask your council for a review.")
    fresh, _ = _get(Client(), url)
    assert [post["number"] for post in fresh.json()["results"]] == [1, 2]


def test_the_api_draws_its_own_for_a_signed_in_person(question, member):
    url = f"{API}/topics/{question.pk}/posts/"
    _get(Client(), url)
    _, queries = _get(signed_in(member), url)
    assert queries > 0


def test_nothing_is_kept_when_the_cache_is_emptied(question):
    url = question.get_absolute_url()
    first, _ = _get(Client(), url)
    cache.clear()
    again, queries = _get(Client(), url)
    assert queries > 0 and again.content == first.content
