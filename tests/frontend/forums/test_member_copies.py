"""Everything under a topic page's heading is drawn once for every signed-in member who sees it
the same way, and kept (frontend.shared.topic_copies): members with nothing of their own on the
page share a copy; anything of a member's own (their reply, their draft, a "This helped") gives
them a copy of their own, which nobody else is ever shown."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums.models import TopicReadState
from forums.services.drafts import save_draft
from forums.services.reactions import mark_helped
from tests.factories import PersonFactory
from tests.forums.factories import add_replies
from tests.forums.fixtures import answer
from tests.frontend.conftest import signed_in

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _view(client, topic, page=1):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{topic.get_absolute_url()}?page={page}")
    assert response.status_code == 200
    posts_loaded = any(q["sql"].startswith('SELECT "forums_post"."id"') for q in queries)
    return response.content.decode(), posts_loaded


def _main(page: str) -> str:
    return TOKEN.sub("", page[page.index("<main") : page.index("</main>")])


def test_members_with_nothing_of_their_own_share_one_copy(question, replier):
    answer(replier, question, body="Ask your council for a review.")
    first, drew = _view(signed_in(PersonFactory()), question)
    second, drew_again = _view(signed_in(PersonFactory()), question)
    assert drew and not drew_again
    assert _main(second) == _main(first)


def test_a_members_draft_is_never_in_anyone_elses_copy(question, member):
    save_draft(person=member, topic=question, body="My private half-written reply")
    mine, _ = _view(signed_in(member), question)
    assert "My private half-written reply" in mine
    other, _ = _view(signed_in(PersonFactory()), question)
    assert "My private half-written reply" not in other


def test_a_members_own_reply_and_helped_mark_are_theirs_alone(question, replier, member):
    reply = answer(member, question, body="What I did about it.")
    other_reply = answer(replier, question, body="Ask your council for a review.")
    mark_helped(person=member, post=other_reply)
    edit = reverse("forums_post_edit", args=[reply.pk])
    pressed = 'aria-pressed="true"'
    mine, _ = _view(signed_in(member), question)
    assert edit in mine and pressed in mine
    someone, drew = _view(signed_in(PersonFactory()), question)
    assert drew  # not the member's copy
    assert edit not in someone and pressed not in someone


def test_a_copy_carries_each_readers_own_working_form_token(question, replier):
    reply = answer(replier, question, body="Ask your council for a review.")
    _view(signed_in(PersonFactory()), question)  # the shared copy is drawn for someone else
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(PersonFactory())
    page = reader.get(f"{question.get_absolute_url()}?page=1").content.decode()
    helped = reverse("forums_post_helped", args=[reply.pk])
    token = TOKEN.search(page[page.index(f'action="{helped}"') :]).group(1)
    assert reader.post(helped, {"csrfmiddlewaretoken": token}).status_code == 302
    reply.refresh_from_db()
    assert reply.helped_count == 1


def test_reading_from_a_copy_still_moves_the_read_mark(question, replier, member):
    add_replies(question, 3, author=replier)
    _view(signed_in(PersonFactory()), question)
    _, drew = _view(signed_in(member), question)
    assert not drew
    assert TopicReadState.objects.get(person=member, topic=question).last_read_post_number == 4


def test_the_new_replies_mark_is_for_the_reader_who_has_not_seen_them(question, replier, member):
    reader = signed_in(member)
    _view(reader, question)
    add_replies(question, 2, author=replier)
    _view(signed_in(PersonFactory()), question)
    page, _ = _view(reader, question)
    assert "New since you last looked" in page
    again, _ = _view(signed_in(PersonFactory()), question)
    assert "New since you last looked" not in again


def test_moderators_get_their_page_drawn_with_what_only_they_see(question, replier, moderator):
    waiting = answer(replier, question, body="Waiting for a moderator")
    waiting.visibility = "waiting"
    waiting.save(update_fields=["visibility"])
    member_page, _ = _view(signed_in(PersonFactory()), question)
    assert "Waiting for a moderator" not in member_page
    moderator_page, drew = _view(signed_in(moderator), question)
    assert drew and "Waiting for a moderator" in moderator_page
