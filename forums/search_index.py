"""The full-text index of the embedded default (SQLite FTS5), and keeping it whole.

Two FTS5 tables, stemmed like PostgreSQL's English search: topic titles (rowid = topic id) and
post bodies (rowid = post id). Triggers keep them in step with every write, whoever makes it.
Each trigger names only its own table and the index, so Django can still rebuild forums_topic or
forums_post on SQLite in a later migration; a rebuild drops that table's triggers, though, so after
every `migrate` `keep_search_index` puts back whatever is missing and refills the index.
PostgreSQL needs none of this (migration 0002).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import post_migrate
from django.dispatch import receiver

TOKENIZER = "porter unicode61 remove_diacritics 2"
TABLES = {
    name: f"CREATE VIRTUAL TABLE {name} USING fts5({column}, tokenize = '{TOKENIZER}')"
    for name, column in (("forums_topic_fts", "title"), ("forums_post_fts", "body"))
}
TRIGGERS = {
    "forums_topic_fts_insert": """
        CREATE TRIGGER forums_topic_fts_insert AFTER INSERT ON forums_topic BEGIN
            INSERT INTO forums_topic_fts (rowid, title) VALUES (NEW.id, NEW.title);
        END""",
    "forums_topic_fts_update": """
        CREATE TRIGGER forums_topic_fts_update AFTER UPDATE OF title ON forums_topic BEGIN
            UPDATE forums_topic_fts SET title = NEW.title WHERE rowid = NEW.id;
        END""",
    "forums_topic_fts_delete": """
        CREATE TRIGGER forums_topic_fts_delete AFTER DELETE ON forums_topic BEGIN
            DELETE FROM forums_topic_fts WHERE rowid = OLD.id;
        END""",
    "forums_post_fts_insert": """
        CREATE TRIGGER forums_post_fts_insert AFTER INSERT ON forums_post BEGIN
            INSERT INTO forums_post_fts (rowid, body) VALUES (NEW.id, NEW.body);
        END""",
    "forums_post_fts_update": """
        CREATE TRIGGER forums_post_fts_update AFTER UPDATE OF body ON forums_post BEGIN
            UPDATE forums_post_fts SET body = NEW.body WHERE rowid = NEW.id;
        END""",
    "forums_post_fts_delete": """
        CREATE TRIGGER forums_post_fts_delete AFTER DELETE ON forums_post BEGIN
            DELETE FROM forums_post_fts WHERE rowid = OLD.id;
        END""",
}
REFILL = [
    "DELETE FROM forums_topic_fts",
    "INSERT INTO forums_topic_fts (rowid, title) SELECT id, title FROM forums_topic",
    "DELETE FROM forums_post_fts",
    "INSERT INTO forums_post_fts (rowid, body) SELECT id, body FROM forums_post",
]


def _schema(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The index's tables and triggers as they are now, by name (whitespace squeezed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')")
        rows = cursor.fetchall()
    ours = {*TABLES, *TRIGGERS}
    return {name: " ".join(sql.split()) for name, sql in rows if name in ours}


def _check_fts5(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        (enabled,) = cursor.fetchone()
    if not enabled:
        raise ImproperlyConfigured(
            "This Python's SQLite was built without FTS5, which forum search needs. Use a Python "
            "whose sqlite3 has FTS5 (the python.org and Debian builds do), or PostgreSQL."
        )


def create_search_index(connection: BaseDatabaseWrapper) -> bool:
    """Make the index what this module says, and refill it if anything had to change.
    Whether anything did. Nothing happens on PostgreSQL."""
    if connection.vendor != "sqlite":
        return False
    _check_fts5(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        present = _schema(connection)
        changed = False
        for name, sql in {**TABLES, **TRIGGERS}.items():
            if present.get(name) != " ".join(sql.split()):  # missing, or made differently
                kind = "TABLE" if name in TABLES else "TRIGGER"
                cursor.execute(f"DROP {kind} IF EXISTS {name}")
                cursor.execute(sql.strip())
                changed = True
        if changed:
            for statement in REFILL:
                cursor.execute(statement)
    return changed


def drop_search_index(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for name in TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


@receiver(post_migrate)
def keep_search_index(sender, app_config, using: str = "default", **kwargs) -> None:
    """After `migrate`: a later migration that rebuilt forums_topic or forums_post dropped its
    triggers with it. Only where migration 0005 made the index (it is not there before it)."""
    if app_config.label != "forums":
        return
    connection = connections[using]
    if connection.vendor == "sqlite" and "forums_post_fts" in _schema(connection):
        create_search_index(connection)
