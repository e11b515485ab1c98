"""The topic page keeps each post drawn in the cache (frontend.shared.post_fragments): whatever
changes about a post shows at once, and everyone sees from the cache exactly what a fresh
drawing shows them."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from community.models import Membership
from community.services.memberships import revoke_role
from forums.models import Post
from forums.reportable import set_post_visibility
from forums.services.answers import accept_answer, clear_answer
from forums.services.posts import delete_post, edit_post
from forums.services.reactions import mark_helped
from frontend.shared import post_fragments
from tests.factories import PersonFactory, staff_of
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import page_text, signed_in

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(client, topic) -> str:
    response = client.get(f"{topic.get_absolute_url()}?page=1")
    assert response.status_code == 200
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


def _text(client, topic) -> str:
    return page_text(client.get(f"{topic.get_absolute_url()}?page=1"))


@pytest.fixture
def reply(question, replier):
    return answer(replier, question, body="Ask your council for a review.")


def test_an_edited_post_shows_its_new_text(client, question, reply, replier):
    assert "Ask your council for a review." in _text(client, question)
    edit_post(editor=replier, post=reply, body="Ask for a review in writing.")
    text = _text(client, question)
    assert "Ask for a review in writing." in text and "edited" in text
    assert "Ask your council for a review." not in text


def test_a_removed_post_shows_as_removed(client, question, reply, replier):
    _text(client, question)
    delete_post(deleted_by=replier, post=reply)
    text = _text(client, question)
    assert "This post was removed." in text and "review" not in text


def test_a_post_a_moderator_hides_goes_from_the_page(client, question, reply, replier, member):
    reader = signed_in(member)
    _text(client, question), _text(reader, question)
    set_post_visibility(reply.pk, "hidden", None)
    assert "review" not in _text(client, question) and "review" not in _text(reader, question)
    author_sees = _text(signed_in(replier), question)
    assert "review" in author_sees and "Hidden by a moderator" in author_sees


def test_a_badge_shows_and_goes_with_the_role(client, question, advisor, member):
    answer(advisor, question, body="Speak to your council's direct payments team.")
    badge = "Trained advisor — Calder Valley Collective, since March 2025"
    reader = signed_in(member)
    assert badge in _text(client, question) and badge in _text(reader, question)
    membership = Membership.objects.get(person=advisor)
    revoke_role(revoked_by=staff_of(membership.organisation), membership=membership)
    assert badge not in _text(client, question) and badge not in _text(reader, question)


def test_a_change_made_outside_the_services_shows_within_a_minute(
    question, reply, member, cache_with_our_clock
):
    # Straight in the database, no service tells the kept copies (forums.freshness): they age
    # out, and the post's own drawing follows at once.
    reader = signed_in(member)
    with time_machine.travel("2026-12-01 12:00 +0000", tick=False) as clock:
        assert "review" in _text(reader, question)
        Post.objects.filter(pk=reply.pk).update(visibility="hidden")
        clock.shift(61)
        assert "review" not in _text(reader, question)


def test_choosing_and_clearing_the_answer_shows_at_once(client, question, reply, asker):
    assert "Chosen as the answer" not in _text(client, question)
    accept_answer(person=asker, post=reply)
    assert "Chosen as the answer" in _text(client, question)
    clear_answer(person=asker, topic=question)
    assert "Chosen as the answer" not in _text(client, question)


def test_the_helped_count_follows_each_new_say_so(client, question, reply, member):
    assert "found this helpful" not in _text(client, question)
    mark_helped(person=member, post=reply)
    assert "1 person found this helpful" in _text(client, question)
    mark_helped(person=PersonFactory(), post=reply)
    assert "2 people found this helpful" in _text(client, question)


def test_a_new_name_shows_on_the_authors_posts(client, question, reply, replier):
    assert "Marigold" in _text(client, question)
    replier.display_name = "Marigold B"
    replier.save()
    assert "Reply 1 from Marigold B" in _text(client, question)


@pytest.fixture
def busy_topic(asker, replier, advisor, moderator, category, member):
    topic = ask(asker, category, title="Money worries", body="Private.", anonymous=True)
    helpful = answer(advisor, topic, body="An advisor's answer")
    own = answer(member, topic, body="A member's reply")
    edit_post(editor=member, post=own, body="A member's reply, edited")
    answer(asker, topic, body="The asker again")
    waiting = answer(replier, topic, body="Waiting")
    Post.objects.filter(pk=waiting.pk).update(visibility="waiting")
    accept_answer(person=asker, post=helpful)
    mark_helped(person=member, post=helpful)
    return topic


def test_everyone_sees_from_the_cache_what_a_fresh_drawing_shows_them(
    busy_topic, asker, replier, advisor, moderator, member
):
    people = [None, member, replier, asker, advisor, moderator]
    for person in people:
        _page(_client(person), busy_topic)  # read: the "new since you last looked" mark goes
    fresh = {}
    for person in people:
        cache.clear()
        fresh[person] = _page(_client(person), busy_topic)
    # Now each in turn, after everyone else's views filled the cache.
    for person in people * 2:
        assert _page(_client(person), busy_topic) == fresh[person]
    assert len(set(fresh.values())) == len(people)


def test_people_who_see_a_post_the_same_way_share_one_drawing(busy_topic, member, monkeypatch):
    drawn = []
    draw = post_fragments.render_to_string
    monkeypatch.setattr(
        post_fragments, "render_to_string", lambda *a, **k: drawn.append(1) or draw(*a, **k)
    )
    _page(Client(), busy_topic)
    first = len(drawn)
    assert first == 4  # the question and three shown replies
    _page(Client(), busy_topic)
    _page(signed_in(PersonFactory()), busy_topic)
    another_member = len(drawn)
    _page(signed_in(PersonFactory()), busy_topic)
    assert len(drawn) == another_member  # the second member drew nothing new


def test_the_forms_under_posts_carry_a_token_that_works(question, reply, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get(f"{question.get_absolute_url()}?page=1").content.decode()
    helped = reverse("forums_post_helped", args=[reply.pk])
    form = page[page.index(f'action="{helped}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert client.post(helped, {"csrfmiddlewaretoken": token}).status_code == 302
    reply.refresh_from_db()
    assert reply.helped_count == 1


def test_a_visitors_page_sets_no_form_token(client, question, reply):
    # No form under a post for visitors: asking for a token would set a cookie for nothing.
    response = client.get(f"{question.get_absolute_url()}?page=1")
    assert "csrftoken" not in response.cookies


def _client(person) -> Client:
    return Client() if person is None else signed_in(person)
