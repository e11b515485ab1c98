"""A draft with neither a title nor any text is no draft: saving one throws the old one away.
One rule in forums.services.drafts.save_draft, for the pages, autosave and the API alike."""

from forums.models import Draft
from forums.selectors import draft_for
from forums.services.drafts import save_draft
from tests.forums.fixtures import ask


def test_emptying_a_reply_draft_throws_it_away(asker, replier, category):
    topic = ask(asker, category)
    save_draft(person=replier, topic=topic, body="Half a thought")
    assert save_draft(person=replier, topic=topic, body="  \n") is None
    assert draft_for(person=replier, topic=topic) is None


def test_a_new_topic_draft_with_only_its_choices_is_not_kept(replier, category):
    save_draft(person=replier, category=category, title="Holiday pay", body="")
    kept = save_draft(person=replier, category=category, options={"kind": "discussion"})
    assert kept is None
    assert not Draft.objects.exists()


def test_a_title_alone_is_kept(replier, category):
    draft = save_draft(person=replier, category=category, title="Holiday pay")
    assert draft_for(person=replier) == draft
