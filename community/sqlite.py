"""The embedded SQLite database, told its real limits.

Django 5.2 assumes SQLite's old limit of 999 parameters a query and splits a bulk insert of 200
notifications into three; SQLite since 3.32 allows 32,766 (this build may allow more), and Django
6.0 reads the real limit. Reading it here keeps a bulk insert one query on the embedded default,
as it is on PostgreSQL."""

import sqlite3

from django.db.backends.signals import connection_created
from django.dispatch import receiver


@receiver(connection_created)
def use_sqlites_real_parameter_limit(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    connection.features.max_query_params = limit
