"""Another connection holding the embedded database's write lock on one table: for a moment the
site cannot read or write it, as when another process holds SQLite's lock past its busy timeout.
"""

import contextlib
import sqlite3

from django.db import connection


@contextlib.contextmanager
def table_locked_by_another_connection(table: str):
    """The test database is SQLite's shared in-memory one; a second connection to it that has
    written to `table` and not committed makes every other connection's use of it fail at once
    ("database table is locked"). Needs the test's data committed: django_db(transaction=True)."""
    other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute(f'UPDATE "{table}" SET id = id')  # noqa: S608 (a table name from the test)
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()
