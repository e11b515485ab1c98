"""Words that mean the same in search: reading what was typed (forums.synonyms.expand), the
moderators' changes (forums.services.synonyms), the shipped list, and the SQLite index's upkeep."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from community.errors import NotAllowed
from community.models import AuditLogEntry
from forums.errors import ForumError
from forums.models import Synonym, SynonymGroup
from forums.search import search
from forums.search_index import TRIGGERS, create_search_index, keep_search_index
from forums.services.synonyms import (
    add_synonym_group,
    change_synonym_group,
    load_shipped_synonyms,
    remove_synonym_group,
)
from forums.synonyms import also_searched_for, expand, synonym_groups
from tests.forums.fixtures import ask
from tests.forums.words import only_these_synonyms

pytestmark = pytest.mark.django_db


def _ways(text, **options):
    return [(item.ways, item.excluded) for item in expand(text, **options)]


# ---- Reading what was typed ----


def test_a_word_brings_every_way_of_writing_it(synonyms):
    assert _ways("PA") == [(("PA", "PAs", "personal assistant"), False)]
    assert _ways("personal assistants") == [
        (("personal assistants", "PA", "PAs", "personal assistant"), False)
    ]


def test_the_longest_phrase_from_the_groups_wins(db):
    only_these_synonyms("direct payment, DP", "prepaid card, direct payment card")
    assert _ways("direct payment card") == [(("prepaid card", "direct payment card"), False)]
    assert _ways("direct payment") == [(("direct payment", "DP"), False)]


def test_apostrophes_and_plurals_find_their_group(synonyms):
    for typed in ("carers assessment", "carer’s assessment", "carers' assessments"):
        assert "carer's assessment" in expand(typed)[0].ways


def test_words_that_say_nothing_are_left_out_but_not_inside_quotes(synonyms):
    assert _ways("can I pay my PA?")[0] == (("pay",), False)
    assert _ways('"pay my PA"') == [(("pay my pa",), False)]


def test_minus_or_and_quotes_follow_websearch(synonyms):
    assert _ways("holiday -PA") == [
        (("holiday",), False),
        (("PA", "PAs", "personal assistant"), True),
    ]
    assert _ways("holiday or respite") == [
        (("holiday", "respite", "respite care", "short break", "carer's break"), False)
    ]
    assert _ways('"personal assistant"') == [(("personal assistant",), False)]
    assert _ways("-PA") == []


def test_a_title_being_written_has_no_operators(synonyms):
    assert _ways("Self-employed PA - or not?", operators=False) == [
        (("self-employed",), False),
        (("PA", "PAs", "personal assistant"), False),
    ]


def test_also_searched_for_names_only_the_words_not_typed(synonyms):
    assert also_searched_for("holiday pay for a PA") == ["PAs", "personal assistant"]
    assert also_searched_for("holiday or respite") == [
        "respite care",
        "short break",
        "carer's break",
    ]
    assert also_searched_for("holiday") == []


def test_the_groups_are_read_once_then_cached(synonyms, django_assert_num_queries):
    with django_assert_num_queries(1):
        expand("PA")
        expand("respite")
    with django_assert_num_queries(0):
        expand("DP")


# ---- Moderators change them ----


def test_moderators_add_change_and_remove_groups_and_search_follows_at_once(
    synonyms, moderator, asker, category
):
    ask(asker, category, title="Help from an OT", body="She came to see the stairs.")
    assert search(viewer=None, query="occupational therapist") == []

    group = add_synonym_group(moderator=moderator, words="OT, occupational therapist")
    assert [hit.topic.title for hit in search(viewer=None, query="occupational therapist")] == [
        "Help from an OT"
    ]

    change_synonym_group(moderator=moderator, group=group, words="OT, OTs, occupational therapy")
    assert search(viewer=None, query="occupational therapist") == []
    assert len(search(viewer=None, query="occupational therapy")) == 1

    remove_synonym_group(moderator=moderator, group=group)
    assert search(viewer=None, query="occupational therapy") == []
    actions = list(AuditLogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == [
        "forums.synonyms.added",
        "forums.synonyms.changed",
        "forums.synonyms.removed",
    ]


def test_the_change_reaches_searches_after_it_commits(
    synonyms, moderator, django_capture_on_commit_callbacks
):
    expand("OT")  # cached without the new group
    with django_capture_on_commit_callbacks(execute=True):
        add_synonym_group(moderator=moderator, words="OT, occupational therapist")
    assert "occupational therapist" in expand("OT")[0].ways


def test_only_moderators_change_them(synonyms, asker):
    with pytest.raises(NotAllowed):
        add_synonym_group(moderator=asker, words="OT, occupational therapist")
    group = SynonymGroup.objects.first()
    with pytest.raises(NotAllowed):
        change_synonym_group(moderator=asker, group=group, words="a, b")
    with pytest.raises(NotAllowed):
        remove_synonym_group(moderator=asker, group=group)
    assert SynonymGroup.objects.count() == 4


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("OT", "synonyms_too_few"),
        ("OT, ot, OT", "synonyms_too_few"),
        ("OT, occupational <b>therapist</b>", "synonym_characters"),
        ("OT, one two three four five", "synonym_too_long"),
        ("OT, " + "x" * 61, "synonym_too_long"),
        ("OT, the", "synonym_too_common"),
        ("OT, x", "synonym_too_common"),
        ("OT, personal assistant", "synonym_in_another_group"),
        (", ".join(f"word{number}" for number in range(21)), "synonyms_too_many"),
    ],
)
def test_a_group_that_cannot_work_is_refused_with_a_reason(synonyms, moderator, words, code):
    with pytest.raises(ForumError) as refused:
        add_synonym_group(moderator=moderator, words=words)
    assert refused.value.code == code and refused.value.field == "words"
    assert refused.value.message


def test_a_group_keeps_its_own_words_when_changed(synonyms, moderator):
    group = Synonym.objects.get(key="pa").group
    changed = change_synonym_group(
        moderator=moderator, group=group, words="PA,PAs,  personal   assistant\nPA worker"
    )
    assert list(changed.synonyms.values_list("text", flat=True)) == [
        "PA",
        "PAs",
        "personal assistant",
        "PA worker",
    ]


def test_a_refused_change_changes_nothing(synonyms, moderator):
    group = Synonym.objects.get(key="pa").group
    with pytest.raises(ForumError):
        change_synonym_group(moderator=moderator, group=group, words="PA, P.A.")
    assert set(group.synonyms.values_list("key", flat=True)) == {"pa", "pas", "personal assistant"}


def test_the_migration_seeds_the_shipped_list(db):
    SynonymGroup.objects.all().delete()
    migration = importlib.import_module("forums.migrations.0005_search_synonyms")
    migration.seed_synonyms(apps, None)
    keys = set(Synonym.objects.values_list("key", flat=True))
    assert {"pa", "personal assistant", "dp", "direct payment", "ilf"} <= keys
    assert {"respite", "short break", "carer's assessment", "carers assessment"} <= keys
    same = Synonym.objects.get(key="pa").group.synonyms.values_list("key", flat=True)
    assert set(same) == {"pa", "pas", "personal assistant"}


# ---- SQLite's index stays whole ----


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite FTS5 index")
def test_lost_triggers_are_put_back_after_migrate_and_the_index_refilled(synonyms, asker, category):
    ask(asker, category, title="Weekly timesheets", body="How do you keep them?")
    with connection.cursor() as cursor:
        # As a later migration that rebuilds forums_post would leave it.
        cursor.execute("DROP TRIGGER forums_post_fts_insert")
        cursor.execute("DELETE FROM forums_post_fts")
    assert search(viewer=None, query="keep them") == []

    keep_search_index(sender=None, app_config=apps.get_app_config("forums"), using="default")
    assert len(search(viewer=None, query="keep them")) == 1
    assert create_search_index(connection) is False  # whole again: nothing to do
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert set(TRIGGERS) <= {name for (name,) in cursor.fetchall()}


def test_the_demo_puts_back_the_shipped_words_when_none_are_left():
    SynonymGroup.objects.all().delete()
    made = load_shipped_synonyms()
    assert made >= 20
    groups = [{word.lower() for word in group} for group in synonym_groups()]
    assert any({"pa", "personal assistant"} <= group for group in groups)
    assert load_shipped_synonyms() == 0
