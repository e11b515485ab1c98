"""The exception the community services raise: a stable code and a plain-English message."""

from django.db import InterfaceError, OperationalError

# A NUL character only comes with pasted or machine-made text, and PostgreSQL cannot store it.
# Every form and API field says this (community.apps), and so does every service that takes text
# from a door with no form (chat over WebSocket).
HIDDEN_CHARACTER = (
    "This text has a hidden character we cannot store. It can come with copied text: type that "
    "part again instead of pasting it."
)


class CommunityError(Exception):
    """A rule said no. `code` is stable for API clients; `message` is shown to people."""

    def __init__(self, code: str, message: str, *, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class NotAllowed(CommunityError):
    def __init__(self, message: str = "You do not have permission to do that."):
        super().__init__("not_allowed", message)


# --- The database briefly out of reach: every door answers "try again", never a crash page.
TRY_AGAIN_SECONDS = 30
TRY_AGAIN_MESSAGE = (
    "The site is very busy just now, so we could not do that. Please wait a minute, then try again."
)
# PostgreSQL's words for "busy or restarting, not broken": too many connections, shutting down or
# starting up, a lock or a statement that waited too long. Class 08 is a lost connection.
_BUSY_SQLSTATES = frozenset({"53300", "57P01", "57P02", "57P03", "55P03", "57014"})
# SQLite's: another process holds the write lock past the busy timeout, or the file is unreachable.
_SQLITE_BUSY = ("database is locked", "database table is locked", "unable to open database file")


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database could not be reached or was too busy to answer: worth
    trying again in a moment. A mistake in a query (no such table, a broken constraint) is not."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    cause = error.__cause__
    if type(cause).__module__.startswith("psycopg"):  # psycopg and its pool (PoolTimeout)
        sqlstate = getattr(cause, "sqlstate", None)
        return sqlstate is None or sqlstate.startswith("08") or sqlstate in _BUSY_SQLSTATES
    return any(words in str(error) for words in _SQLITE_BUSY)
