"""Mentions are links (issue 13 point 4): when a post is written, `@Name` and `@[Two Words]` of
people who can read it become links to their profiles in the stored HTML; everything else stays
as written. Chat and profiles, which pass no mentions to the content pipeline, are unchanged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.content import render_markdown
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from community.services.profiles import update_profile
from forums.models import Post
from forums.services.posts import edit_post, post_reply
from forums.services.topics import start_topic
from tests.chat.sockets import write
from tests.factories import PersonFactory
from tests.forums.fixtures import ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def jo(db):
    return PersonFactory(display_name="Jo")


@pytest.fixture
def dev(db):
    return PersonFactory(display_name="Dev the drummer")


def _link(person, text=None) -> str:
    return f'<a class="mention" href="/people/{person.pk}/">@{text or person.display_name}</a>'


def test_a_reply_links_mentions_of_people_who_can_read_it_to_their_profiles(
    question, replier, jo, dev
):
    reply = post_reply(author=replier, topic=question, body="Ask @Jo, or @[Dev the drummer].")
    assert reply.body_html == f"<p>Ask {_link(jo)}, or {_link(dev)}.</p>"
    # A profile is our own page: no rel="nofollow ugc" as on links people write.
    assert "rel=" not in reply.body_html


def test_a_mention_keeps_the_case_it_was_written_in_and_leaves_punctuation_outside(
    question, replier, jo
):
    reply = post_reply(author=replier, topic=question, body="Thanks @jo!")
    assert reply.body_html == f"<p>Thanks {_link(jo, 'jo')}!</p>"


def test_unknown_names_and_closed_accounts_stay_plain_text(question, replier):
    PersonFactory(display_name="Gone Gwen", is_active=False)
    reply = post_reply(author=replier, topic=question, body="@Nobody and @[Gone Gwen] know.")
    assert reply.body_html == "<p>@Nobody and @[Gone Gwen] know.</p>"


def test_in_a_members_only_category_someone_who_cannot_read_it_is_not_linked(
    asker, private_category, jo
):
    barred = PersonFactory(display_name="Barred Bo", banned=True)
    topic = ask(asker, private_category, body="Hello @Jo and @[Barred Bo]")
    opening = Post.objects.get(topic=topic, number=1)
    assert _link(jo) in opening.body_html
    assert "@[Barred Bo]" in opening.body_html and f"/people/{barred.pk}/" not in opening.body_html


def test_mentions_in_code_quotes_and_links_are_not_linked(question, replier, jo):
    body = "Like `@Jo` said:\n\n> @Jo wrote this\n\n    @Jo in code\n\n[@Jo](https://example.org)"
    reply = post_reply(author=replier, topic=question, body=body)
    assert 'class="mention"' not in reply.body_html


def test_quoting_a_post_does_not_link_the_mention_inside_the_quote(question, replier, jo, asker):
    first = post_reply(author=replier, topic=question, body="Ask @Jo")
    quoting = post_reply(author=asker, topic=question, body="Good idea", quote=first)
    assert 'class="mention"' not in quoting.body_html


def test_a_glossary_word_in_a_name_stays_part_of_the_mention(question, replier):
    carer = PersonFactory(display_name="Care Act fan")
    reply = post_reply(author=replier, topic=question, body="@[Care Act fan] knows the Care Act")
    assert _link(carer) in reply.body_html
    # The glossary links the first use outside the mention.
    assert reply.body_html.endswith('knows the <a href="/glossary/#care-act">Care Act</a></p>')


def test_starting_a_topic_and_editing_link_mentions_too(asker, replier, category, jo, dev):
    topic = start_topic(author=asker, category=category, title="PA holiday pay", body="@Jo?")
    opening = Post.objects.get(topic=topic, number=1)
    assert _link(jo) in opening.body_html

    edited = edit_post(editor=asker, post=opening, body="@Jo and @[Dev the drummer]?")
    assert _link(jo) in edited.body_html and _link(dev) in edited.body_html
    assert _link(dev) in Post.objects.get(pk=opening.pk).body_html


def test_a_new_members_waiting_reply_is_linked_and_stays_so_when_approved(question, moderator, jo):
    newcomer = PersonFactory(display_name="New Nell", date_joined=timezone.now())
    reply = post_reply(author=newcomer, topic=question, body="Hi @Jo")
    assert reply.visibility == Visibility.WAITING and _link(jo) in reply.body_html

    reportable_kind("post").set_visibility(reply.pk, Visibility.SHOWN, moderator)
    assert _link(jo) in Post.objects.get(pk=reply.pk).body_html


def test_a_new_members_edit_waiting_for_approval_is_linked(question, jo, moderator):
    newcomer = PersonFactory(display_name="New Nell", date_joined=timezone.now())
    reply = post_reply(author=newcomer, topic=question, body="Hi")
    reportable_kind("post").set_visibility(reply.pk, Visibility.SHOWN, moderator)
    edited = edit_post(editor=newcomer, post=Post.objects.get(pk=reply.pk), body="Hi @Jo")
    assert edited.visibility == Visibility.WAITING and _link(jo) in edited.body_html
    reportable_kind("post").set_visibility(reply.pk, Visibility.SHOWN, moderator)
    assert _link(jo) in Post.objects.get(pk=reply.pk).body_html


def test_mentions_do_not_count_towards_a_new_members_links(question, settings):
    settings.SAFETY_NEW_ACCOUNT_LINKS = 1
    names = [PersonFactory(display_name=f"Helper{n}").display_name for n in range(3)]
    newcomer = PersonFactory(display_name="New Nell", date_joined=timezone.now())
    body = " ".join(f"@{name}" for name in names) + " see https://example.org"
    reply = post_reply(author=newcomer, topic=question, body=body)
    assert reply.body_html.count('class="mention"') == 3


def test_a_reply_mentioning_many_people_takes_no_more_queries_than_one_mentioning_one(
    question, replier, django_capture_on_commit_callbacks
):
    people = [PersonFactory(display_name=f"Helper{n}") for n in range(6)]

    def queries_for(body: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            post_reply(author=replier, topic=question, body=body)
        return len(queries)

    queries_for("warm up: @Helper0")  # the replier's watch and read state now exist
    one = queries_for("@Helper0")
    many = queries_for(" ".join(f"@{person.display_name}" for person in people))
    assert many == one


def test_other_users_of_the_pipeline_link_no_mentions(jo, community_room, person):
    assert render_markdown("@Jo") == "<p>@Jo</p>"
    assert render_markdown("@Jo", link_glossary=True) == "<p>@Jo</p>"
    assert write(person, community_room, "Hi @Jo").body_html == "<p>Hi @Jo</p>"
    update_profile(editor=person, person=person, display_name=person.display_name, bio="Ask @Jo")
    person.profile.refresh_from_db()
    assert person.profile.bio_html == "<p>Ask @Jo</p>"
