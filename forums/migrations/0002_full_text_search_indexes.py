"""PostgreSQL full-text search: a trigger keeps `forums_post.search_vector` in step with `body`
(so ranking reads stored vectors), a GIN index on it, and a GIN expression index on topic titles
matching exactly what forums.search queries. SQLite has none of this; forums.search falls back to
simple matching there, and the column stays empty."""

from django.db import migrations

CREATE = [
    """
    CREATE OR REPLACE FUNCTION forums_post_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('english'::regconfig, COALESCE(NEW.body, ''));
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER forums_post_search_vector_update
    BEFORE INSERT OR UPDATE ON forums_post
    FOR EACH ROW EXECUTE FUNCTION forums_post_search_vector()
    """,
    "UPDATE forums_post SET search_vector = to_tsvector('english'::regconfig, COALESCE(body, ''))",
    "CREATE INDEX forums_post_search ON forums_post USING gin (search_vector)",
    """
    CREATE INDEX forums_topic_title_search ON forums_topic
    USING gin (to_tsvector('english'::regconfig, COALESCE(title, '')))
    """,
]
DROP = [
    "DROP INDEX IF EXISTS forums_topic_title_search",
    "DROP INDEX IF EXISTS forums_post_search",
    "DROP TRIGGER IF EXISTS forums_post_search_vector_update ON forums_post",
    "DROP FUNCTION IF EXISTS forums_post_search_vector()",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
