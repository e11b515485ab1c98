""" "Signed in and active" has one definition, community.permissions.is_signed_in: a closed
account is treated as signed out everywhere, and no other module spells the rule out again."""

import pathlib
import re

import pytest
from django.contrib.auth.models import AnonymousUser

from community.errors import NotAllowed
from community.permissions import is_signed_in
from forums.selectors import draft_for, watch_level_for
from forums.services.drafts import discard_draft, save_draft
from forums.services.reactions import unmark_helped
from forums.services.reading import mark_topic_read
from forums.services.watching import watch_topic
from tests.factories import PersonFactory
from tests.forums.fixtures import ask

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ["community", "forums", "events", "api", "frontend"]
ALLOWED = {"community/permissions.py"}  # the definition itself


def test_only_an_open_account_counts_as_signed_in(db):
    assert is_signed_in(PersonFactory())
    assert not is_signed_in(PersonFactory(is_active=False))
    assert not is_signed_in(AnonymousUser())
    assert not is_signed_in(None)


def test_a_closed_account_keeps_no_forum_state(asker, category):
    topic = ask(asker, category)
    closed = PersonFactory()
    save_draft(person=closed, topic=topic, body="Half a thought")
    watch_topic(person=closed, topic=topic, level="watching")
    closed.is_active = False
    closed.save(update_fields=["is_active"])

    assert draft_for(person=closed, topic=topic) is None
    assert watch_level_for(person=closed, topic=topic) is None
    assert mark_topic_read(person=closed, topic=topic) is None
    with pytest.raises(NotAllowed):
        save_draft(person=closed, topic=topic, body="More")
    with pytest.raises(NotAllowed):
        unmark_helped(person=closed, post=topic.posts.get())
    discard_draft(person=closed, topic=topic)  # nothing to do for a closed account
    assert closed.forum_drafts.count() == 1


def test_no_module_spells_out_the_rule_again():
    # "Is there an account here" (audit, throttles) is not the rule; authenticated *and* active is.
    spelled_out = re.compile(
        r"is_authenticated\b.{0,80}\bis_active|is_active\b.{0,80}\bis_authenticated", re.S
    )
    found = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if str(path.relative_to(ROOT)) not in ALLOWED and spelled_out.search(path.read_text())
    ]
    assert found == []
