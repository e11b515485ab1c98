"""The statements a busy room runs for every batch of messages, written as SQL.

Storing a batch read the writers with one ORM query and inserted with `bulk_create`. Django
builds both statements afresh each time, and building them cost more CPU than the database
spent running them. Here each statement's text is made once per batch size, values are prepared
by the model's own fields and read back through the ORM's own converters (so SQLite and
PostgreSQL give the same Python values), and the database still decides everything the ORM left
to it: the ids, and the unique `client_id` per writer (an IntegrityError, as before).
"""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from community.chat.models import Message, Participant
from community.models import User


def _field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, Field), f"{model.__name__}.{name} is a column"
    return field


def _column(model: type[Model], name: str) -> str:
    column = _field(model, name).column
    assert column is not None
    return connection.ops.quote_name(column)


# Only quoted names and placeholders are ever put into these statements' text; every value is a
# parameter.

_PARTICIPANT_FIELDS = ("id", "room_id", "person_id", "muted")
_BAR_FIELDS = ("banned", "suspended_until", "is_active")


@cache
def _writers_statement(vendor: str, rooms: int, writers: int) -> str:
    del vendor  # part of the cache key: quoting depends on the backend
    quote = connection.ops.quote_name
    in_room, person = _column(Participant, "room"), _column(Participant, "person")
    columns = [f"p.{quote(name)}" for name in _PARTICIPANT_FIELDS]
    columns += [f"u.{_column(User, name)}" for name in _BAR_FIELDS]
    return (
        f"SELECT {', '.join(columns)} FROM {quote(Participant._meta.db_table)} p"  # noqa: S608
        f" INNER JOIN {quote(User._meta.db_table)} u ON u.{_column(User, 'id')} = p.{person}"
        f" WHERE p.{in_room} IN ({', '.join(['%s'] * rooms)})"
        f" AND p.{person} IN ({', '.join(['%s'] * writers)})"
    )


Converter = Callable[[Any, Any, Any], Any]


@cache
def _converters(vendor: str) -> tuple[tuple[tuple[Converter, Any], ...], ...]:
    """What the ORM does to each column's raw value (SQLite's booleans and times, for example):
    (converter, the column it converts) pairs, column by column of `writers_in_rooms`."""
    del vendor  # part of the cache key: the converters depend on the backend
    fields = [_field(Participant, name.removesuffix("_id")) for name in _PARTICIPANT_FIELDS]
    fields += [_field(User, name) for name in _BAR_FIELDS]
    found = []
    for field in fields:
        column = field.get_col(field.model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        found.append(tuple((convert, column) for convert in converters))
    return tuple(found)


def writers_in_rooms(
    *, room_ids: set[int], person_ids: set[int]
) -> list[tuple[Participant, tuple]]:
    """Each writer's row in each of the rooms (only the fields posting needs: the rest load if
    asked for, as with `.only()`) and their bans, suspension and closing as stored now."""
    statement = _writers_statement(connection.vendor, len(room_ids), len(person_ids))
    with connection.cursor() as cursor:
        cursor.execute(statement, [*room_ids, *person_ids])
        rows = cursor.fetchall()
    converters = _converters(connection.vendor)
    count = len(_PARTICIPANT_FIELDS)
    found = []
    for row in rows:
        values = list(row)
        for index, column_converters in enumerate(converters):
            for convert, column in column_converters:
                values[index] = convert(values[index], column, connection)
        participant = Participant.from_db(connection.alias, _PARTICIPANT_FIELDS, values[:count])
        found.append((participant, tuple(values[count:])))
    return found


# Stored as written here; the rest (edited, removed, removed_by) start empty.
_INSERTED = ("room", "author", "body", "body_html", "client_id", "created", "visibility")


def _values(messages: list[Message]) -> list:
    """Each message's values for _INSERTED, prepared as `bulk_create` prepares them (`created`
    is set here, as on insert)."""
    fields = [_field(Message, name) for name in _INSERTED]
    return [
        field.get_db_prep_save(field.pre_save(message, True), connection)
        for message in messages
        for field in fields
    ]


def _rows(count: int) -> str:
    row = "(" + ", ".join(["%s"] * len(_INSERTED)) + ")"
    return ", ".join([row] * count)


def _stored(messages: list[Message], ids: list[int]) -> None:
    if len(ids) != len(messages):
        raise RuntimeError("The database did not return an id for every message stored.")
    for message, pk in zip(messages, ids, strict=True):
        message.pk = pk
        message._state.adding = False
        message._state.db = connection.alias


@cache
def _insert_statement(vendor: str, count: int) -> str:
    del vendor  # part of the cache key: quoting depends on the backend
    columns = ", ".join(_column(Message, name) for name in _INSERTED)
    return (
        f"INSERT INTO {connection.ops.quote_name(Message._meta.db_table)} ({columns})"  # noqa: S608
        f" VALUES {_rows(count)} RETURNING {_column(Message, 'id')}"
    )


def insert_messages(messages: list[Message]) -> None:
    """Insert new messages in one statement and give each its id, as `bulk_create` does; where
    the database cannot return the ids of many rows, through `bulk_create` itself."""
    if not messages:
        return
    if not connection.features.can_return_rows_from_bulk_insert:
        Message.objects.bulk_create(messages)
        return
    with connection.cursor() as cursor:
        cursor.execute(_insert_statement(connection.vendor, len(messages)), _values(messages))
        ids = [row[0] for row in cursor.fetchall()]
    _stored(messages, ids)


def mark_read_by_writers(written: list[tuple[Participant, Message]]) -> None:
    """Whoever writes has read everything before it: one statement for all the writers, and a
    marker only ever moves forward (as in `store_and_mark_read`). Django's expressions for the
    same CASE (a When per writer) cost more CPU to build than the statement costs to run."""
    newest: dict[int, int] = {}
    for participant, message in written:
        newest[participant.pk] = max(newest.get(participant.pk, 0), message.pk)
    key, marker = _column(Participant, "id"), _column(Participant, "last_read_id")
    whens = " ".join(f"WHEN {key} = %s AND {marker} < %s THEN %s" for _ in newest)
    ids = ", ".join("%s" for _ in newest)
    params: list[int] = []
    for pk, message_id in newest.items():
        params += [pk, message_id, message_id]
    statement = (
        f"UPDATE {connection.ops.quote_name(Participant._meta.db_table)}"  # noqa: S608
        f" SET {marker} = CASE {whens} ELSE {marker} END WHERE {key} IN ({ids})"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *newest])


def can_store_in_one_statement() -> bool:
    """PostgreSQL, outside any transaction: `store_and_mark_read` can do the whole write in one
    statement, which is a transaction of its own. (Inside one, a failing statement would break
    the caller's transaction, where a savepoint keeps it whole.)"""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


@cache
def _store_statement(count: int) -> str:
    """PostgreSQL runs a data-changing WITH part once and to the end, whether it is read or not."""
    quote = connection.ops.quote_name
    columns = ", ".join(_column(Message, name) for name in _INSERTED)
    key, room, author, client_id = (
        _column(Message, name) for name in ("id", "room", "author", "client_id")
    )
    in_room, person, marker = (
        _column(Participant, name) for name in ("room", "person", "last_read_id")
    )
    return (
        f"WITH inserted AS (INSERT INTO {quote(Message._meta.db_table)} ({columns})"  # noqa: S608
        f" VALUES {_rows(count)} RETURNING {key}, {room}, {author}, {client_id}),"
        f" newest AS (SELECT {room}, {author}, MAX({key}) AS {key} FROM inserted"
        f" GROUP BY {room}, {author}),"
        f" marked AS (UPDATE {quote(Participant._meta.db_table)} AS p SET {marker} = newest.{key}"
        f" FROM newest WHERE p.{in_room} = newest.{room} AND p.{person} = newest.{author}"
        f" AND p.{marker} < newest.{key})"
        f" SELECT {key}, {author}, {client_id} FROM inserted"
    )


def store_and_mark_read(messages: list[Message]) -> None:
    """Insert new messages and move each writer's read marker forward to the newest of theirs
    (never back), in one statement: one round trip instead of four (BEGIN, the insert, the
    update, COMMIT), each of which cost the server's database thread and PostgreSQL alike. Each
    message gets its id; a `client_id` used before raises IntegrityError, and nothing is stored.
    """
    with connection.cursor() as cursor:
        cursor.execute(_store_statement(len(messages)), _values(messages))
        ids = {(author_id, client_id): pk for pk, author_id, client_id in cursor.fetchall()}
    _stored(messages, [ids[(message.author_id, message.client_id)] for message in messages])
