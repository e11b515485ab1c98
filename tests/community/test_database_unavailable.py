"""Which database failures mean "try again in a moment" (the API's 503 try_again_later and the
busy page): an unreachable or overloaded database, not a mistake in a query. Real failures."""

import pytest
from django.db import OperationalError, ProgrammingError, connection
from django.db.utils import ConnectionHandler

from community.errors import database_unavailable


def _connection_to(settings: dict):
    """A connection of its own, outside the ones the site uses."""
    return ConnectionHandler({"default": settings})["default"]


def _failure(connect) -> BaseException:
    with pytest.raises((OperationalError, ProgrammingError)) as raised:
        connect()
    return raised.value


def test_a_postgresql_server_that_refuses_the_connection_is_unavailable(django_db_blocker):
    unreachable = _connection_to(
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "alongside",
            "HOST": "127.0.0.1",
            "PORT": "1",  # nothing listens here: refused at once
        }
    )

    with django_db_blocker.unblock():
        assert database_unavailable(_failure(unreachable.ensure_connection))


def test_an_unopenable_sqlite_file_is_unavailable(tmp_path, django_db_blocker):
    missing = _connection_to(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "no-such-folder" / "db.sqlite3"),
        }
    )

    with django_db_blocker.unblock():
        assert database_unavailable(_failure(missing.ensure_connection))


@pytest.mark.django_db
def test_a_query_naming_a_missing_table_is_a_mistake_not_unavailability():
    def query():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_here")

    error = _failure(query)

    assert not database_unavailable(error)


def test_errors_that_are_not_the_databases_are_not_unavailability():
    assert not database_unavailable(ValueError("database is locked"))
