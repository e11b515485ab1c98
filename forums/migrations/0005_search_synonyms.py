"""Search in people's own words (issue 13).

1. Words that mean the same ("PA", "personal assistant"): two tables, seeded from the list that
   ships with the project (forums/synonyms.txt). Moderators keep them from then on.
2. On SQLite only (the embedded default): FTS5 indexes of topic titles and post bodies, so search
   there ranks (bm25) and stems words as PostgreSQL's full-text search does (migration 0002).
   Triggers keep them in step; forums.search_index defines them (and puts them back if a later
   migration rebuilds forums_topic or forums_post).
"""

from pathlib import Path

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from forums.search_index import create_search_index, drop_search_index

SHIPPED = Path(__file__).resolve().parent.parent / "synonyms.txt"


def create_sqlite_index(apps, schema_editor):
    create_search_index(schema_editor.connection)


def drop_sqlite_index(apps, schema_editor):
    drop_search_index(schema_editor.connection)


def shipped_groups(text: str) -> list[list[str]]:
    """The shipped file's groups. Kept here rather than imported, so this migration reads the
    file the same way however forums.synonyms changes later."""
    groups = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words = [" ".join(word.split()) for word in line.split(",")]
            groups.append([word for word in words if word])
    return groups


def seed_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("forums", "SynonymGroup")
    Synonym = apps.get_model("forums", "Synonym")
    taken = set(Synonym.objects.values_list("key", flat=True))
    for words in shipped_groups(SHIPPED.read_text(encoding="utf-8")):
        fresh = [word for word in words if word.lower() not in taken]
        if len(fresh) < 2:
            continue
        group = SynonymGroup.objects.create()
        Synonym.objects.bulk_create(
            Synonym(group=group, text=word, key=word.lower()) for word in fresh
        )
        taken.update(word.lower() for word in fresh)


class Migration(migrations.Migration):
    dependencies = [("forums", "0004_post_shown_revision")]

    operations = [
        migrations.CreateModel(
            name="SynonymGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
                ("changed", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={"ordering": ["pk"]},
        ),
        migrations.CreateModel(
            name="Synonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(help_text="As moderators wrote it.", max_length=60)),
                ("key", models.CharField(editable=False, max_length=60, unique=True)),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="synonyms",
                        to="forums.synonymgroup",
                    ),
                ),
            ],
            options={"ordering": ["group_id", "pk"]},
        ),
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_sqlite_index, drop_sqlite_index, elidable=False),
    ]
